using System.Globalization;
using System.Text;

namespace Gateway.Sip.Headers;

/// <summary>One Via value (RFC 3261 §20.42) with branch (§8.1.1.7), received (§18.2.1) and rport (RFC 3581).</summary>
public sealed class ViaHeader
{
    /// <summary>RFC 3261 §8.1.1.7: branches of RFC 3261 transactions start with this cookie.</summary>
    public const string MagicCookie = "z9hG4bK";

    public string Transport { get; set; } = "UDP";
    public string Host { get; set; } = "";
    public int? Port { get; set; }
    public SipParameters Parameters { get; } = new();

    public string? Branch
    {
        get => Parameters.Get("branch");
        set { if (value is null) Parameters.Remove("branch"); else Parameters.Set("branch", value); }
    }

    public string? Received => Parameters.Get("received");

    /// <summary>The rport value a server filled in; null when absent or empty.</summary>
    public int? RPort => int.TryParse(Parameters.Get("rport"), NumberStyles.None, CultureInfo.InvariantCulture, out int p) ? p : null;

    public static ViaHeader Parse(string text) =>
        TryParse(text, out var v) ? v : throw new FormatException($"Invalid Via: '{text}'");

    public static bool TryParse(ReadOnlySpan<char> text, out ViaHeader via)
    {
        via = new ViaHeader();
        return Scan(text, via, out _);
    }

    /// <summary>
    /// The branch of a Via value that <see cref="TryParse"/> accepts, as <see cref="Branch"/> would give it,
    /// found without making objects or strings; false when the value does not parse or has no branch value.
    /// </summary>
    internal static bool TryGetBranch(ReadOnlySpan<char> text, out ReadOnlySpan<char> branch)
    {
        branch = default;
        return Scan(text, null, out var parameters) && SipParameters.TryFind(parameters, "branch", out branch) && !branch.IsEmpty;
    }

    /// <summary>True when <see cref="TryParse"/> would accept the text, checked without making objects or strings.</summary>
    internal static bool IsValid(ReadOnlySpan<char> text) => Scan(text, null, out _);

    // The grammar of TryParse, filling `into` (or only checking with null); `parameters` is the ";..." part.
    static bool Scan(ReadOnlySpan<char> text, ViaHeader? into, out ReadOnlySpan<char> parameters)
    {
        parameters = default;
        text = text.Trim();
        // sent-protocol = protocol-name SLASH protocol-version SLASH transport, with LWS allowed around '/'
        if (!NextSlashPart(ref text, out var name) || !name.Equals("SIP", StringComparison.OrdinalIgnoreCase)) return false;
        if (!NextSlashPart(ref text, out var version) || !version.SequenceEqual("2.0")) return false;
        text = text.TrimStart();
        int sp = 0;
        while (sp < text.Length && HeaderText.IsTokenChar(text[sp])) sp++;
        if (sp == 0) return false;
        if (into is not null) into.Transport = text[..sp].ToString().ToUpperInvariant();
        text = text[sp..];
        if (text.IsEmpty || !(text[0] is ' ' or '\t')) return false;
        text = text.TrimStart();
        int semi = text.IndexOf(';');
        var sentBy = (semi < 0 ? text : text[..semi]).Trim();
        // LWS is allowed around the ':' of sent-by (§25.1 COLON).
        Span<char> compact = sentBy.Length <= 256 ? stackalloc char[sentBy.Length] : new char[sentBy.Length];
        int n = 0;
        foreach (char c in sentBy) if (c is not (' ' or '\t')) compact[n++] = c;
        if (!SipUri.ScanHostPort(compact[..n], out var host, out var port)) return false;
        if (into is not null) { into.Host = compact[..n][host].ToString(); into.Port = port; }
        if (semi < 0) return true;
        parameters = text[semi..];
        return SipParameters.Scan(parameters, into?.Parameters);
    }

    static bool NextSlashPart(ref ReadOnlySpan<char> text, out ReadOnlySpan<char> part)
    {
        text = text.TrimStart();
        int slash = text.IndexOf('/');
        part = default;
        if (slash < 0) return false;
        part = text[..slash].Trim();
        text = text[(slash + 1)..];
        return !part.IsEmpty;
    }

    /// <summary>A fresh RFC 3261 branch: the magic cookie plus 64 random bits in hex.</summary>
    public static string NewBranch() =>
        MagicCookie + Convert.ToHexStringLower(BitConverter.GetBytes(System.Security.Cryptography.RandomNumberGenerator.GetInt32(int.MaxValue) ^ ((long)Environment.TickCount64 << 31)));

    public ViaHeader Clone()
    {
        var c = new ViaHeader { Transport = Transport, Host = Host, Port = Port };
        foreach (var (k, v) in Parameters.Items) c.Parameters.Set(k, v);
        return c;
    }

    public override string ToString()
    {
        var sb = new StringBuilder(80);
        sb.Append("SIP/2.0/").Append(Transport).Append(' ').Append(Host);
        if (Port is int p) sb.Append(':').Append(p.ToString(CultureInfo.InvariantCulture));
        Parameters.AppendTo(sb);
        return sb.ToString();
    }
}
