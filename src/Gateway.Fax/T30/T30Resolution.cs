namespace Gateway.Fax.T30;

/// <summary>Vertical resolutions at 8 pels/mm (R8) that T.30 negotiates: DIS/DCS bits 15 and 41.</summary>
public enum T30Resolution
{
    /// <summary>3.85 lines/mm (204 × 98 dpi).</summary>
    Standard,
    /// <summary>7.7 lines/mm (204 × 196 dpi), bit 15.</summary>
    Fine,
    /// <summary>15.4 lines/mm (204 × 391 dpi), bit 41.</summary>
    Superfine,
}
