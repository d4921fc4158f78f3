namespace Gateway.Fax.T30;

/// <summary>
/// Page resolutions T.30 negotiates (DIS/DCS, T.30 Table 2). The R8 family is metric (8 pels/mm across):
/// standard, fine (bit 15), superfine (bit 41). <see cref="R300"/> is inch-based (bit 42, DCS bit 44 set);
/// <see cref="R16"/> is metric R16 × 15.4 lines/mm (bit 43, DCS bit 44 clear).
/// </summary>
public enum T30Resolution
{
    /// <summary>R8 × 3.85 lines/mm (204 × 98 dpi).</summary>
    Standard,
    /// <summary>R8 × 7.7 lines/mm (204 × 196 dpi), bit 15.</summary>
    Fine,
    /// <summary>R8 × 15.4 lines/mm (204 × 391 dpi), bit 41.</summary>
    Superfine,
    /// <summary>300 × 300 pels/25.4 mm, bit 42 (inch-based: DCS bit 44).</summary>
    R300,
    /// <summary>R16 × 15.4 lines/mm (408 × 391 dpi), bit 43 (metric: DCS bit 44 clear).</summary>
    R16,
}
