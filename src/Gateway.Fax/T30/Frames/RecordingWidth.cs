namespace Gateway.Fax.T30.Frames;

/// <summary>Scan line widths of T.30 Table 2 bits 17-18 (T.4 §2.2: 1728, 2048 and 2432 pels at 8 pels/mm).</summary>
public enum RecordingWidth
{
    /// <summary>215 mm, 1728 pels.</summary>
    A4 = 0,
    /// <summary>255 mm, 2048 pels.</summary>
    B4 = 1,
    /// <summary>303 mm, 2432 pels.</summary>
    A3 = 2,
}
