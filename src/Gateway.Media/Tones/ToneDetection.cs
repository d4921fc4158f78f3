namespace Gateway.Media.Tones;

/// <summary>A recognised tone: what, when (stream milliseconds at the frame that completed it) and details.</summary>
/// <param name="Kind">What was recognised.</param>
/// <param name="AtMs">Timestamp of the frame that completed the recognition.</param>
/// <param name="LevelDbm0">Mean level of the tone while it was on.</param>
/// <param name="PhaseReversals">For 2100 Hz answer tones: phase reversals seen so far (ANS/, ANSam/ reverse every 450 ms).</param>
/// <param name="Digit">For DTMF: the digit character.</param>
public readonly record struct ToneDetection(ToneKind Kind, long AtMs, double LevelDbm0, int PhaseReversals = 0, char Digit = '\0')
{
    /// <summary>True for anything but <see cref="ToneKind.None"/>.</summary>
    public bool IsDetected => Kind != ToneKind.None;

    /// <summary>True for the tones that mean a fax machine answered (CED, ANSam, V.21 flags).</summary>
    public bool IsFax => Kind is ToneKind.Ced or ToneKind.Ansam or ToneKind.V21Flags;

    /// <summary>
    /// The kind in capitals ("CED", "ANSAM", "V21FLAGS", "BUSY", ...), the reason a decision gives. Constant strings:
    /// <c>Kind.ToString()</c> boxes the enum and the upper-casing copies the name, on the media thread at every tone
    /// decision.
    /// </summary>
    public string KindName => Kind switch
    {
        ToneKind.None => "NONE",
        ToneKind.Ced => "CED",
        ToneKind.Ansam => "ANSAM",
        ToneKind.V21Flags => "V21FLAGS",
        ToneKind.Cng => "CNG",
        ToneKind.Busy => "BUSY",
        ToneKind.Congestion => "CONGESTION",
        ToneKind.Ringback => "RINGBACK",
        ToneKind.Sit => "SIT",
        ToneKind.Dtmf => "DTMF",
        _ => "UNKNOWN",
    };

    /// <summary>Nothing detected.</summary>
    public static ToneDetection None => default;
}
