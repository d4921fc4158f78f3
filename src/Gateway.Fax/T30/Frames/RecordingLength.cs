namespace Gateway.Fax.T30.Frames;

/// <summary>Maximum page lengths of T.30 Table 2 bits 19-20.</summary>
public enum RecordingLength
{
    /// <summary>A4 (297 mm).</summary>
    A4 = 0,
    /// <summary>B4 (364 mm).</summary>
    B4 = 1,
    /// <summary>Unlimited.</summary>
    Unlimited = 2,
}
