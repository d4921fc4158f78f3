using System.Text;
using Gateway.Sip.Headers;

namespace Gateway.Sip.Message;

/// <summary>
/// A SIP message (RFC 3261 §7): start line, header fields in their order, body. Parsed messages keep
/// their source bytes and decode a header value only when it is read.
/// </summary>
public abstract class SipMessage
{
    internal ReadOnlyMemory<byte> Source;
    SipHeaderField[] _fields = new SipHeaderField[20];
    int _count;

    public ReadOnlyMemory<byte> Body { get; set; }

    public abstract bool IsRequest { get; }

    internal int FieldCount => _count;
    internal ref readonly SipHeaderField Field(int i) => ref _fields[i];

    internal void AddField(in SipHeaderField f)
    {
        if (_count == _fields.Length) Array.Resize(ref _fields, _count * 2);
        _fields[_count++] = f;
    }

    internal string ValueOf(in SipHeaderField f) => f.Text ?? Encoding.UTF8.GetString(Source.Span.Slice(f.Start, f.Length));

    internal ReadOnlySpan<byte> RawValue(in SipHeaderField f) => Source.Span.Slice(f.Start, f.Length);

    /// <summary>All header lines as (canonical name, value) in message order.</summary>
    public IEnumerable<KeyValuePair<string, string>> Headers
    {
        get
        {
            for (int i = 0; i < _count; i++) yield return new(_fields[i].Name, ValueOf(_fields[i]));
        }
    }

    /// <summary>The first value of a header (any case or compact form), or null.</summary>
    public string? GetHeader(string name)
    {
        name = HeaderNames.Normalize(name);
        for (int i = 0; i < _count; i++)
            if (string.Equals(_fields[i].Name, name, StringComparison.OrdinalIgnoreCase)) return ValueOf(_fields[i]);
        return null;
    }

    public bool HasHeader(string name) => GetHeader(name) is not null;

    /// <summary>
    /// The first value of a header (canonical name) as characters, decoded into <paramref name="scratch"/> when it
    /// fits (a UTF-8 byte is at most one char); dispose it to give back a rented buffer.
    /// </summary>
    internal HeaderValueChars FirstValueChars(string canonicalName, Span<char> scratch)
    {
        for (int i = 0; i < _count; i++)
            if (string.Equals(_fields[i].Name, canonicalName, StringComparison.OrdinalIgnoreCase)) return new HeaderValueChars(this, _fields[i], scratch);
        return default;
    }

    /// <summary>The tag of From or To (canonical name), as <c>From?.Tag</c> / <c>To?.Tag</c> give it, without parsing the header into objects.</summary>
    internal string? TagOf(string canonicalName)
    {
        Span<char> scratch = stackalloc char[256];
        using var v = FirstValueChars(canonicalName, scratch);
        return v.Found && NameAddress.TryGetParameter(v.Value, "tag", out var tag) ? tag.ToString() : null;
    }

    /// <summary>The method of CSeq, as <c>CSeq?.Method</c> gives it (a known method is the shared string).</summary>
    internal string? CSeqMethod
    {
        get
        {
            Span<char> scratch = stackalloc char[64];
            using var v = FirstValueChars(HeaderNames.CSeq, scratch);
            return v.Found && CSeqHeader.TryParse(v.Value, out var cseq) ? cseq.Method : null;
        }
    }

    /// <summary>
    /// Every value of a header in order: separate lines and comma-separated values alike (§7.3.1).
    /// Headers whose grammar allows no lists (e.g. WWW-Authenticate, Date) are returned per line.
    /// </summary>
    public List<string> GetHeaderValues(string name)
    {
        name = HeaderNames.Normalize(name);
        bool split = IsListHeader(name);
        var list = new List<string>();
        for (int i = 0; i < _count; i++)
        {
            if (!string.Equals(_fields[i].Name, name, StringComparison.OrdinalIgnoreCase)) continue;
            var v = ValueOf(_fields[i]);
            if (split) list.AddRange(HeaderText.SplitList(v) ?? [v]);
            else list.Add(v);
        }
        return list;
    }

    static bool IsListHeader(string name) => name is not (HeaderNames.WwwAuthenticate or HeaderNames.ProxyAuthenticate
        or HeaderNames.Authorization or HeaderNames.ProxyAuthorization or HeaderNames.Date or HeaderNames.RetryAfter
        or HeaderNames.UserAgent or HeaderNames.Server or HeaderNames.Subject or HeaderNames.CallId or HeaderNames.CSeq
        or HeaderNames.From or HeaderNames.To or HeaderNames.ContentType);

