namespace Gateway.Sip.Headers;

/// <summary>Lexical helpers for RFC 3261 §25.1 header text: tokens, quoted strings, comma lists.</summary>
public static class HeaderText
{
    /// <summary>RFC 3261 §25.1 token characters besides alphanumerics.</summary>
    const string TokenSymbols = "-.!%*_+`'~";

    public static bool IsTokenChar(char c) =>
        c is >= 'a' and <= 'z' or >= 'A' and <= 'Z' or >= '0' and <= '9' || TokenSymbols.Contains(c);

    public static bool IsToken(ReadOnlySpan<char> s)
    {
        if (s.IsEmpty) return false;
        foreach (char c in s) if (!IsTokenChar(c)) return false;
        return true;
    }

    /// <summary>
    /// Index of <paramref name="c"/> outside quoted strings and angle brackets; -1 when absent,
    /// -2 when a quote or bracket is unbalanced.
    /// </summary>
    public static int IndexOfUnquoted(ReadOnlySpan<char> s, char c)
    {
        bool quoted = false; int angle = 0;
        for (int i = 0; i < s.Length; i++)
        {
            char x = s[i];
            if (quoted)
            {
                if (x == '\\') i++;
                else if (x == '"') quoted = false;
                continue;
            }
            if (x == c && angle == 0) return i;
            if (x == '"') quoted = true;
            else if (x == '<') angle++;
            else if (x == '>') { if (--angle < 0) return -2; }
        }
        return quoted || angle != 0 ? -2 : -1;
    }

    /// <summary>Splits a comma-separated header value (§7.3.1) respecting quotes and &lt;&gt;. Null when unbalanced.</summary>
    public static List<string>? SplitList(string value)
    {
        var list = new List<string>();
        var rest = value.AsSpan();
        while (true)
        {
            int i = IndexOfUnquoted(rest, ',');
            if (i == -2) return null;
            var item = (i < 0 ? rest : rest[..i]).Trim();
            if (!item.IsEmpty) list.Add(item.ToString());
            if (i < 0) return list;
            rest = rest[(i + 1)..];
        }
    }

    /// <summary>Removes the surrounding quotes and backslash escapes of a quoted-string (§25.1).</summary>
    public static string Unquote(string s)
    {
        if (s.Length < 2 || s[0] != '"' || s[^1] != '"') return s;
        var inner = s.AsSpan(1, s.Length - 2);
        if (!inner.Contains('\\')) return inner.ToString();
        var sb = new System.Text.StringBuilder(inner.Length);
        for (int i = 0; i < inner.Length; i++)
        {
            if (inner[i] == '\\' && i + 1 < inner.Length) i++;
            sb.Append(inner[i]);
        }
        return sb.ToString();
    }

    public static string Quote(string s) => "\"" + s.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
}
