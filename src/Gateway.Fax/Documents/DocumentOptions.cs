using Gateway.Fax.Pages;

namespace Gateway.Fax.Documents;

/// <summary>How documents become pages, and the limits that keep a hostile file from taking the machine.</summary>
public sealed record DocumentOptions
{
    /// <summary>Resolution the pages are prepared at (the call sends lower if the far end cannot take it).</summary>
    public FaxResolution Resolution { get; init; } = FaxResolution.Fine;

    /// <summary>Paper width.</summary>
    public FaxPageWidth Width { get; init; } = FaxPageWidth.A4;

    /// <summary>Most pages taken from one file; more is an error rather than a surprise bill.</summary>
    public int MaxPages { get; init; } = 100;

    /// <summary>Longest Ghostscript may take for one file.</summary>
    public TimeSpan RenderTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Largest image (pixels) decoded from TIFF/PNG/JPEG.</summary>
    public long MaxImagePixels { get; init; } = 100_000_000;

    /// <summary>
    /// Turn landscape images a quarter turn onto the portrait paper when that shows them larger (photos always
    /// when wider than tall; TIFF pages when wider than tall and wider than the paper), as Ghostscript does for
    /// landscape PDF and PostScript pages. False keeps them as they are, scaled down to the paper width.
    /// </summary>
    public bool TurnLandscape { get; init; } = true;

    /// <summary>The Ghostscript executable.</summary>
    public string GhostscriptPath { get; init; } = "gs";
}
