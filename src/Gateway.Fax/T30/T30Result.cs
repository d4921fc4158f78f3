namespace Gateway.Fax.T30;

/// <summary>The outcome of one T.30 call: always produced, whatever happened.</summary>
public sealed record T30Result
{
    /// <summary>How the call ended.</summary>
    public T30CompletionCode Code { get; init; } = T30CompletionCode.InProgress;
    /// <summary>A human-readable explanation of <see cref="Code"/>.</summary>
    public string Text { get; init; } = "";
    /// <summary>True when the call ended with every page confirmed.</summary>
    public bool Succeeded => Code == T30CompletionCode.Ok;
    /// <summary>Pages sent (transmitter) or received (receiver) in this call, repeats counted once.</summary>
    public int PagesTransferred { get; init; }
    /// <summary>Pages confirmed with MCF/RTP/PIP (transmitter) or answered MCF (receiver).</summary>
    public int PagesConfirmed { get; init; }
    /// <summary>The 0-based index of the first page the far end did not confirm (for resume), or null if all were.</summary>
    public int? FirstUnconfirmedPage { get; init; }
    /// <summary>The last image modem used (null when training never succeeded).</summary>
    public FaxModem? Modem { get; init; }
    /// <summary>Its rate in bit/s (0 if none).</summary>
    public int BitRate => Modem is { } m ? m.BitRate() : 0;
    /// <summary>True when ECM was used.</summary>
    public bool Ecm { get; init; }
    /// <summary>ECM frame size in use (64 or 256), 0 without ECM.</summary>
    public int EcmFrameSize { get; init; }
    /// <summary>Resolution of the last page.</summary>
    public T30Resolution? Resolution { get; init; }
    /// <summary>Coding of the last page.</summary>
    public T30Compression? Compression { get; init; }
    /// <summary>The far end's CSI (we sent) or TSI (we received).</summary>
    public string? RemoteIdent { get; init; }
    /// <summary>The far end's NSF provider ("country:provider" in hex) if it sent one.</summary>
    public string? RemoteNsfVendor { get; init; }
    /// <summary>Subaddress received in SUB, if any.</summary>
    public string? ReceivedSubaddress { get; init; }
    /// <summary>Sender identification received in SID, if any.</summary>
    public string? ReceivedSenderId { get; init; }
    /// <summary>Rows reported bad by the page sink over all received pages.</summary>
    public int BadRows { get; init; }
    /// <summary>ECM frames sent again after PPR (transmitter) or requested again (receiver).</summary>
    public int EcmRetransmittedFrames { get; init; }
    /// <summary>Page or ECM burst transmissions cut short because the far end sent DIS or DCN during them (transmitter).</summary>
    public int ImageTransmissionsAborted { get; init; }
    /// <summary>Times the rate was lowered (FTT, RTN or CTC).</summary>
    public int Fallbacks { get; init; }
    /// <summary>Time spent in each phase.</summary>
    public IReadOnlyDictionary<T30Phase, TimeSpan> PhaseTimes { get; init; } = new Dictionary<T30Phase, TimeSpan>();
    /// <summary>Total time from <see cref="T30Session.Start"/> to the end.</summary>
    public TimeSpan Duration { get; init; }
}
