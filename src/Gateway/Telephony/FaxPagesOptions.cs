using Gateway.Fax.Documents;
using Gateway.Fax.Pages;

namespace Gateway.Telephony;

/// <summary>Configuration section <c>Documents</c>: how uploaded documents become fax pages and what the header line says.</summary>
public sealed class FaxPagesOptions
{
    /// <summary>Section name.</summary>
    public const string Section = "Documents";

    /// <summary>Resolution pages are prepared at: <c>Fine</c> (default) or <c>Standard</c>; calls send lower if the far end needs it.</summary>
    public FaxResolution Resolution { get; set; } = FaxResolution.Fine;

    /// <summary>Folder for rasterized pages (Group 4 TIFF per document). Relative paths are under the working directory.</summary>
    public string CacheFolder { get; set; } = "data/pages";

    /// <summary>The header line (<see cref="FaxHeaderLine.DefaultFormat"/> lists the placeholders).</summary>
    public string HeaderFormat { get; set; } = FaxHeaderLine.DefaultFormat;

    /// <summary>IANA zone of the header's date and time; empty means the node's local zone.</summary>
    public string HeaderTimeZone { get; set; } = "";

    /// <summary>Most pages per document.</summary>
    public int MaxPages { get; set; } = 100;

    /// <summary>Longest Ghostscript may take for one document, seconds.</summary>
    public int RenderTimeoutSeconds { get; set; } = 60;

    /// <summary>Turn landscape images and scans onto the portrait paper (<see cref="DocumentOptions.TurnLandscape"/>).</summary>
    public bool TurnLandscape { get; set; } = true;

    /// <summary>The rasterizer's options.</summary>
    public DocumentOptions ToDocumentOptions() => new()
    {
        Resolution = Resolution,
        MaxPages = MaxPages,
        RenderTimeout = TimeSpan.FromSeconds(RenderTimeoutSeconds),
        TurnLandscape = TurnLandscape,
    };
}
