namespace Gateway.Fax.T38;

/// <summary>
/// Wraps outgoing IFP packets in UDPTL datagrams with redundancy or FEC (T.38 §9.1), never exceeding the
/// far end's maximum datagram: redundancy entries are dropped (oldest first) when the datagram would be too
/// large. <see cref="MaxIfpSize"/> tells the T.38 terminal how large an IFP may be so that it splits data.
/// <see cref="Send(ReadOnlySpan{byte}, Span{byte})"/> writes into the caller's buffer and allocates nothing
/// once the history slots have grown to the IFP sizes in use.
/// </summary>
public sealed class UdptlSender
{
    private const int History = 16;
    private readonly UdptlOptions _options;
    // The last History IFPs sent, by sequence number: the source of secondary IFPs and FEC parity.
    private readonly byte[][] _history = new byte[History][];
    private readonly int[] _historyLength = new int[History];
    private int _seq;
    private long _sent;

    /// <summary>Creates a sender.</summary>
    public UdptlSender(UdptlOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.MaxDatagram < 32)
            throw new ArgumentException("T38FaxMaxDatagram below 32 octets leaves no room for an IFP.", nameof(options));
        _options = options;
        _seq = options.InitialSequence & 0xFFFF;
        // Room for the usual IFPs up front (indicators, 20 ms image chunks, short HDLC frames): a slot grows only for larger ones.
        for (var i = 0; i < History; i++)
            _history[i] = new byte[64];
    }

    /// <summary>
    /// The largest IFP that still fits one datagram with the error recovery in use, by Asterisk's rule:
    /// none D−6 (Asterisk writes D−5, which overflows by one octet once the IFP needs a two-octet length);
    /// redundancy (D−8)/(depth+1), taking fewer entries while that is under 80; FEC (D−10)/2.
    /// </summary>
    public int MaxIfpSize
    {
        get
        {
            var d = _options.MaxDatagram;
            switch (_options.ErrorCorrection)
            {
                case UdptlErrorCorrection.Redundancy:
                    for (var entries = _options.RedundancyDepth; entries > 0; entries--)
                    {
                        var size = (d - 8) / (entries + 1);
                        if (size >= 80)
                            return size;
                    }
                    return d - 6;
                case UdptlErrorCorrection.Fec:
                    return (d - 10) / 2;
                default:
                    return d - 6;
            }
        }
    }

    /// <summary>The largest datagram this sender writes (the far end's T38FaxMaxDatagram): a buffer this large always suffices.</summary>
    public int MaxDatagram => _options.MaxDatagram;

    /// <summary>Datagrams sent.</summary>
    public long Sent => _sent;

    /// <summary>Builds the next datagram carrying <paramref name="ifp"/> into a new array.</summary>
    public byte[] Send(ReadOnlySpan<byte> ifp)
    {
        var buffer = new byte[_options.MaxDatagram];
        var n = Send(ifp, buffer);
        return buffer[..n];
    }

    /// <summary>
    /// Builds the next datagram carrying <paramref name="ifp"/> into <paramref name="datagram"/> (at least
    /// <see cref="MaxDatagram"/> octets) and returns its length.
    /// </summary>
    /// <exception cref="ArgumentException">The IFP cannot fit a datagram, or <paramref name="datagram"/> is too small.</exception>
    public int Send(ReadOnlySpan<byte> ifp, Span<byte> datagram)
    {
        if (ifp.Length > _options.MaxDatagram - 6)
            throw new ArgumentException($"An IFP of {ifp.Length} octets cannot fit a {_options.MaxDatagram}-octet datagram; split it (MaxIfpSize {MaxIfpSize}).", nameof(ifp));
        if (datagram.Length < _options.MaxDatagram)
            throw new ArgumentException($"The buffer must hold a {_options.MaxDatagram}-octet datagram.", nameof(datagram));
        var seq = _seq;
        var p = 0;
        UdptlCodec.WriteHeader(datagram, ref p, seq, ifp);
        switch (_options.ErrorCorrection)
        {
            case UdptlErrorCorrection.Redundancy:
                WriteRedundancy(datagram, ref p, seq);
                break;
            case UdptlErrorCorrection.Fec:
                WriteFec(datagram, ref p, seq);
                break;
            default:
                datagram[p++] = 0x00;
                datagram[p++] = 0; // no secondary IFPs
                break;
        }
        Remember(seq, ifp);
        _seq = (seq + 1) & 0xFFFF;
        _sent++;
        return p;
    }

    private ReadOnlySpan<byte> Previous(int seq) => _history[seq & (History - 1)].AsSpan(0, _historyLength[seq & (History - 1)]);

    private void Remember(int seq, ReadOnlySpan<byte> ifp)
    {
        var slot = seq & (History - 1);
        if (_history[slot].Length < ifp.Length)
            _history[slot] = new byte[Math.Max(ifp.Length, 64)];
        ifp.CopyTo(_history[slot]);
        _historyLength[slot] = ifp.Length;
    }

    // Secondary IFPs, newest (seq − 1) first: as many of the last RedundancyDepth as fit the datagram.
    private void WriteRedundancy(Span<byte> d, ref int p, int seq)
    {
        var available = (int)Math.Min(_options.RedundancyDepth, _sent);
        // Datagram size with `count` entries: header, choice octet, length of the count, the entries.
        var entries = 0;
        var count = 0;
        for (; count < available; count++)
        {
            var next = entries + UdptlCodec.OpenTypeLength(Previous(seq - 1 - count).Length);
            if (p + 1 + UdptlCodec.LengthOfLength(count + 1) + next > _options.MaxDatagram)
                break;
            entries = next;
        }
        d[p++] = 0x00;
        UdptlCodec.WriteLength(d, ref p, count);
        for (var i = 0; i < count; i++)
            UdptlCodec.WriteOpenType(d, ref p, Previous(seq - 1 - i));
    }

    private void WriteFec(Span<byte> d, ref int p, int seq)
    {
        var span = _options.FecSpan;
        var entries = _options.FecEntries;
        var sent = (int)Math.Min(_sent, int.MaxValue);
        if (sent < span * entries)
        {
            // Wind up gradually while there are not yet span·entries packets to cover (as Asterisk does).
            entries = sent / span;
            if (sent < span)
                span = 0;
        }
        // The entry count is also the stride of the parity sets, so a datagram that would be too large is
        // built with fewer entries rather than truncated.
        while (entries > 0 && FecLength(p, seq, span, entries) > _options.MaxDatagram)
            entries--;
        UdptlCodec.WriteFecHeader(d, ref p, span, entries);
        for (var m = 0; m < entries; m++)
        {
            // Entry m is the XOR of packets seq + m − span·entries + j·entries, j = 0..span−1, as long as the longest.
            var length = ParityLength(seq, span, entries, m);
            if (length == 0)
            {
                UdptlCodec.WriteOpenType(d, ref p, []);
                continue;
            }
            UdptlCodec.WriteLength(d, ref p, length);
            var parity = d.Slice(p, length);
            parity.Clear();
            for (var j = 0; j < span; j++)
            {
                var c = Previous(seq + m - span * entries + j * entries);
                for (var k = 0; k < c.Length; k++)
                    parity[k] ^= c[k];
            }
            p += length;
        }
    }

    private int ParityLength(int seq, int span, int entries, int m)
    {
        var length = 0;
        for (var j = 0; j < span; j++)
            length = Math.Max(length, Previous(seq + m - span * entries + j * entries).Length);
        return length;
    }

    private int FecLength(int header, int seq, int span, int entries)
    {
        var n = header + 1 + 2 + UdptlCodec.LengthOfLength(entries);
        for (var m = 0; m < entries; m++)
            n += UdptlCodec.OpenTypeLength(ParityLength(seq, span, entries, m));
        return n;
    }
}
