namespace Gateway.Fax.Pages;

/// <summary>The scan-line widths of T.4 §2.2 (215, 255 and 303 mm).</summary>
public enum FaxPageWidth
{
    /// <summary>215 mm: 1728 pels at R8.</summary>
    A4,
    /// <summary>255 mm: 2048 pels at R8.</summary>
    B4,
    /// <summary>303 mm: 2432 pels at R8.</summary>
    A3,
}
