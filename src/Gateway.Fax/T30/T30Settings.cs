using Gateway.Fax.T30.Frames;

namespace Gateway.Fax.T30;

/// <summary>What a <see cref="T30Session"/> offers and how it behaves. Immutable; one per call.</summary>
public sealed record T30Settings
{
    /// <summary>True for the calling terminal (it waits for DIS and sets the X bit), false for the called one (it sends DIS).</summary>
    public bool IsCaller { get; init; } = true;
    /// <summary>Our identity for TSI/CSI/CIG (up to 20 characters: digits, '+', space).</summary>
    public string LocalIdent { get; init; } = "";
    /// <summary>Subaddress to send in SUB (transmitter), if any.</summary>
    public string? Subaddress { get; init; }
    /// <summary>Sender identification / password to send in SID (transmitter), if any.</summary>
    public string? SenderId { get; init; }
    /// <summary>Image modems we use.</summary>
    public ModemSupport Modems { get; init; } = ModemSupport.V27ter | ModemSupport.V29 | ModemSupport.V17;
    /// <summary>The fastest modem to try first (the call layer lowers it for T38MaxBitRate or a bad line).</summary>
    public FaxModem MaxModem { get; init; } = FaxModem.V17_14400;
    /// <summary>Offer and use ECM.</summary>
    public bool Ecm { get; init; } = true;
    /// <summary>ECM frame size we send: 256 or 64 octets (T.4 §A.3.6.2).</summary>
    public int EcmFrameSize { get; init; } = 256;
    /// <summary>Codings we accept; the transmitter picks the best one both ends have (MMR only with ECM).</summary>
    public IReadOnlySet<T30Compression> Compressions { get; init; } = new HashSet<T30Compression> { T30Compression.MH, T30Compression.MR, T30Compression.MMR };
    /// <summary>As receiver: the resolutions we take (all by default; the page sink decodes any width).</summary>
    public IReadOnlySet<T30Resolution> Resolutions { get; init; } = new HashSet<T30Resolution> { T30Resolution.Standard, T30Resolution.Fine, T30Resolution.Superfine, T30Resolution.R300, T30Resolution.R16 };
    /// <summary>As receiver: the widest page we take.</summary>
    public RecordingWidth MaxWidth { get; init; } = RecordingWidth.A3;
    /// <summary>As receiver: minimum scan line time we need (0 ms: we buffer whole pages).</summary>
    public MinScanLineTime MinScanLineTime { get; init; } = MinScanLineTime.Ms0;
    /// <summary>As transmitter: the first page to send (0-based), to resume a partly sent document.</summary>
    public int StartPage { get; init; }
    /// <summary>Length of the training check (T.30 §5.3.2.1: 1.5 s ± 10 %).</summary>
    public TimeSpan TcfDuration { get; init; } = TimeSpan.FromMilliseconds(1500);
    /// <summary>TCF passes when the longest zero run lasts at least this long at the trained rate.</summary>
    public TimeSpan TcfMinimumZeroRun { get; init; } = TimeSpan.FromSeconds(1);
    /// <summary>Gap between the end of one transmission and the next modulation (T.30 §5.3.2.4: 75 ± 20 ms).</summary>
    public TimeSpan ModulationGap { get; init; } = TimeSpan.FromMilliseconds(75);
    /// <summary>How many times a command is sent before giving up (T.30 §5.4.3.1: 3).</summary>
    public int CommandTries { get; init; } = 3;
    /// <summary>How many times one page may be re-sent after RTN/PIN.</summary>
    public int PageTries { get; init; } = 3;
    /// <summary>
    /// ECM transmitter: the longest one burst of image frames may last on the line (training, flags, frames, RCP),
    /// so that a receiver which loses it still hears our PPS before its T2 runs out and answers PPR instead of
    /// returning to phase B. The page is cut into partial pages (blocks) that fit (T.30 Annex A: a block is up to
    /// 256 frames, its frame count sent in PPS); at least one frame per burst. Null: derived from
    /// <see cref="T30Timers.T2"/> (T2 − 2 s: 5 s with the default 7 s, room for the gap, the V.21 preamble and PPS
    /// before the receiver's T2 ends); <see cref="Timeout.InfiniteTimeSpan"/>: blocks of 256 frames whatever
    /// their duration. See docs/fax-t30-t38.md §4.
    /// </summary>
    public TimeSpan? EcmMaxBurst { get; init; }
    /// <summary>Timer values.</summary>
    public T30Timers Timers { get; init; } = new();
}
