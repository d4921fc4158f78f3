namespace Gateway.Fax.T30;

/// <summary>
/// T.30 time-outs (T.30 §5.4.3.1 and Annex A). Defaults are the centre values, as spandsp uses:
/// T1 35 s (identify each other), T2 7 s (wait for a command), T4 3.45 s (wait for a response),
/// T5 65 s (ECM receiver not ready).
/// </summary>
public sealed record T30Timers
{
    /// <summary>T1: how long the terminals try to identify each other (35 ± 5 s).</summary>
    public TimeSpan T1 { get; init; } = TimeSpan.FromSeconds(35);
    /// <summary>T2: how long a terminal waits for a command, or for image data after CFR (6 ± 1 s; spandsp 7 s).</summary>
    public TimeSpan T2 { get; init; } = TimeSpan.FromSeconds(7);
    /// <summary>T4: how long a terminal waits for a response to a command before repeating it (3 s ± 15 %).</summary>
    public TimeSpan T4 { get; init; } = TimeSpan.FromMilliseconds(3450);
    /// <summary>T4 once a response's flags are being received: time left to finish the frame (T.30 §5.4.3.1 note).</summary>
    public TimeSpan T4Flagged { get; init; } = TimeSpan.FromSeconds(3);
    /// <summary>T5: how long an ECM transmitter keeps asking a not-ready receiver (60 ± 5 s).</summary>
    public TimeSpan T5 { get; init; } = TimeSpan.FromSeconds(65);
}
