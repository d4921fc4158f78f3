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
        if (!Scan(text, out var display, out var uriText, out var paramText)) return false;
        if (!SipUri.TryParse(uriText, out var uri)) return false;
        result = new NameAddress(uri, display.IsEmpty ? null : display[0] == '"' ? HeaderText.Unquote(display.ToString()) : display.ToString());
        return paramText.IsEmpty || SipParameters.TryParse(paramText, result.Parameters);
    }

    /// <summary>
    /// True when <see cref="TryParse"/> would accept the text, checked without making objects or strings;
    /// <paramref name="tagNeedsValue"/> also rejects a <c>;tag</c> without a value (From and To).
    /// </summary>
    internal static bool IsValid(ReadOnlySpan<char> text, bool tagNeedsValue = false) =>
        Scan(text, out _, out var uriText, out var paramText) && SipUri.Scan(uriText, null)
        && (paramText.IsEmpty || SipParameters.Scan(paramText, null, tagNeedsValue));

    /// <summary>
    /// The value of a header parameter (e.g. the tag of From or To, §19.3) in text that <see cref="TryParse"/>
    /// accepts, as <c>Parameters.Get(name)</c> would give it; false when the text does not parse or has no such
    /// parameter with a value.
    /// </summary>
    internal static bool TryGetParameter(ReadOnlySpan<char> text, string name, out ReadOnlySpan<char> value)
    {
        value = default;
        return IsValid(text) && Scan(text, out _, out _, out var paramText)
            && SipParameters.TryFind(paramText, name, out value) && !value.IsEmpty;
    }

    // The parts of a name-addr or addr-spec: the display name as written (quotes included; empty when absent),
    // the URI text (trimmed) and the header parameters (';' first, or empty).
    static bool Scan(ReadOnlySpan<char> text, out ReadOnlySpan<char> display, out ReadOnlySpan<char> uriText, out ReadOnlySpan<char> paramText)
    {
        display = uriText = paramText = default;
        text = text.Trim();
        if (text.IsEmpty) return false;
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
                }
                else
                {
                    // §25.1 display-name = *(token LWS) / quoted-string
                    foreach (char c in disp)
                        if (!(HeaderText.IsTokenChar(c) || c is ' ' or '\t')) return false;
                }
                display = disp;
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
        uriText = uriText.Trim();
        return true;
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
