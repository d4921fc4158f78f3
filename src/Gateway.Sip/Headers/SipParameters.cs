using System.Text;

namespace Gateway.Sip.Headers;

/// <summary>
/// An ordered list of <c>;name[=value]</c> parameters (RFC 3261 §25.1 generic-param). Names compare
/// case-insensitively (§7.3.1); values keep their original text, including quotes.
/// </summary>
public sealed class SipParameters
{
    readonly List<KeyValuePair<string, string?>> _items = [];

    public int Count => _items.Count;

    public IReadOnlyList<KeyValuePair<string, string?>> Items => _items;

    public bool Contains(string name) => IndexOf(name) >= 0;

    /// <summary>The value of a parameter; null when absent or when present without a value.</summary>
    public string? Get(string name)
    {
        int i = IndexOf(name);
        return i < 0 ? null : _items[i].Value;
    }

    public void Set(string name, string? value)
    {
        int i = IndexOf(name);
        if (i >= 0) _items[i] = new(_items[i].Key, value);
        else _items.Add(new(name, value));
    }

    public bool Remove(string name)
    {
        int i = IndexOf(name);
        if (i < 0) return false;
        _items.RemoveAt(i);
        return true;
    }

    int IndexOf(string name)
    {
        for (int i = 0; i < _items.Count; i++)
            if (string.Equals(_items[i].Key, name, StringComparison.OrdinalIgnoreCase)) return i;
        return -1;
    }

    /// <summary>Parses <c>;a=b;c</c> (the leading ';' optional). Returns false on an empty name or unbalanced quote.</summary>
    public static bool TryParse(ReadOnlySpan<char> text, SipParameters into) => Scan(text, into);

    /// <summary>
    /// The grammar of <see cref="TryParse"/>, adding each parameter to <paramref name="into"/>, or with null only
    /// checking it (no string is made). <paramref name="tagNeedsValue"/>: a <c>tag</c> without a value fails
    /// (From and To, RFC 3261 §25.1 tag-param).
    /// </summary>
    internal static bool Scan(ReadOnlySpan<char> text, SipParameters? into, bool tagNeedsValue = false)
    {
        text = text.Trim();
        while (!text.IsEmpty)
        {
            if (!NextItem(ref text, out var name, out var value, out bool hasValue)) return false;
            if (tagNeedsValue && !hasValue && name.SequenceEqual("tag")) return false;
            into?._items.Add(new(name.ToString(), hasValue ? value.ToString() : null));
        }
        return true;
    }

    /// <summary>
    /// Finds a parameter (name compared case-insensitively, §7.3.1) in text that <see cref="Scan"/> accepts, as
    /// <see cref="Get"/> would after parsing: the first one of that name; <paramref name="value"/> is empty when it
    /// has none.
    /// </summary>
    internal static bool TryFind(ReadOnlySpan<char> text, string name, out ReadOnlySpan<char> value)
    {
        text = text.Trim();
        while (!text.IsEmpty)
        {
            if (!NextItem(ref text, out var n, out value, out _)) break;
            if (n.Equals(name, StringComparison.OrdinalIgnoreCase)) return true;
        }
        value = default;
        return false;
    }

    // One ";name[=value]" item from the front of text (trimmed at the start).
    static bool NextItem(scoped ref ReadOnlySpan<char> text, out ReadOnlySpan<char> name, out ReadOnlySpan<char> value, out bool hasValue)
    {
        name = value = default;
        hasValue = false;
        if (text[0] == ';') text = text[1..].TrimStart();
        if (text.IsEmpty) return false;
        int end = HeaderText.IndexOfUnquoted(text, ';');
        if (end == -2) return false;
        var item = end < 0 ? text : text[..end];
        int eq = item.IndexOf('=');
        name = (eq < 0 ? item : item[..eq]).Trim();
        if (name.IsEmpty || !HeaderText.IsToken(name)) return false;
        if (eq >= 0)
        {
            hasValue = true;
            value = item[(eq + 1)..].Trim();
            if (value.IsEmpty) return false;
        }
        text = end < 0 ? [] : text[end..];
        return true;
    }

    public void AppendTo(StringBuilder sb)
    {
        foreach (var (k, v) in _items)
        {
            sb.Append(';').Append(k);
            if (v is not null) sb.Append('=').Append(v);
        }
    }

    public override string ToString()
    {
        var sb = new StringBuilder();
        AppendTo(sb);
        return sb.ToString();
    }

    public SipParameters Clone()
    {
        var c = new SipParameters();
        c._items.AddRange(_items);
        return c;
    }
}
