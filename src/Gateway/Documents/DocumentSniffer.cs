namespace Gateway.Documents;

/// <summary>Recognizes a document by magic bytes; the declared Content-Type and file name are not trusted.</summary>
public static class DocumentSniffer
{
    private static ReadOnlySpan<byte> PdfMagic => "%PDF-"u8;

    private static ReadOnlySpan<byte> PngMagic => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>The kind, or null if the bytes are none of the accepted formats.</summary>
    public static DocumentKind? Sniff(ReadOnlySpan<byte> head)
    {
        if (head.StartsWith(PdfMagic))
        {
            return DocumentKind.Pdf;
        }

        if (head.Length >= 4 && ((head[0] == 'I' && head[1] == 'I' && head[2] == 42 && head[3] == 0)
            || (head[0] == 'M' && head[1] == 'M' && head[2] == 0 && head[3] == 42)))
        {
            return DocumentKind.Tiff;
        }

        if (head.StartsWith(PngMagic))
        {
            return DocumentKind.Png;
        }

        if (head.Length >= 3 && head[0] == 0xFF && head[1] == 0xD8 && head[2] == 0xFF)
        {
            return DocumentKind.Jpeg;
        }

        return null;
    }

    /// <summary>The media type served for a kind.</summary>
    public static string MediaType(DocumentKind kind) => kind switch
    {
        DocumentKind.Pdf => "application/pdf",
        DocumentKind.Tiff => "image/tiff",
        DocumentKind.Png => "image/png",
        DocumentKind.Jpeg => "image/jpeg",
        _ => "application/octet-stream",
    };
}
