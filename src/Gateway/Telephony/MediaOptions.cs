namespace Gateway.Telephony;

/// <summary>Configuration section <c>Media</c>: the RTP/UDPTL ports and the threads that pace them.</summary>
public sealed class MediaOptions
{
    /// <summary>Section name.</summary>
    public const string Section = "Media";

    /// <summary>Local address media sockets bind to.</summary>
    public string BindAddress { get; set; } = "0.0.0.0";

    /// <summary>Address written in SDP <c>c=</c>; behind NAT the public address. Empty: the SIP local address.</summary>
    public string AdvertisedAddress { get; set; } = "";

    /// <summary>First UDP port for RTP and UDPTL.</summary>
    public int PortRangeStart { get; set; } = 40000;

    /// <summary>Last UDP port (inclusive); two ports per call at most (RTP, then UDPTL after a T.38 switch).</summary>
    public int PortRangeEnd { get; set; } = 40999;

    /// <summary>Threads that pace all calls' 20 ms media ticks; 0 means one per core.</summary>
    public int Threads { get; set; }

    /// <summary>
    /// Milliseconds one media tick may spend receiving before it leaves the rest of a burst for the next tick
    /// (<see cref="Gateway.Media.Transport.MediaLoop.ReceiveBudget"/>, default 5 ms: the sends of every call then run at
    /// most about this late). 0: no budget, every tick drains every socket (the behaviour before session 8).
    /// </summary>
    public double ReceiveBudgetMs { get; set; } = 5;

    /// <summary>The receive budget for the media loop; throws naming the setting when it is negative or not a number.</summary>
    internal TimeSpan ReceiveBudget() =>
        !double.IsFinite(ReceiveBudgetMs) || ReceiveBudgetMs < 0
            ? throw new InvalidOperationException($"Media:ReceiveBudgetMs: {ReceiveBudgetMs} is not a number of milliseconds ≥ 0 (0: no budget)")
            : ReceiveBudgetMs == 0 ? TimeSpan.MaxValue : TimeSpan.FromMilliseconds(ReceiveBudgetMs);
}
