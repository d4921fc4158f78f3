namespace Gateway.Fax.T38;

/// <summary>
/// Wraps outgoing IFP packets in UDPTL datagrams with redundancy or FEC (T.38 §9.1), never exceeding the
/// far end's maximum datagram: redundancy entries are dropped (oldest first) when the datagram would be too
/// large. <see cref="MaxIfpSize"/> tells the T.38 terminal how large an IFP may be so that it splits data.
/// </summary>
public sealed class UdptlSender
{
    private const int History = 16;
    private readonly UdptlOptions _options;
    private readonly byte[][] _history = new byte[History][];
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
        for (var i = 0; i < History; i++)
            _history[i] = [];
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

    /// <summary>Datagrams sent.</summary>
    public long Sent => _sent;

    /// <summary>Builds the next datagram carrying <paramref name="ifp"/>.</summary>
    public byte[] Send(ReadOnlySpan<byte> ifp)
    {
        if (ifp.Length > _options.MaxDatagram - 6)
            throw new ArgumentException($"An IFP of {ifp.Length} octets cannot fit a {_options.MaxDatagram}-octet datagram; split it (MaxIfpSize {MaxIfpSize}).", nameof(ifp));
        var seq = _seq;
        var primary = ifp.ToArray();
        UdptlPacket packet;
        switch (_options.ErrorCorrection)
        {
            case UdptlErrorCorrection.Redundancy:
                {
                    var available = (int)Math.Min(_options.RedundancyDepth, _sent);
                    var secondary = new List<ReadOnlyMemory<byte>>(available);
                    for (var i = 0; i < available; i++)
                        secondary.Add(_history[(seq - 1 - i) & (History - 1)]);
                    packet = new UdptlPacket(seq, primary) { Secondary = secondary };
                    while (secondary.Count > 0 && UdptlCodec.EncodedLength(packet) > _options.MaxDatagram)
                    {
                        secondary.RemoveAt(secondary.Count - 1);
                        packet = new UdptlPacket(seq, primary) { Secondary = secondary };
                    }
                    break;
                }
            case UdptlErrorCorrection.Fec:
                packet = BuildFec(seq, primary);
                break;
            default:
                packet = new UdptlPacket(seq, primary);
                break;
        }
        _history[seq & (History - 1)] = primary;
        _seq = (seq + 1) & 0xFFFF;
        _sent++;
        return UdptlCodec.Encode(packet);
    }

    private UdptlPacket BuildFec(int seq, byte[] primary)
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
        // The entry count is also the stride of the parity sets, so a packet that would be too large is
        // rebuilt with fewer entries rather than truncated.
        while (true)
        {
            var packet = FecPacket(seq, primary, span, entries);
            if (entries == 0 || UdptlCodec.EncodedLength(packet) <= _options.MaxDatagram)
                return packet;
            entries--;
        }
    }

    private UdptlPacket FecPacket(int seq, byte[] primary, int span, int entries)
    {
        var parity = new List<ReadOnlyMemory<byte>>(entries);
        for (var m = 0; m < entries; m++)
        {
            var length = 0;
            for (var j = 0; j < span; j++)
                length = Math.Max(length, _history[(seq + m - span * entries + j * entries) & (History - 1)].Length);
            var xor = new byte[length];
            for (var j = 0; j < span; j++)
            {
                var c = _history[(seq + m - span * entries + j * entries) & (History - 1)];
                for (var k = 0; k < c.Length; k++)
                    xor[k] ^= c[k];
            }
            parity.Add(xor);
        }
        return new UdptlPacket(seq, primary) { IsFec = true, FecSpan = span, FecEntries = parity };
    }
}
