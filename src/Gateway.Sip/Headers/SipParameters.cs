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
    public static bool TryParse(ReadOnlySpan<char> text, SipParameters into)
    {
        text = text.Trim();
        while (!text.IsEmpty)
        {
            if (text[0] == ';') text = text[1..].TrimStart();
            if (text.IsEmpty) return false;
            int end = HeaderText.IndexOfUnquoted(text, ';');
            if (end == -2) return false;
            var item = end < 0 ? text : text[..end];
            int eq = item.IndexOf('=');
            var name = (eq < 0 ? item : item[..eq]).Trim();
            if (name.IsEmpty || !HeaderText.IsToken(name)) return false;
            string? value = eq < 0 ? null : item[(eq + 1)..].Trim().ToString();
            if (value is { Length: 0 }) return false;
            into._items.Add(new(name.ToString(), value));
            text = end < 0 ? [] : text[end..];
        }
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
