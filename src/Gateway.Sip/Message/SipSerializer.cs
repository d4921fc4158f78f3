using System.Buffers;
using System.Buffers.Text;
using System.Text;

namespace Gateway.Sip.Message;

/// <summary>
/// Writes SIP messages (RFC 3261 §7). Header names are written in their canonical long form, values
/// as parsed (copied byte for byte) or as set; Content-Length is always written from the body.
/// </summary>
public static class SipSerializer
{
    public static byte[] ToBytes(SipMessage message)
    {
        string? uri = UriText(message);
        var bytes = new byte[Measure(message, uri)];
        int n = WriteTo(message, uri, bytes);
        return n == bytes.Length ? bytes : bytes[..n];
    }

    /// <summary>
    /// The message serialized into an array rented from <see cref="ArrayPool{T}.Shared"/> (the caller returns it),
    /// measured and written with one text of the Request-URI.
    /// </summary>
    internal static byte[] Rent(SipMessage message, out int length)
    {
        string? uri = UriText(message);
        var buffer = ArrayPool<byte>.Shared.Rent(Measure(message, uri));
        try
        {
            length = WriteTo(message, uri, buffer);
            return buffer;
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw;
        }
    }

    /// <summary>The exact number of bytes <see cref="Write"/> produces.</summary>
    public static int GetLength(SipMessage m) => Measure(m, UriText(m));

    // The Request-URI of a request built by code, as text (parsed requests copy their bytes).
    static string? UriText(SipMessage m) => m is SipRequest { UriIsRaw: false } r ? r.RequestUri.ToString() : null;

    static int Measure(SipMessage m, string? uri)
    {
        int n = StartLineLength(m, uri);
        for (int i = 0; i < m.FieldCount; i++)
        {
            ref readonly var f = ref m.Field(i);
            if (ReferenceEquals(f.Name, HeaderNames.ContentLength)) continue;
            n += f.Name.Length + 2 + (f.Text is null ? f.Length : Encoding.UTF8.GetByteCount(f.Text)) + 2;
        }
        n += HeaderNames.ContentLength.Length + 2 + DigitCount(m.Body.Length) + 2 + 2 + m.Body.Length;
        return n;
    }

    public static void Write(SipMessage m, IBufferWriter<byte> writer)
    {
        string? uri = UriText(m);
        writer.Advance(WriteTo(m, uri, writer.GetSpan(Measure(m, uri))));
    }

    static int WriteTo(SipMessage m, string? uri, Span<byte> dst)
    {
        int p = 0;
        if (m is SipRequest req)
        {
            p += Ascii(req.Method, dst[p..]);
            dst[p++] = (byte)' ';
            if (req.UriIsRaw) { req.Source.Span.Slice(req.UriStart, req.UriLength).CopyTo(dst[p..]); p += req.UriLength; }
            else p += Encoding.UTF8.GetBytes(uri!, dst[p..]);
            " SIP/2.0\r\n"u8.CopyTo(dst[p..]); p += 10;
        }
        else
        {
            var res = (SipResponse)m;
            "SIP/2.0 "u8.CopyTo(dst[p..]); p += 8;
            Utf8Formatter.TryFormat(res.StatusCode, dst[p..], out int c); p += c;
            dst[p++] = (byte)' ';
            if (res.ReasonIsRaw) { res.Source.Span.Slice(res.ReasonStart, res.ReasonLength).CopyTo(dst[p..]); p += res.ReasonLength; }
            else p += Encoding.UTF8.GetBytes(res.ReasonPhrase, dst[p..]);
            dst[p++] = (byte)'\r'; dst[p++] = (byte)'\n';
        }
        for (int i = 0; i < m.FieldCount; i++)
        {
            ref readonly var f = ref m.Field(i);
            if (ReferenceEquals(f.Name, HeaderNames.ContentLength)) continue;
            p += Ascii(f.Name, dst[p..]);
            dst[p++] = (byte)':'; dst[p++] = (byte)' ';
            if (f.Text is null) { m.RawValue(f).CopyTo(dst[p..]); p += f.Length; }
            else p += Encoding.UTF8.GetBytes(f.Text, dst[p..]);
            dst[p++] = (byte)'\r'; dst[p++] = (byte)'\n';
        }
        p += Ascii(HeaderNames.ContentLength, dst[p..]);
        dst[p++] = (byte)':'; dst[p++] = (byte)' ';
        Utf8Formatter.TryFormat(m.Body.Length, dst[p..], out int w); p += w;
        "\r\n\r\n"u8.CopyTo(dst[p..]); p += 4;
        m.Body.Span.CopyTo(dst[p..]); p += m.Body.Length;
        return p;
    }

    static int StartLineLength(SipMessage m, string? uri)
    {
        if (m is SipRequest r)
            return r.Method.Length + 1 + (r.UriIsRaw ? r.UriLength : Encoding.UTF8.GetByteCount(uri!)) + 10;
        var s = (SipResponse)m;
        return 8 + DigitCount(s.StatusCode) + 1 + (s.ReasonIsRaw ? s.ReasonLength : Encoding.UTF8.GetByteCount(s.ReasonPhrase)) + 2;
    }

    static int Ascii(string s, Span<byte> dst)
    {
        System.Text.Ascii.FromUtf16(s, dst, out int n);
        return n;
    }

    static int DigitCount(int v) => v < 10 ? 1 : v < 100 ? 2 : v < 1000 ? 3 : v < 10000 ? 4 : v < 100000 ? 5 : v.ToString(System.Globalization.CultureInfo.InvariantCulture).Length;
}
