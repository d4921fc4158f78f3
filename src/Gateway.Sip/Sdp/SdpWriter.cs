using System.Buffers;
using System.Globalization;
using System.Text;

namespace Gateway.Sip.Sdp;

/// <summary>Writes SDP in the RFC 8866 §5 order (v o s i u e p c b t r z k a m) with CRLF line ends.</summary>
public static class SdpWriter
{
    public static string Write(SdpSession s)
    {
        var text = new SdpText();
        try
        {
            Render(s, s.Origin, text);
            return new string(text.Written);
        }
        finally { text.Dispose(); }
    }

    public static byte[] ToBytes(SdpSession s)
    {
        var text = new SdpText();
        try
        {
            Render(s, s.Origin, text);
            var bytes = new byte[Encoding.UTF8.GetByteCount(text.Written)];
            Encoding.UTF8.GetBytes(text.Written, bytes);
            return bytes;
        }
        finally { text.Dispose(); }
    }

    /// <summary>
    /// True when <paramref name="s"/>, with <paramref name="origin"/> as its o= line, is written exactly as
    /// <paramref name="other"/> (RFC 3264 §8: an unchanged description keeps its version).
    /// </summary>
    internal static bool SameText(SdpSession s, SdpOrigin origin, SdpSession other)
    {
        SdpText a = new(), b = new();
        try
        {
            Render(s, origin, a);
            Render(other, other.Origin, b);
            return a.Written.SequenceEqual(b.Written);
        }
        finally
        {
            a.Dispose();
            b.Dispose();
        }
    }

    static void Render(SdpSession s, SdpOrigin origin, SdpText t)
    {
        t.Append("v=0\r\n");
        t.Append("o=").Append(origin.UserName).Append(' ').Append(origin.SessionId).Append(' ').Append(origin.SessionVersion)
            .Append(' ').Append(origin.NetType).Append(' ').Append(origin.AddrType).Append(' ').Append(origin.Address).Append("\r\n");
        t.Append("s=").Append(s.SessionName.Length == 0 ? "-" : s.SessionName).Append("\r\n");
        foreach (var l in s.OtherLines)
            if (l[0] is 'i' or 'u' or 'e' or 'p') t.Append(l).Append("\r\n");
        if (s.Connection is { } c) Connection(t, c);
        foreach (var b in s.Bandwidths) t.Append("b=").Append(b).Append("\r\n");
        t.Append("t=").Append(s.Timing).Append("\r\n");
        foreach (var l in s.OtherLines)
            if (l[0] is not ('i' or 'u' or 'e' or 'p')) t.Append(l).Append("\r\n");
        foreach (var a in s.Attributes) Attribute(t, a);
        foreach (var m in s.Media)
        {
            t.Append("m=").Append(m.Media).Append(' ').Append((long)m.Port);
            if (m.PortCount is int n) t.Append('/').Append((long)n);
            t.Append(' ').Append(m.Protocol);
            foreach (var f in m.Formats) t.Append(' ').Append(f);
            t.Append("\r\n");
            foreach (var l in m.OtherLines) t.Append(l).Append("\r\n");
            if (m.Connection is { } mc) Connection(t, mc);
            foreach (var b in m.Bandwidths) t.Append("b=").Append(b).Append("\r\n");
            foreach (var a in m.Attributes) Attribute(t, a);
        }
    }

    static void Connection(SdpText t, SdpConnection c) =>
        t.Append("c=").Append(c.NetType).Append(' ').Append(c.AddrType).Append(' ').Append(c.Address).Append("\r\n");

    static void Attribute(SdpText t, SdpAttribute a)
    {
        t.Append("a=").Append(a.Name);
        if (a.Value is not null) t.Append(':').Append(a.Value);
        t.Append("\r\n");
    }

    /// <summary>The text being written, in a char array rented from the shared pool and given back by <see cref="Dispose"/>.</summary>
    sealed class SdpText
    {
        char[] _buffer = ArrayPool<char>.Shared.Rent(1024);
        int _length;

        public ReadOnlySpan<char> Written => _buffer.AsSpan(0, _length);

        public SdpText Append(string? s)
        {
            if (s is null) return this;
            Room(s.Length);
            s.CopyTo(_buffer.AsSpan(_length));
            _length += s.Length;
            return this;
        }

        public SdpText Append(char c)
        {
            Room(1);
            _buffer[_length++] = c;
            return this;
        }

        public SdpText Append(ulong v)
        {
            Room(20);
            v.TryFormat(_buffer.AsSpan(_length), out int n, default, CultureInfo.InvariantCulture);
            _length += n;
            return this;
        }

        public SdpText Append(long v)
        {
            Room(20);
            v.TryFormat(_buffer.AsSpan(_length), out int n, default, CultureInfo.InvariantCulture);
            _length += n;
            return this;
        }

        void Room(int more)
        {
            if (_length + more <= _buffer.Length) return;
            var bigger = ArrayPool<char>.Shared.Rent(Math.Max(_buffer.Length * 2, _length + more));
            _buffer.AsSpan(0, _length).CopyTo(bigger);
            ArrayPool<char>.Shared.Return(_buffer);
            _buffer = bigger;
        }

        public void Dispose()
        {
            if (_buffer.Length > 0) ArrayPool<char>.Shared.Return(_buffer);
            _buffer = [];
            _length = 0;
        }
    }
}
