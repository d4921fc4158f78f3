namespace Gateway.Fax.T30.Frames;

/// <summary>
/// NSF/NSC/NSS, non-standard facilities (T.30 §5.3.6.2.2): a T.35 country code (one octet, or 0xFF
/// and a second octet), a two-octet terminal provider code, then vendor data this gateway does not
/// interpret. Decoding never fails on vendor content: an empty or short FIF just yields no provider.
/// </summary>
public sealed record NsfFrame(byte Fcf, int? CountryCode, int? ProviderCode, ReadOnlyMemory<byte> VendorData)
{
    /// <summary>"country:provider" in hex as T.35 writes them (for example "B5:0055"), or null.</summary>
    public string? Vendor => CountryCode is { } c && ProviderCode is { } p ? $"{c:X2}:{p:X4}" : null;

    /// <summary>Decodes the header; the rest is kept as <see cref="VendorData"/>.</summary>
    public static NsfFrame Decode(T30Frame frame)
    {
        var f = frame.Information.Span;
        // T.35 §3.1: bits are sent in the order they are written, most significant first, while T.30
        // FIF octets are sent least significant first; in practice NSF octets are carried bit-reversed
        // (spandsp t35.c notes both orders in the field), so the raw octets are reported unchanged.
        var cc = 1;
        if (f.Length >= 1 && f[0] == 0xFF)
            cc = 2;
        if (f.Length < cc + 2)
            return new NsfFrame(frame.Fcf, null, null, frame.Information);
        var country = cc == 1 ? f[0] : (f[0] << 8) | f[1];
        var provider = (f[cc] << 8) | f[cc + 1];
        return new NsfFrame(frame.Fcf, country, provider, frame.Information[(cc + 2)..]);
    }
}
