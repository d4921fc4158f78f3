namespace Gateway.Fax.Pages;

/// <summary>Physical sizes of <see cref="FaxResolution"/> values.</summary>
public static class FaxResolutionExtensions
{
    /// <summary>Horizontal pels per inch (8 pels/mm ≈ 203.2, written 204 by custom; 16 pels/mm ≈ 406.4).</summary>
    public static double HorizontalDpi(this FaxResolution resolution) => resolution switch
    {
        FaxResolution.R300 => 300,
        FaxResolution.R16 => 16 * 25.4,
        _ => 8 * 25.4,
    };

    /// <summary>Vertical lines per inch (T.4 §2.2: 3.85, 7.7, 15.4 lines/mm; or 300/inch).</summary>
    public static double VerticalDpi(this FaxResolution resolution) => resolution switch
    {
        FaxResolution.Standard => 3.85 * 25.4,
        FaxResolution.Fine => 7.7 * 25.4,
        FaxResolution.R300 => 300,
        _ => 15.4 * 25.4,
    };

    /// <summary>
    /// Pels per scan line for an ISO A4/B4/A3 recording width at this resolution (T.4 §2.2 Table 1:
    /// 1728/2048/2432 at R8, 2592/3072/3648 at 300 dpi, 3456/4096/4864 at R16).
    /// </summary>
    public static int PelsPerLine(this FaxResolution resolution, FaxPageWidth width)
    {
        int r8 = width switch
        {
            FaxPageWidth.A4 => 1728,
            FaxPageWidth.B4 => 2048,
            FaxPageWidth.A3 => 2432,
            _ => throw new ArgumentOutOfRangeException(nameof(width), width, "unknown page width"),
        };
        return resolution switch
        {
            FaxResolution.R300 => r8 * 3 / 2,
            FaxResolution.R16 => r8 * 2,
            _ => r8,
        };
    }
}
