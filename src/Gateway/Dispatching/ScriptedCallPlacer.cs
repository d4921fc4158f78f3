using System.Text.RegularExpressions;
using Gateway.Campaigns.Dispatch;
using Gateway.Campaigns.Domain;

namespace Gateway.Dispatching;

/// <summary>
/// The scripted call placer (<c>Calls:Mode=scripted</c>): a test and demo double, not a fax call. It opens no
/// socket; for each attempt it finds the first rule whose pattern matches the number and plays the rule's outcome
/// for that attempt number: an answered outcome is reported answered at once, the call lasts the rule's duration,
/// and a success confirms the remaining pages through <see cref="IFaxCallProgress"/> (durable, as a real call does on
/// the last MCF) before it is appended, if configured, to the far end's ledger file.
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
    public async Task<CallOutcome> PlaceCallAsync(FaxCallRequest request, IFaxCallProgress progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(progress);
        var match = _rules.FirstOrDefault(r => r.Pattern.IsMatch(request.Number));
        if (match.Rule is null)
        {
            return new CallOutcome { Failure = FailureClass.Rejected, Reason = "no scripted rule matches this number", SipStatus = 404 };
        }

        var outcome = match.Outcomes[Math.Min(request.AttemptNumber - 1, match.Outcomes.Length - 1)];
        var answered = outcome is FailureClass.Succeeded or FailureClass.NoReply or FailureClass.NotAFax or FailureClass.NegotiationFailed or FailureClass.PartialSend;
        DateTimeOffset? answeredAt = null;
        if (answered)
        {
            answeredAt = _time.GetUtcNow();
            await progress.AnsweredAsync(answeredAt.Value, cancellationToken);
        }

        await Task.Delay(TimeSpan.FromMilliseconds(match.Rule.DurationMs), _time, cancellationToken);
        var total = Math.Max(match.Rule.Pages, request.StartPage + 1);
        var remaining = total - request.StartPage;
        var confirmed = outcome switch
        {
            FailureClass.Succeeded => remaining,
            FailureClass.PartialSend => remaining / 2,
            _ => 0,
        };
        if (confirmed > 0)
        {
            await progress.PagesConfirmedAsync(confirmed, total, cancellationToken);
        }

        if (outcome == FailureClass.Succeeded)
        {
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
        return new CallOutcome
        {
            Failure = outcome,
            Reason = $"scripted rule '{match.Rule.Match}'",
            SipStatus = sip,
            Answered = answered,
            AnsweredAt = answeredAt,
            BitRate = answered ? 14400 : 0,
            PagesConfirmed = confirmed,
            PagesTotal = total,
            RemoteIdent = answered ? "SCRIPTED FAR END" : null,
        };
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
