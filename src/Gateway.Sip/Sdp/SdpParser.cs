using System.Globalization;
using System.Text;

namespace Gateway.Sip.Sdp;

/// <summary>
/// Parses session descriptions (RFC 8866 §5). Lenient where peers are (LF line ends, unknown
/// lines kept), strict where meaning would be lost (v=0 first, o= and m= syntax, ports, c=).
/// </summary>
public static class SdpParser
{
    // Strict UTF-8: SDP that is not UTF-8 is an error, not replacement characters.
    static readonly UTF8Encoding StrictUtf8 = new(false, true);

    public static bool TryParse(ReadOnlySpan<byte> data, out SdpSession? session, out SdpParseError? error)
    {
        session = null;
        string text;
        try { text = StrictUtf8.GetString(data); }
        catch (DecoderFallbackException) { error = new SdpParseError(0, "", "SDP is not UTF-8 (RFC 8866 §5)"); return false; }
        return TryParse(text, out session, out error);
    }

    // Lines are read in place; only the values a description keeps become strings.
    public static bool TryParse(string text, out SdpSession? session, out SdpParseError? error)
    {
        session = null; error = null;
        var s = new SdpSession();
        SdpMedia? media = null;
        int lineNo = 0;
        bool sawV = false, sawO = false, sawS = false;
        if (text.Length == 0) { error = new(1, "", "empty SDP"); return false; } // one empty line, as string.Split reads it
        var all = text.AsSpan();
        foreach (var range in all.Split('\n'))
        {
            lineNo++;
            var line = all[range].TrimEnd('\r');
            if (line.Length == 0) continue;
            if (line.Length < 2 || line[1] != '=' || !char.IsAsciiLetterLower(line[0]))
            { error = new(lineNo, line.ToString(), "expected <type>=<value>"); return false; }
            char type = line[0];
            var value = line[2..];
            if (!sawV)
            {
                if (type != 'v' || !value.Trim().SequenceEqual("0")) { error = new(lineNo, line.ToString(), "the first line must be v=0"); return false; }
                sawV = true;
                continue;
            }
            // RFC 8866 §5: o= directly follows v=.
            if (!sawO && type != 'o') { error = new(lineNo, line.ToString(), "o= must follow v="); return false; }
            switch (type)
            {
                case 'o':
                    if (!TryOrigin(value, out var o)) { error = new(lineNo, line.ToString(), "o= needs 6 fields with numeric id and version"); return false; }
                    s.Origin = o; sawO = true;
                    break;
                case 's': s.SessionName = value.ToString(); sawS = true; break;
                case 't': s.Timing = value.ToString(); break;
                case 'c':
                    if (!TryConnection(value, out var c)) { error = new(lineNo, line.ToString(), "c= needs <nettype> <addrtype> <address>"); return false; }
                    if (media is null) s.Connection = c; else media.Connection = c;
                    break;
                case 'b': (media?.Bandwidths ?? s.Bandwidths).Add(value.ToString()); break;
                case 'a':
                    {
                        int colon = value.IndexOf(':');
                        var name = (colon < 0 ? value : value[..colon]).Trim();
                        if (name.Length == 0) { error = new(lineNo, line.ToString(), "empty attribute name"); return false; }
                        var attr = new SdpAttribute(name.ToString(), colon < 0 ? null : value[(colon + 1)..].Trim().ToString());
                        (media?.Attributes ?? s.Attributes).Add(attr);
                        break;
                    }
                case 'm':
                    if (!TryMedia(value, out media)) { error = new(lineNo, line.ToString(), "m= needs <media> <port>[/<n>] <proto> <fmt> ..."); return false; }
                    s.Media.Add(media!);
                    break;
                default:
                    (media?.OtherLines ?? s.OtherLines).Add(line.ToString());
                    break;
            }
        }
        if (!sawV) { error = new(lineNo, "", "empty SDP"); return false; }
        if (!sawO) { error = new(lineNo, "", "missing o= line"); return false; }
        if (!sawS) s.SessionName = "-";
        session = s;
        return true;
    }

    // The next field of a line whose fields are separated by spaces (runs of spaces count as one, as
    // string.Split with RemoveEmptyEntries reads them); false at the end.
    static bool NextField(ref ReadOnlySpan<char> rest, out ReadOnlySpan<char> field)
    {
        rest = rest.TrimStart(' ');
        int sp = rest.IndexOf(' ');
        field = sp < 0 ? rest : rest[..sp];
        rest = sp < 0 ? [] : rest[sp..];
        return !field.IsEmpty;
    }

    static bool TryOrigin(ReadOnlySpan<char> v, out SdpOrigin o)
    {
        o = null!;
        if (!NextField(ref v, out var user) || !NextField(ref v, out var idText) || !NextField(ref v, out var versionText)
            || !NextField(ref v, out var net) || !NextField(ref v, out var addrType) || !NextField(ref v, out var address)
            || NextField(ref v, out _)) return false;
        // Some peers write session ids wider than 64 bits; keep the low digits rather than fail.
        if (!ulong.TryParse(idText.Length > 19 ? idText[^19..] : idText, NumberStyles.None, CultureInfo.InvariantCulture, out var id)) return false;
        if (!ulong.TryParse(versionText.Length > 19 ? versionText[^19..] : versionText, NumberStyles.None, CultureInfo.InvariantCulture, out var ver)) return false;
        o = new SdpOrigin(user.ToString(), id, ver, net.ToString(), addrType.ToString(), address.ToString());
        return true;
    }

    static bool TryConnection(ReadOnlySpan<char> v, out SdpConnection c)
    {
        c = null!;
        if (!NextField(ref v, out var net) || !NextField(ref v, out var addrType) || !NextField(ref v, out var address)
            || NextField(ref v, out _)) return false;
        c = new SdpConnection(net.ToString(), addrType.ToString(), address.ToString());
        return true;
    }

    static bool TryMedia(ReadOnlySpan<char> v, out SdpMedia? m)
    {
        m = null;
        if (!NextField(ref v, out var mediaName) || !NextField(ref v, out var port) || !NextField(ref v, out var protocol)) return false;
        var media = new SdpMedia { Media = mediaName.ToString(), Protocol = protocol.ToString() };
        int slash = port.IndexOf('/');
        if (slash >= 0)
        {
            if (!int.TryParse(port[(slash + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out int n)) return false;
            media.PortCount = n;
            port = port[..slash];
        }
        if (!int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out int portNo) || portNo > 65535) return false;
        media.Port = portNo;
        while (NextField(ref v, out var format)) media.Formats.Add(format.ToString());
        m = media;
        return true;
    }
}
