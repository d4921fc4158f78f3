using System.Globalization;
using System.Net;
using System.Text;

namespace Gateway.Sip.Headers;

/// <summary>A SIP or SIPS URI (RFC 3261 §19.1) or a tel URI kept opaque. Hosts may be IPv6 references in brackets.</summary>
public sealed class SipUri
{
    public string Scheme { get; set; } = "sip";
    public string? User { get; set; }
    public string? Password { get; set; }
    /// <summary>Host as written; IPv6 references keep their brackets.</summary>
    public string Host { get; set; } = "";
    public int? Port { get; set; }
    public SipParameters Parameters { get; } = new();
    /// <summary>The raw <c>?headers</c> part without the '?', if any.</summary>
    public string? Headers { get; set; }
    /// <summary>For non-SIP schemes (tel:), the text after the colon.</summary>
    public string? Opaque { get; set; }

    public bool IsSecure => Scheme.Equals("sips", StringComparison.OrdinalIgnoreCase);

    /// <summary>True when the first Route carries <c>;lr</c> (RFC 3261 §16.12.1.1 loose routing).</summary>
    public bool IsLooseRouter => Parameters.Contains("lr");

    public string? Transport => Parameters.Get("transport");

    public SipUri() { }

    public SipUri(string host, int? port = null, string? user = null, string scheme = "sip")
    {
        Host = host; Port = port; User = user; Scheme = scheme;
    }

    public static SipUri Parse(string text) =>
        TryParse(text, out var uri) ? uri : throw new FormatException($"Invalid SIP URI: '{text}'");

    public static bool TryParse(ReadOnlySpan<char> text, out SipUri uri)
    {
        uri = new SipUri();
        return Scan(text, uri);
    }

    /// <summary>The grammar of <see cref="TryParse"/>, filling <paramref name="into"/>, or with null only checking it (no string is made).</summary>
    internal static bool Scan(ReadOnlySpan<char> text, SipUri? into)
    {
        int colon = text.IndexOf(':');
        if (colon <= 0) return false;
        var scheme = text[..colon];
        foreach (char c in scheme)
            if (!(char.IsAsciiLetterOrDigit(c) || c is '+' or '-' or '.')) return false;
        bool sip = scheme.Equals("sip", StringComparison.OrdinalIgnoreCase) || scheme.Equals("sips", StringComparison.OrdinalIgnoreCase);
        if (into is not null) into.Scheme = scheme.ToString().ToLowerInvariant();
        var rest = text[(colon + 1)..];
        foreach (char c in rest)
            if (c <= ' ' || c >= 0x7f || c is '<' or '>' or '"') return false; // §25.1: no unescaped space, brackets or quotes
        if (!sip)
        {
            if (rest.IsEmpty) return false;
            if (into is not null) into.Opaque = rest.ToString();
            return true;
        }
        int q = rest.IndexOf('?');
        if (q >= 0)
        {
            if (into is not null) into.Headers = rest[(q + 1)..].ToString();
            rest = rest[..q];
        }
        int at = rest.IndexOf('@');
        if (at >= 0)
        {
            var userinfo = rest[..at];
            rest = rest[(at + 1)..];
            if (userinfo.IsEmpty || rest.Contains('@')) return false;
            int pc = userinfo.IndexOf(':');
            if (pc >= 0)
            {
                if (into is not null) into.Password = userinfo[(pc + 1)..].ToString();
                userinfo = userinfo[..pc];
            }
            if (!IsValidEscapes(userinfo)) return false;
            if (into is not null) into.User = userinfo.ToString();
        }
        int semi = rest.IndexOf(';');
        var hostport = semi < 0 ? rest : rest[..semi];
        if (semi >= 0 && !SipParameters.Scan(rest[semi..], into?.Parameters)) return false;
        if (!ScanHostPort(hostport, out var host, out var port)) return false;
        if (into is not null)
        {
            into.Host = hostport[host].ToString();
            into.Port = port;
        }
        return true;
    }

    /// <summary>Parses <c>host[:port]</c> where host is a name, IPv4 address or bracketed IPv6 reference.</summary>
    public static bool TryParseHostPort(ReadOnlySpan<char> s, out string host, out int? port)
    {
        host = "";
        if (!ScanHostPort(s, out var at, out port)) return false;
        host = s[at].ToString();
        return true;
    }

    // The grammar of TryParseHostPort: where the host is in s (IPv6 with its brackets) and the port.
    internal static bool ScanHostPort(ReadOnlySpan<char> s, out Range host, out int? port)
    {
        host = default; port = null;
        ReadOnlySpan<char> portText = [];
        if (s.StartsWith("["))
        {
            int close = s.IndexOf(']');
            if (close < 0) return false;
            if (!IPAddress.TryParse(s[1..close], out var a) || a.AddressFamily != System.Net.Sockets.AddressFamily.InterNetworkV6) return false;
            host = ..(close + 1);
            var after = s[(close + 1)..];
            if (!after.IsEmpty) { if (after[0] != ':') return false; portText = after[1..]; if (portText.IsEmpty) return false; }
        }
        else
        {
            int c = s.IndexOf(':');
            var h = c < 0 ? s : s[..c];
            if (c >= 0) { portText = s[(c + 1)..]; if (portText.IsEmpty) return false; }
            if (h.IsEmpty) return false;
            foreach (char ch in h)
                if (!(char.IsAsciiLetterOrDigit(ch) || ch is '-' or '.')) return false;
            host = ..h.Length;
        }
        if (!portText.IsEmpty)
        {
            if (!int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out int p) || p > 65535) return false;
            port = p;
        }
        return true;
    }

    static bool IsValidEscapes(ReadOnlySpan<char> s)
    {
        for (int i = 0; i < s.Length; i++)
            if (s[i] == '%' && (i + 2 >= s.Length || !char.IsAsciiHexDigit(s[i + 1]) || !char.IsAsciiHexDigit(s[i + 2]))) return false;
        return true;
    }

    /// <summary>The host without IPv6 brackets, as used for resolution and sockets.</summary>
    public string HostWithoutBrackets => Host.StartsWith('[') ? Host[1..^1] : Host;

    public SipUri Clone()
    {
        var c = new SipUri { Scheme = Scheme, User = User, Password = Password, Host = Host, Port = Port, Headers = Headers, Opaque = Opaque };
        foreach (var (k, v) in Parameters.Items) c.Parameters.Set(k, v);
        return c;
    }

    public void AppendTo(StringBuilder sb)
    {
        sb.Append(Scheme).Append(':');
        if (Opaque is not null) { sb.Append(Opaque); return; }
        if (User is not null)
        {
            sb.Append(User);
            if (Password is not null) sb.Append(':').Append(Password);
            sb.Append('@');
        }
        sb.Append(Host);
        if (Port is int p) sb.Append(':').Append(p.ToString(CultureInfo.InvariantCulture));
        Parameters.AppendTo(sb);
        if (Headers is not null) sb.Append('?').Append(Headers);
    }

    public override string ToString()
    {
        var sb = new StringBuilder(64);
        AppendTo(sb);
        return sb.ToString();
    }
}
