namespace Gateway.Api.Contracts;

/// <summary>Retry policy: overrides of the defaults (docs/campaigns.md "Retry policy").</summary>
public sealed class RetryPolicySpec
{
    /// <summary>Most counted attempts per destination over all classes (default 12).</summary>
    public int? MaxAttempts { get; set; }

    /// <summary>While no attempt was ever answered, attempts other than busy stop at this many (default 2).</summary>
    public int? NeverAnsweredMaxAttempts { get; set; }

    /// <summary>Per failure class (camelCase class names) overrides.</summary>
    public Dictionary<string, RetryClassSpec>? Classes { get; set; }
}
