using System.Text.Json;

namespace Gateway.Engine;

/// <summary>
/// Decides whether and when a destination is tried again after an attempt, from the failure class.
/// Defaults follow the reference systems (research/campaign-ops.md §3): busy 3 min up to 5 times;
/// no answer 5 min, at most 2 (a number never answered is not harassed); a voice that never said yes
/// and a line with no fax, 1; network errors exponential from 1 min; at most 8 attempts in total.
/// </summary>
public sealed class RetryPolicy
{
    private static readonly Dictionary<FailureClass, (double Delay, bool Exponential, int Max)> Defaults = new()
    {
        [FailureClass.Busy] = (180, false, 5),
        [FailureClass.NoAnswer] = (300, false, 2),
        [FailureClass.Rejected] = (600, false, 1),
        [FailureClass.NetworkError] = (60, true, 5),
        [FailureClass.NoReply] = (900, false, 1),
        [FailureClass.NotAFax] = (900, false, 1),
        [FailureClass.NegotiationFailed] = (120, false, 3),
        [FailureClass.PartialSend] = (60, false, 3),
    };

    private readonly Dictionary<FailureClass, (double Delay, bool Exponential, int Max)> _classes;
    private readonly int _maxAttempts;

    private RetryPolicy(Dictionary<FailureClass, (double, bool, int)> classes, int maxAttempts)
    {
        _classes = classes;
        _maxAttempts = maxAttempts;
    }

    /// <summary>Builds the policy or returns field errors.</summary>
    public static (RetryPolicy? Policy, Dictionary<string, string[]> Errors) Build(RetryPolicySpec? spec)
    {
        var errors = new Dictionary<string, string[]>();
        var classes = new Dictionary<FailureClass, (double, bool, int)>(Defaults);
        var max = spec?.MaxAttempts ?? 8;
        if (max is < 1 or > 100)
        {
            errors["retryPolicy.maxAttempts"] = ["from 1 to 100"];
        }

        foreach (var (name, c) in spec?.Classes ?? [])
        {
            if (!Enum.TryParse<FailureClass>(name, ignoreCase: true, out var fc) || fc is FailureClass.Succeeded or FailureClass.Refused || int.TryParse(name, out _))
            {
                errors[$"retryPolicy.classes.{name}"] = ["not a retryable failure class (busy, noAnswer, rejected, networkError, noReply, notAFax, negotiationFailed, partialSend)"];
                continue;
            }

            var d = classes[fc];
            if (c.DelaySeconds is { } delay && delay is < 0 or > 7 * 86400)
            {
                errors[$"retryPolicy.classes.{name}.delaySeconds"] = ["from 0 to 604800"];
            }

            if (c.MaxAttempts is { } m && m is < 0 or > 100)
            {
                errors[$"retryPolicy.classes.{name}.maxAttempts"] = ["from 0 to 100"];
            }

            if (c.Backoff is not (null or "fixed" or "exponential"))
            {
                errors[$"retryPolicy.classes.{name}.backoff"] = ["fixed or exponential"];
            }

            classes[fc] = (c.DelaySeconds ?? d.Item1, c.Backoff is null ? d.Item2 : c.Backoff == "exponential", c.MaxAttempts ?? d.Item3);
        }

        return errors.Count > 0 ? (null, errors) : (new RetryPolicy(classes, max), errors);
    }

    /// <summary>
    /// The delay before the next attempt, or null when the destination is finished. <paramref name="attempts"/>
    /// and <paramref name="classCount"/> include the attempt just ended.
    /// </summary>
    public TimeSpan? NextDelay(FailureClass outcome, int attempts, int classCount)
    {
        if (outcome is FailureClass.Succeeded or FailureClass.Refused || !_classes.TryGetValue(outcome, out var c))
        {
            return null;
        }

        if (attempts >= _maxAttempts || classCount > c.Max)
        {
            return null;
        }

        var seconds = c.Exponential ? c.Delay * Math.Pow(2, Math.Min(classCount - 1, 16)) : c.Delay;
        return TimeSpan.FromSeconds(Math.Min(seconds, 7 * 86400));
    }

    /// <summary>Per-class counters as stored in <c>eng_jobs.class_counts</c>.</summary>
    public static Dictionary<string, int> ParseCounts(string json) =>
        JsonSerializer.Deserialize<Dictionary<string, int>>(json) ?? [];
}
