namespace Gateway.Telephony;

/// <summary>
/// The per-trunk circuit breaker (Polly): it opens when too many calls end in network errors (5xx,
/// timeouts, no response), and while open the dispatcher gets "trunk down" without a call being made.
/// After <see cref="BreakSeconds"/> an OPTIONS request probes the trunk; a final response closes it again.
/// </summary>
public sealed class TrunkBreakerOptions
{
    /// <summary>Share of failed calls within the sampling window that opens the breaker.</summary>
    public double FailureRatio { get; set; } = 0.5;

    /// <summary>Fewest calls in the window before the ratio counts (so one failure never opens it).</summary>
    public int MinimumThroughput { get; set; } = 4;

    /// <summary>Length of the sampling window.</summary>
    public int SamplingSeconds { get; set; } = 120;

    /// <summary>How long the breaker stays open before the OPTIONS probe.</summary>
    public int BreakSeconds { get; set; } = 30;
}
