namespace Gateway.Fax.T38;

/// <summary>
/// Turns incoming UDPTL datagrams back into IFP packets in sequence order (T.38 §9.1): duplicates and
/// packets older than the last one delivered are dropped; gaps are filled from the secondary IFPs or the
/// FEC parity of later packets when possible. What cannot be recovered shows as a gap in the sequence
/// numbers handed to the caller, so the T.38 terminal can mark an HDLC frame or image data as damaged.
/// </summary>
public sealed class UdptlReceiver
{
    private const int Window = 64;
    private readonly byte[]?[] _ifp = new byte[Window][];
    private readonly int[] _ifpSeq = new int[Window];
    private readonly UdptlPacket?[] _fec = new UdptlPacket[Window];
    private int _expected = -1;

    /// <summary>Creates a receiver.</summary>
    public UdptlReceiver()
    {
        Array.Fill(_ifpSeq, -1);
    }

    /// <summary>Datagrams accepted.</summary>
    public long Received { get; private set; }
    /// <summary>Datagrams dropped because they were delivered already.</summary>
    public long Duplicates { get; private set; }
    /// <summary>IFPs rebuilt from redundancy or FEC.</summary>
    public long Recovered { get; private set; }
    /// <summary>IFPs given up for lost.</summary>
    public long Lost { get; private set; }
    /// <summary>Datagrams that did not decode.</summary>
    public long Malformed { get; private set; }

    /// <summary>Processes one datagram; the IFPs it yields (in order, with their sequence numbers) go to <paramref name="deliver"/>.</summary>
    public UdptlError Receive(ReadOnlySpan<byte> datagram, Action<int, ReadOnlyMemory<byte>> deliver)
    {
        ArgumentNullException.ThrowIfNull(deliver);
        if (!UdptlCodec.TryDecode(datagram, out var packet, out var error))
        {
            Malformed++;
            return error;
        }
        var s = packet.SequenceNumber;
        if (_expected < 0)
            _expected = s;
        var ahead = (short)(s - _expected);
        if (ahead < -Window || ahead > 1000)
        {
            // Far outside the window: the far end restarted its numbering. Start again from here.
            Array.Fill(_ifpSeq, -1);
            Array.Clear(_fec);
            _expected = s;
            ahead = 0;
        }
        if (ahead < 0)
        {
            Duplicates++;
            return UdptlError.None;
        }
        Received++;
        Store(s, packet.Primary.ToArray());
        if (packet.IsFec)
            _fec[s & (Window - 1)] = packet;
        else
        {
            // Secondary i is packet s − 1 − i.
            for (var i = 0; i < packet.Secondary.Count && i < ahead; i++)
            {
                var q = (s - 1 - i) & 0xFFFF;
                if (!Has(q) && !packet.Secondary[i].IsEmpty)
                {
                    Store(q, packet.Secondary[i].ToArray());
                    Recovered++;
                }
            }
        }
        if (ahead > 0)
            RepairFromFec(s);
        while (_expected != ((s + 1) & 0xFFFF))
        {
            var q = _expected;
            if (Has(q))
                deliver(q, _ifp[q & (Window - 1)]);
            else
                Lost++;
            _expected = (q + 1) & 0xFFFF;
        }
        return UdptlError.None;
    }

    private bool Has(int seq) => _ifpSeq[seq & (Window - 1)] == seq;

    private void Store(int seq, byte[] ifp)
    {
        _ifp[seq & (Window - 1)] = ifp;
        _ifpSeq[seq & (Window - 1)] = seq;
    }

    // Each parity entry m of packet t covers t + m − span·entries + j·entries (j = 0..span−1): if exactly one
    // of those is missing and the others are here, XOR rebuilds it. Repeat until nothing more can be rebuilt.
    private void RepairFromFec(int newest)
    {
        bool progress;
        do
        {
            progress = false;
            for (var back = 0; back < 32; back++)
            {
                var t = (newest - back) & 0xFFFF;
                if (_fec[t & (Window - 1)] is not { } p || p.SequenceNumber != t)
                    continue;
                var entries = p.FecEntries.Count;
                for (var m = 0; m < entries; m++)
                {
                    var missing = -1;
                    var count = 0;
                    for (var j = 0; j < p.FecSpan; j++)
                    {
                        var q = (t + m - p.FecSpan * entries + j * entries) & 0xFFFF;
                        if (!Has(q))
                        {
                            missing = q;
                            count++;
                        }
                    }
                    if (count != 1 || (short)(missing - _expected) < 0)
                        continue;
                    var xor = p.FecEntries[m].ToArray();
                    for (var j = 0; j < p.FecSpan; j++)
                    {
                        var q = (t + m - p.FecSpan * entries + j * entries) & 0xFFFF;
                        if (q == missing)
                            continue;
                        var other = _ifp[q & (Window - 1)]!;
                        for (var k = 0; k < Math.Min(other.Length, xor.Length); k++)
                            xor[k] ^= other[k];
                    }
                    Store(missing, xor);
                    Recovered++;
                    progress = true;
                }
            }
        }
        while (progress);
    }
}
