namespace Gateway.Sip.Transactions;

/// <summary>RFC 3261 §17 Table 4 base values; every other timer derives from these.</summary>
public sealed record SipTimers
{
    public TimeSpan T1 { get; init; } = TimeSpan.FromMilliseconds(500);
    public TimeSpan T2 { get; init; } = TimeSpan.FromSeconds(4);
    public TimeSpan T4 { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Timers B, F, H, J, L and M: 64·T1.</summary>
    public TimeSpan TransactionTimeout => 64 * T1;

    /// <summary>Timer D (§17.1.1.2): at least 32 s for unreliable transports.</summary>
    public TimeSpan TimerD => TimeSpan.FromSeconds(32) > TransactionTimeout ? TimeSpan.FromSeconds(32) : TransactionTimeout;

    public static SipTimers Default { get; } = new();
}