    public void AddHeader(string name, string value) => AddField(new SipHeaderField(HeaderNames.Normalize(name), value, 0, 0));

    /// <summary>Inserts a header line before all others of the same name (used for the top Via, §16.6).</summary>
    public void PrependHeader(string name, string value)
    {
        name = HeaderNames.Normalize(name);
        int at = 0;
        for (; at < _count; at++) if (string.Equals(_fields[at].Name, name, StringComparison.OrdinalIgnoreCase)) break;
        if (at == _count) at = 0;
        AddField(default);
        Array.Copy(_fields, at, _fields, at + 1, _count - 1 - at);
        _fields[at] = new SipHeaderField(name, value, 0, 0);
    }

    /// <summary>Replaces all lines of a header by one value (or removes them when value is null).</summary>
    public void SetHeader(string name, string? value)
    {
        name = HeaderNames.Normalize(name);
        int first = -1;
        for (int i = 0; i < _count; i++)
            if (string.Equals(_fields[i].Name, name, StringComparison.OrdinalIgnoreCase)) { first = i; break; }
        RemoveHeader(name);
        if (value is null) return;
        if (first < 0) { AddHeader(name, value); return; }
        AddField(default);
        Array.Copy(_fields, first, _fields, first + 1, _count - 1 - first);
        _fields[first] = new SipHeaderField(name, value, 0, 0);
    }

    public int RemoveHeader(string name)
    {
        name = HeaderNames.Normalize(name);
        int w = 0, removed = 0;
        for (int r = 0; r < _count; r++)
        {
            if (string.Equals(_fields[r].Name, name, StringComparison.OrdinalIgnoreCase)) { removed++; continue; }
            _fields[w++] = _fields[r];
        }
        _count = w;
        return removed;
    }

    /// <summary>Removes only the first value of a header (the top Via when a response is forwarded, §18.1.2).</summary>
    public void RemoveFirstValue(string name)
    {
        name = HeaderNames.Normalize(name);
        for (int i = 0; i < _count; i++)
        {
            if (!string.Equals(_fields[i].Name, name, StringComparison.OrdinalIgnoreCase)) continue;
            var parts = HeaderText.SplitList(ValueOf(_fields[i]));
            if (parts is { Count: > 1 }) _fields[i] = new SipHeaderField(name, string.Join(", ", parts.Skip(1)), 0, 0);
            else { Array.Copy(_fields, i + 1, _fields, i, _count - i - 1); _count--; }
            return;
        }
    }

    public string? CallId => GetHeader(HeaderNames.CallId);

    public NameAddress? From => NameAddress.TryParse(GetHeader(HeaderNames.From), out var na) ? na : null;

    public NameAddress? To => NameAddress.TryParse(GetHeader(HeaderNames.To), out var na) ? na : null;

    public CSeqHeader? CSeq => CSeqHeader.TryParse(GetHeader(HeaderNames.CSeq), out var c) ? c : null;

    /// <summary>The topmost Via value (§8.1.1.7), or null.</summary>
    public ViaHeader? TopVia
    {
        get
        {
            var v = GetHeader(HeaderNames.Via);
            if (v is null) return null;
            int comma = HeaderText.IndexOfUnquoted(v, ',');
            return ViaHeader.TryParse(comma >= 0 ? v.AsSpan(0, comma) : v, out var via) ? via : null;
        }
    }

    public List<ViaHeader> Vias => [.. GetHeaderValues(HeaderNames.Via).Select(ViaHeader.Parse)];

    public string? ContentType => GetHeader(HeaderNames.ContentType);

    /// <summary>Copies every header of <paramref name="name"/> from another message, in order (e.g. Via into a response, §8.2.6.2).</summary>
    public void CopyHeaders(SipMessage from, string name)
    {
        name = HeaderNames.Normalize(name);
        for (int i = 0; i < from._count; i++)
            if (string.Equals(from._fields[i].Name, name, StringComparison.OrdinalIgnoreCase))
                AddHeader(name, from.ValueOf(from._fields[i]));
    }

    public byte[] ToBytes() => SipSerializer.ToBytes(this);

    public override string ToString() => Encoding.UTF8.GetString(ToBytes());
}
