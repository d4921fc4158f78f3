namespace Gateway.Campaigns;

/// <summary>Recognizes accepted document formats by their leading bytes (never by the claimed name or type).</summary>
public static class DocumentKind
{
    public const string Pdf = "application/pdf";
    public const string Tiff = "image/tiff";
    public const string Png = "image/png";
    public const string Jpeg = "image/jpeg";

    public const string PostScript = "application/postscript";

    /// <summary>The media type of <paramref name="bytes"/>, or null when it is none of PDF, PostScript, TIFF, PNG, JPEG.</summary>
    public static string? Detect(ReadOnlySpan<byte> bytes)
    {
        if (bytes.StartsWith("%PDF-"u8))
        {
            return Pdf;
        }

        // PostScript Language Reference, Document Structuring Conventions: a conforming file starts with "%!".
        if (bytes.StartsWith("%!"u8))
        {
            return PostScript;
        }

        // TIFF 6.0 §2: "II" 42 little-endian or "MM" 42 big-endian.
        if (bytes.StartsWith("II*\0"u8) || bytes.StartsWith("MM\0*"u8))
        {
            return Tiff;
        }

        // PNG §5.2 signature.
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]))
        {
            return Png;
        }

        // JPEG: SOI marker followed by another marker.
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF]))
        {
            return Jpeg;
        }

        return null;
    }
}
