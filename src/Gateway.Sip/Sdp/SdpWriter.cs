using System.Globalization;
using System.Text;

namespace Gateway.Sip.Sdp;

/// <summary>Writes SDP in the RFC 8866 §5 order (v o s i u e p c b t r z k a m) with CRLF line ends.</summary>
public static class SdpWriter
{
    public static string Write(SdpSession s)
    {
        var sb = new StringBuilder(256);
        sb.Append("v=0\r\n");
        sb.Append("o=").Append(s.Origin).Append("\r\n");
        sb.Append("s=").Append(s.SessionName.Length == 0 ? "-" : s.SessionName).Append("\r\n");
        foreach (var l in s.OtherLines.Where(l => l[0] is 'i' or 'u' or 'e' or 'p')) sb.Append(l).Append("\r\n");
        if (s.Connection is not null) sb.Append("c=").Append(s.Connection).Append("\r\n");
        foreach (var b in s.Bandwidths) sb.Append("b=").Append(b).Append("\r\n");
        sb.Append("t=").Append(s.Timing).Append("\r\n");
        foreach (var l in s.OtherLines.Where(l => l[0] is not ('i' or 'u' or 'e' or 'p'))) sb.Append(l).Append("\r\n");
        foreach (var a in s.Attributes) sb.Append("a=").Append(a).Append("\r\n");
        foreach (var m in s.Media)
        {
            sb.Append("m=").Append(m.Media).Append(' ').Append(m.Port.ToString(CultureInfo.InvariantCulture));
            if (m.PortCount is int n) sb.Append('/').Append(n.ToString(CultureInfo.InvariantCulture));
            sb.Append(' ').Append(m.Protocol);
            foreach (var f in m.Formats) sb.Append(' ').Append(f);
            sb.Append("\r\n");
            foreach (var l in m.OtherLines) sb.Append(l).Append("\r\n");
            if (m.Connection is not null) sb.Append("c=").Append(m.Connection).Append("\r\n");
            foreach (var b in m.Bandwidths) sb.Append("b=").Append(b).Append("\r\n");
            foreach (var a in m.Attributes) sb.Append("a=").Append(a).Append("\r\n");
        }
        return sb.ToString();
    }

    public static byte[] ToBytes(SdpSession s) => Encoding.UTF8.GetBytes(Write(s));
}
