namespace Gateway.Documents;

/// <summary>Document formats accepted for faxing, recognized by their leading bytes.</summary>
public enum DocumentKind
{
    /// <summary>PDF (ISO 32000-1 §7.5.2: the file begins with <c>%PDF-</c>).</summary>
    Pdf,

    /// <summary>TIFF (TIFF 6.0 §2: <c>II*\0</c> little-endian or <c>MM\0*</c> big-endian).</summary>
    Tiff,

    /// <summary>PNG (RFC 2083 §3.1: the 8-byte signature 89 50 4E 47 0D 0A 1A 0A).</summary>
    Png,

    /// <summary>JPEG (ITU-T T.81 Annex B: SOI marker FF D8 followed by another marker FF).</summary>
    Jpeg,
}
