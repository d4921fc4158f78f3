using System.Text;
using System.Text.RegularExpressions;

namespace Gateway.Sip.Message;

/// <summary>
/// Text of a SIP message for logs with credentials removed: Authorization and Proxy-Authorization keep
/// only their scheme, username and realm (RFC 3261 §22.4, RFC 7616 §3.4: response, cnonce and nonce are
/// what an attacker could replay or attack offline), and a password in a URI's userinfo (§19.1.1,
/// deprecated but legal) is replaced.
/// </summary>
public static partial class SipMessageMasking
{
    public const string Mask = "***";

    public static string ToLogText(SipMessage message)
    {
        var sb = new StringBuilder();
        sb.Append(message is SipRequest r ? $"{r.Method} {MaskUri(r.RequestUri.ToString())} SIP/2.0" : $"SIP/2.0 {((SipResponse)message).StatusCode} {((SipResponse)message).ReasonPhrase}");
        sb.Append("\r\n");
        foreach (var (name, value) in message.Headers)
        {
            var shown = name.Equals(HeaderNames.Authorization, StringComparison.OrdinalIgnoreCase) || name.Equals(HeaderNames.ProxyAuthorization, StringComparison.OrdinalIgnoreCase)
                ? MaskCredentials(value)
                : MaskUri(value);
            sb.Append(name).Append(": ").Append(shown).Append("\r\n");
        }
        sb.Append("\r\n");
        if (message.Body.Length > 0) sb.Append(Encoding.UTF8.GetString(message.Body.Span));
        return sb.ToString();
    }

    /// <summary>Keeps the scheme and the username and realm parameters; everything else becomes ***.</summary>
    public static string MaskCredentials(string value)
    {
        int space = value.IndexOf(' ', StringComparison.Ordinal);
        if (space < 0) return Mask;
        var kept = new List<string>();
        foreach (Match m in KeptParam().Matches(value[space..])) kept.Add(m.Value.Trim());
        kept.Add("credentials=" + Mask);
        return value[..space] + " " + string.Join(", ", kept);
    }

    static string MaskUri(string text) => UriPassword().Replace(text, m => m.Groups[1].Value + ":" + Mask + "@");

    [GeneratedRegex("""(?i)\b(username|realm)\s*=\s*("[^"]*"|[^,\s]+)""")]
    private static partial Regex KeptParam();

    /// <summary>sip:user:password@host → sip:user:***@host.</summary>
    [GeneratedRegex("""(?i)(sips?:[^:@;?\s<>"]+):[^@;?\s<>"]+@""")]
    private static partial Regex UriPassword();
}
