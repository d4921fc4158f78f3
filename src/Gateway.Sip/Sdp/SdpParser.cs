using System.Globalization;
using System.Text;

namespace Gateway.Sip.Sdp;

/// <summary>
/// Parses session descriptions (RFC 8866 §5). Lenient where peers are (LF line ends, unknown
/// lines kept), strict where meaning would be lost (v=0 first, o= and m= syntax, ports, c=).
/// </summary>
public static class SdpParser
{
    public static bool TryParse(ReadOnlySpan<byte> data, out SdpSession? session, out SdpParseError? error)
    {
        session = null;
        string text;
        try { text = new UTF8Encoding(false, true).GetString(data); }
        catch (DecoderFallbackException) { error = new SdpParseError(0, "", "SDP is not UTF-8 (RFC 8866 §5)"); return false; }
        return TryParse(text, out session, out error);
    }

    public static bool TryParse(string text, out SdpSession? session, out SdpParseError? error)
    {
        session = null; error = null;
        var s = new SdpSession();
        SdpMedia? media = null;
        int lineNo = 0;
        bool sawV = false, sawO = false, sawS = false;
        foreach (var raw in text.Split('\n'))
        {
            lineNo++;
            var line = raw.TrimEnd('\r');
            if (line.Length == 0) continue;
            if (line.Length < 2 || line[1] != '=' || !char.IsAsciiLetterLower(line[0]))
            { error = new(lineNo, line, "expected <type>=<value>"); return false; }
            char type = line[0];
            string value = line[2..];
            if (!sawV)
            {
                if (type != 'v' || value.Trim() != "0") { error = new(lineNo, line, "the first line must be v=0"); return false; }
                sawV = true;
                continue;
            }
            // RFC 8866 §5: o= directly follows v=.
            if (!sawO && type != 'o') { error = new(lineNo, line, "o= must follow v="); return false; }
            switch (type)
            {
                case 'o':
                    if (!TryOrigin(value, out var o)) { error = new(lineNo, line, "o= needs 6 fields with numeric id and version"); return false; }
                    s.Origin = o; sawO = true;
                    break;
                case 's': s.SessionName = value; sawS = true; break;
                case 't': s.Timing = value; break;
                case 'c':
                    if (!TryConnection(value, out var c)) { error = new(lineNo, line, "c= needs <nettype> <addrtype> <address>"); return false; }
                    if (media is null) s.Connection = c; else media.Connection = c;
                    break;
                case 'b': (media?.Bandwidths ?? s.Bandwidths).Add(value); break;
                case 'a':
                    {
                        int colon = value.IndexOf(':');
                        var attr = colon < 0 ? new SdpAttribute(value.Trim(), null) : new SdpAttribute(value[..colon].Trim(), value[(colon + 1)..].Trim());
                        if (attr.Name.Length == 0) { error = new(lineNo, line, "empty attribute name"); return false; }
                        (media?.Attributes ?? s.Attributes).Add(attr);
                        break;
                    }
                case 'm':
                    if (!TryMedia(value, out media)) { error = new(lineNo, line, "m= needs <media> <port>[/<n>] <proto> <fmt> ..."); return false; }
                    s.Media.Add(media!);
                    break;
                default:
                    (media?.OtherLines ?? s.OtherLines).Add(line);
                    break;
            }
        }
        if (!sawV) { error = new(lineNo, "", "empty SDP"); return false; }
        if (!sawO) { error = new(lineNo, "", "missing o= line"); return false; }
        if (!sawS) s.SessionName = "-";
        session = s;
        return true;
    }

    static bool TryOrigin(string v, out SdpOrigin o)
    {
        o = null!;
        var p = v.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (p.Length != 6) return false;
        // Some peers write session ids wider than 64 bits; keep the low digits rather than fail.
        if (!ulong.TryParse(p[1].Length > 19 ? p[1][^19..] : p[1], NumberStyles.None, CultureInfo.InvariantCulture, out var id)) return false;
        if (!ulong.TryParse(p[2].Length > 19 ? p[2][^19..] : p[2], NumberStyles.None, CultureInfo.InvariantCulture, out var ver)) return false;
        o = new SdpOrigin(p[0], id, ver, p[3], p[4], p[5]);
        return true;
    }

    static bool TryConnection(string v, out SdpConnection c)
    {
        c = null!;
        var p = v.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (p.Length != 3) return false;
        c = new SdpConnection(p[0], p[1], p[2]);
        return true;
    }

    static bool TryMedia(string v, out SdpMedia? m)
    {
        m = null;
        var p = v.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (p.Length < 3) return false;
        var media = new SdpMedia { Media = p[0], Protocol = p[2] };
        var port = p[1].AsSpan();
        int slash = port.IndexOf('/');
        if (slash >= 0)
        {
            if (!int.TryParse(port[(slash + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out int n)) return false;
            media.PortCount = n;
            port = port[..slash];
        }
        if (!int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out int portNo) || portNo > 65535) return false;
        media.Port = portNo;
        for (int i = 3; i < p.Length; i++) media.Formats.Add(p[i]);
        m = media;
        return true;
    }
}
