namespace Gateway.Media.Tones;

/// <summary>What a tone detector recognised.</summary>
public enum ToneKind
{
    /// <summary>Nothing.</summary>
    None,

    /// <summary>2100 Hz answer tone without amplitude modulation (T.30 CED, V.25 ANS); with reversals it is ANS/.</summary>
    Ced,

    /// <summary>2100 Hz answer tone with 15 Hz amplitude modulation (V.8 ANSam; with reversals ANSam/).</summary>
    Ansam,

    /// <summary>V.21 channel 2 HDLC flags (T.30 preamble before DIS).</summary>
    V21Flags,

    /// <summary>1100 Hz calling tone (T.30 CNG).</summary>
    Cng,

    /// <summary>Busy tone (cadence matched).</summary>
    Busy,

    /// <summary>Congestion / reorder tone (cadence matched).</summary>
    Congestion,

    /// <summary>Ringback tone (the far end is still ringing).</summary>
    Ringback,

    /// <summary>Special information tone: three rising segments (ITU-T E.180 §2.3 / North American SIT).</summary>
    Sit,

    /// <summary>A DTMF digit heard in band (ITU-T Q.23/Q.24).</summary>
    Dtmf,
}
