using System.Text;

namespace Gateway.Sip.Headers;

/// <summary>
/// A name-addr or addr-spec with header parameters (RFC 3261 §20.10, §20.20, §20.39): the value of
/// From, To, Contact, Route and Record-Route. In the addr-spec form (no angle brackets) every
/// <c>;param</c> belongs to the header, not to the URI (§20.10).
/// </summary>
public sealed class NameAddress
{
    public string? DisplayName { get; set; }
    public SipUri Uri { get; set; }
    public SipParameters Parameters { get; } = new();

    public NameAddress(SipUri uri, string? displayName = null)
    {
        Uri = uri; DisplayName = displayName;
    }

    public string? Tag
    {
        get => Parameters.Get("tag");
        set { if (value is null) Parameters.Remove("tag"); else Parameters.Set("tag", value); }
    }

    public static NameAddress Parse(string text) =>
        TryParse(text, out var na) ? na : throw new FormatException($"Invalid name-addr: '{text}'");

    public static bool TryParse(ReadOnlySpan<char> text, out NameAddress result)
    {
        result = null!;
        text = text.Trim();
        if (text.IsEmpty) return false;
        string? display = null;
        ReadOnlySpan<char> uriText, paramText;
        int lt = HeaderText.IndexOfUnquoted(text, '<');
        if (lt == -2) return false;
        if (lt >= 0)
        {
            var disp = text[..lt].Trim();
            if (!disp.IsEmpty)
            {
                if (disp[0] == '"')
                {
                    if (disp.Length < 2 || disp[^1] != '"' || !IsQuotedString(disp)) return false;
                    display = HeaderText.Unquote(disp.ToString());
                }
                else
                {
                    // §25.1 display-name = *(token LWS) / quoted-string
                    foreach (char c in disp)
                        if (!(HeaderText.IsTokenChar(c) || c is ' ' or '\t')) return false;
                    display = disp.ToString();
                }
            }
            var after = text[(lt + 1)..];
            int gt = after.IndexOf('>');
            if (gt < 0) return false;
            uriText = after[..gt];
            paramText = after[(gt + 1)..].Trim();
            if (!paramText.IsEmpty && paramText[0] != ';') return false;
        }
        else
        {
            if (text.Contains('"')) return false;
            int semi = text.IndexOf(';');
            uriText = semi < 0 ? text : text[..semi];
            paramText = semi < 0 ? [] : text[semi..];
            // §20.10: an addr-spec containing ',', '?' or ';' must use the name-addr form.
            if (uriText.Contains('?') || uriText.Contains(',')) return false;
        }
        if (!SipUri.TryParse(uriText.Trim(), out var uri)) return false;
        result = new NameAddress(uri, display);
        return paramText.IsEmpty || SipParameters.TryParse(paramText, result.Parameters);
    }

    static bool IsQuotedString(ReadOnlySpan<char> s)
    {
        for (int i = 1; i < s.Length - 1; i++)
        {
            if (s[i] == '\\') { i++; if (i >= s.Length - 1) return false; continue; }
            if (s[i] == '"') return false;
        }
        return true;
    }

    public NameAddress Clone()
    {
        var c = new NameAddress(Uri.Clone(), DisplayName);
        foreach (var (k, v) in Parameters.Items) c.Parameters.Set(k, v);
        return c;
    }

    public override string ToString()
    {
        var sb = new StringBuilder(96);
        if (DisplayName is not null) sb.Append(HeaderText.Quote(DisplayName)).Append(' ');
        sb.Append('<');
        Uri.AppendTo(sb);
        sb.Append('>');
        Parameters.AppendTo(sb);
        return sb.ToString();
    }
}
