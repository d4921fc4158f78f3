namespace Gateway.Fax.Pages;

/// <summary>
/// The scan resolutions a fax page can have (T.30 Table 2 bits 15, 41, 42, 43; T.4 §2.2). The inch-based
/// ones are written as the fax world names them: "204 dpi" is 8 pels/mm, "98/196/391 lpi" are 3.85/7.7/15.4 lines/mm.
/// </summary>
public enum FaxResolution
{
    /// <summary>R8 × 3.85 lines/mm (204 × 98 dpi).</summary>
    Standard,
    /// <summary>R8 × 7.7 lines/mm (204 × 196 dpi).</summary>
    Fine,
    /// <summary>R8 × 15.4 lines/mm (204 × 391 dpi).</summary>
    Superfine,
    /// <summary>300 × 300 pels/inch.</summary>
    R300,
    /// <summary>R16 × 15.4 lines/mm (408 × 391 dpi).</summary>
    R16,
}
