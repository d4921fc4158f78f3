namespace Gateway.Fax.T38;

/// <summary>How a <see cref="T38Terminal"/> talks IFP.</summary>
public sealed record T38TerminalOptions
{
    /// <summary>T.38 version agreed in SDP (T38FaxVersion, 0-3); v0 codes field types differently.</summary>
    public int Version { get; init; }
    /// <summary>Largest IFP to send (from <see cref="UdptlSender.MaxIfpSize"/>); data is split to fit.</summary>
    public int MaxIfpSize { get; init; } = 300;
    /// <summary>Times each indicator and each end-of-signal packet is sent (spandsp asks for 3).</summary>
    public int IndicatorRepeats { get; init; } = 3;
    /// <summary>Time between the v21-preamble indicator and the first HDLC data (≥ 1 s: some peers choke on 850 ms, SS t38 ch. 7).</summary>
    public TimeSpan V21PreambleTime { get; init; } = TimeSpan.FromSeconds(1);
    /// <summary>Flags after image-modem training before ECM frames (T.30 §5.3.1: 200 ms).</summary>
    public TimeSpan HighSpeedFlagsTime { get; init; } = TimeSpan.FromMilliseconds(200);
    /// <summary>Line time carried by one non-ECM data packet (pacing unit).</summary>
    public TimeSpan ChunkTime { get; init; } = TimeSpan.FromMilliseconds(20);
    /// <summary>
    /// Send the final DCN frame twice in its V.21 burst. Nothing follows DCN, so a loss burst that takes it and
    /// the packets carrying its redundant copies leaves the far end waiting; a receiver ignores the second copy.
    /// </summary>
    public bool RepeatDcn { get; init; } = true;
    /// <summary>Zeros sent after a page's RTC/EOFB before t4-non-ecm-sig-end (≥ 40 ms, or some peers lose the last rows).</summary>
    public TimeSpan ZeroPaddingAfterPage { get; init; } = TimeSpan.FromMilliseconds(40);
}
