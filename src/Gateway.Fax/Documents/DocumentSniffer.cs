namespace Gateway.Fax.Documents;

/// <summary>Recognises a document by its magic bytes, never by its name (a mislabelled file still works).</summary>
public static class DocumentSniffer
{
    /// <summary>The format of <paramref name="head"/> (the first bytes of the file; 8 are enough).</summary>
    public static DocumentFormat Detect(ReadOnlySpan<byte> head)
    {
        if (head.StartsWith("%PDF-"u8))
        {
            return DocumentFormat.Pdf;
        }

        if (head.StartsWith("%!"u8))
        {
            return DocumentFormat.PostScript;
        }

        if (head.StartsWith("II*\0"u8) || head.StartsWith("MM\0*"u8))
        {
            return DocumentFormat.Tiff;
        }

        if (head.StartsWith((ReadOnlySpan<byte>)[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]))
        {
            return DocumentFormat.Png;
        }

        return head.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF]) ? DocumentFormat.Jpeg : DocumentFormat.Unknown;
    }
}
