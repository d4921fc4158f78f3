namespace Gateway.Fax.Documents;

/// <summary>The document formats Gateway turns into fax pages, recognised by their first bytes.</summary>
public enum DocumentFormat
{
    /// <summary>Not a format we read.</summary>
    Unknown,
    /// <summary>PDF (<c>%PDF-</c>), rendered by Ghostscript.</summary>
    Pdf,
    /// <summary>PostScript (<c>%!</c>), rendered by Ghostscript.</summary>
    PostScript,
    /// <summary>TIFF (<c>II*\0</c> or <c>MM\0*</c>), read by LibTiff.NET.</summary>
    Tiff,
    /// <summary>PNG, decoded by StbImageSharp.</summary>
    Png,
    /// <summary>JPEG (<c>FF D8 FF</c>), decoded by StbImageSharp.</summary>
    Jpeg,
}
