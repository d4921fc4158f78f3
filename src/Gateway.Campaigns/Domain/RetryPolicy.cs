namespace Gateway.Campaigns.Domain;

/// <summary>
/// Retry rules by failure class plus caps over all classes. Defaults follow HylaFAX (busy 3 min, others 5 min,
/// protocol 1 min; MaxDials 12; "no carrier" retried once for a number never reached) as listed in
/// research/campaign-ops.md §3; docs/campaigns.md "Retry policy" has the table.
/// </summary>
public sealed record RetryPolicy
{
    /// <summary>Rules per class; a class without a rule is not retried. Succeeded and Refused are never retried.</summary>
    public required IReadOnlyDictionary<FailureClass, RetryRule> Rules { get; init; }

    /// <summary>Attempts of one destination over all classes (HylaFAX MaxDials = 12).</summary>
    public int MaxTotalAttempts { get; init; } = 12;

    /// <summary>
    /// While no attempt to this number was ever answered (by a fax or a person), attempts other than Busy stop
    /// at this many: do not harass wrong numbers (HylaFAX FaxSend.c++, JobRetryNoCarrier = 1 retry).
    /// </summary>
    public int NeverAnsweredMaxAttempts { get; init; } = 2;

    public static RetryPolicy Default { get; } = new()
    {
        Rules = new Dictionary<FailureClass, RetryRule>
        {
            [FailureClass.Busy] = new(TimeSpan.FromMinutes(3), 8, 1.5, TimeSpan.FromMinutes(30)),
            [FailureClass.NoAnswer] = new(TimeSpan.FromMinutes(5), 3, 2.0, TimeSpan.FromHours(1)),
            [FailureClass.Rejected] = new(TimeSpan.FromMinutes(30), 1),
            [FailureClass.NetworkError] = new(TimeSpan.FromMinutes(2), 5, 2.0, TimeSpan.FromMinutes(30)),
            [FailureClass.NoReply] = new(TimeSpan.FromHours(1), 1),
            [FailureClass.NotAFax] = new(TimeSpan.FromMinutes(30), 1),
            [FailureClass.NegotiationFailed] = new(TimeSpan.FromMinutes(1), 3, 2.0, TimeSpan.FromMinutes(15)),
            [FailureClass.PartialSend] = new(TimeSpan.FromMinutes(1), 5, 2.0, TimeSpan.FromMinutes(15)),
        },
    };

    /// <summary>Throws <see cref="ArgumentException"/> naming the bad rule.</summary>
    public void Validate()
    {
        if (MaxTotalAttempts < 1 || NeverAnsweredMaxAttempts < 1)
        {
            throw new ArgumentException("retry policy: max total attempts and never-answered cap must be >= 1");
        }

        foreach (var (failure, rule) in Rules)
        {
            if (failure is FailureClass.Succeeded or FailureClass.Refused)
            {
                throw new ArgumentException($"retry policy: {failure} is never retried and takes no rule");
            }

            rule.Validate(failure);
        }
    }
}
