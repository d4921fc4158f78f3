using System.Text.RegularExpressions;
using Gateway.Engine;

namespace Gateway.Dispatching;

/// <summary>
/// The scripted call placer: a test and demo double, not a fax call. It opens no socket; for each attempt
/// it finds the first rule whose pattern matches the number, waits the rule's duration and returns the
/// rule's outcome for that attempt number. On Succeeded it reports the fax confirmed (as a real call does
/// on the last MCF) and, if configured, appends the delivery to a ledger file.
/// </summary>
public sealed class ScriptedCallPlacer : IFaxCallPlacer
{
    private readonly List<(Regex Pattern, ScriptedCallRule Rule, FailureClass[] Outcomes)> _rules = [];
    private readonly string _ledger;
    private readonly TimeProvider _time;
    private readonly Lock _ledgerLock = new();

    /// <summary>Compiles the rules; an invalid pattern or outcome name is a configuration error.</summary>
    public ScriptedCallPlacer(ScriptedCallOptions options, TimeProvider time)
    {
        _time = time;
        _ledger = options.LedgerPath;
        var rules = options.Rules.Count > 0 ? options.Rules : [new ScriptedCallRule()];
        for (var i = 0; i < rules.Count; i++)
        {
            var r = rules[i];
            Regex re;
            try
            {
                re = new Regex(r.Match, RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(100));
            }
            catch (ArgumentException ex)
            {
                throw new InvalidOperationException($"Calls:Scripted:Rules:{i}:Match is not a valid regular expression: {ex.Message}");
            }

            var outcomes = (r.Outcomes.Count == 0 ? ["Succeeded"] : r.Outcomes).Select(o => Enum.TryParse<FailureClass>(o, ignoreCase: true, out var fc) && fc != FailureClass.Refused && !int.TryParse(o, out _)
                ? fc
                : throw new InvalidOperationException($"Calls:Scripted:Rules:{i}:Outcomes: '{o}' is not a call outcome")).ToArray();
            if (r.DurationMs < 0 || r.Pages < 1)
            {
                throw new InvalidOperationException($"Calls:Scripted:Rules:{i}: needs DurationMs >= 0 and Pages >= 1");
            }

            _rules.Add((re, r, outcomes));
        }
    }

    /// <inheritdoc />
    public async Task<FaxCallResult> PlaceAsync(FaxCallRequest request, Func<int, Task> onFaxConfirmed, CancellationToken ct)
    {
        var match = _rules.FirstOrDefault(r => r.Pattern.IsMatch(request.Number));
        if (match.Rule is null)
        {
            return new FaxCallResult(FailureClass.Rejected, 404, 0, "scripted", null, null, null, "no scripted rule matches this number");
        }

        var outcome = match.Outcomes[Math.Min(request.AttemptNumber - 1, match.Outcomes.Length - 1)];
        var answered = outcome is FailureClass.Succeeded or FailureClass.NoReply or FailureClass.NotAFax or FailureClass.NegotiationFailed or FailureClass.PartialSend
            ? _time.GetUtcNow() : (DateTimeOffset?)null;
        await Task.Delay(TimeSpan.FromMilliseconds(match.Rule.DurationMs), _time, ct);
        var pages = outcome switch
        {
            FailureClass.Succeeded => match.Rule.Pages,
            FailureClass.PartialSend => match.Rule.Pages / 2,
            _ => 0,
        };
        if (outcome == FailureClass.Succeeded)
        {
            await onFaxConfirmed(pages);
            AppendLedger(request);
        }

        var sip = outcome switch
        {
            FailureClass.Busy => 486,
            FailureClass.NoAnswer => 480,
            FailureClass.Rejected => 403,
            FailureClass.NetworkError => 503,
            _ => 200,
        };
        return new FaxCallResult(outcome, sip, pages, "scripted", answered is null ? null : 14400, answered is null ? null : "SCRIPTED FAR END", answered,
            $"scripted rule '{match.Rule.Match}'");
    }

    private void AppendLedger(FaxCallRequest request)
    {
        if (string.IsNullOrEmpty(_ledger))
        {
            return;
        }

        lock (_ledgerLock)
        {
            using var f = new FileStream(_ledger, FileMode.Append, FileAccess.Write, FileShare.ReadWrite);
            var line = System.Text.Encoding.ASCII.GetBytes($"{request.JobId} {request.AttemptId}\n");
            f.Write(line);
            f.Flush(flushToDisk: true);
        }
    }
}
