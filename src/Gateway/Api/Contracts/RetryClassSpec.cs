namespace Gateway.Api.Contracts;

/// <summary>Retry rule of one failure class; what is not given keeps the class default.</summary>
public sealed class RetryClassSpec
{
    /// <summary>Delay before the first retry after this class, seconds.</summary>
    public double? DelaySeconds { get; set; }

    /// <summary><c>fixed</c> or <c>exponential</c> (delay × factor^(n-1), factor 2 unless given).</summary>
    public string? Backoff { get; set; }

    /// <summary>Growth factor of an exponential backoff (≥ 1).</summary>
    public double? BackoffFactor { get; set; }

    /// <summary>Longest delay, seconds.</summary>
    public double? MaxDelaySeconds { get; set; }

    /// <summary>Retries after attempts ending in this class; 0 = the job fails at the first such attempt.</summary>
    public int? MaxRetries { get; set; }
}
