namespace Gateway.Fax.T38;

/// <summary>
/// Turns incoming UDPTL datagrams back into IFP packets in sequence order (T.38 §9.1): duplicates and
/// packets older than the last one delivered are dropped; gaps are filled from the secondary IFPs or the
/// FEC parity of later packets when possible. What cannot be recovered shows as a gap in the sequence
/// numbers handed to the caller, so the T.38 terminal can mark an HDLC frame or image data as damaged.
/// The IFPs and parity entries are kept in slots that are reused (they grow to the largest size seen),
/// so receiving allocates nothing per datagram; a slot is allocated when first used, and the FEC window only
/// when the first FEC datagram arrives (most calls use redundancy: 8 KB of parity bookkeeping saved per call).
/// </summary>
public sealed class UdptlReceiver
{
    private const int Window = 64;
    private const int MinSlot = 64;
    private readonly byte[][] _ifp = new byte[Window][];
    private readonly int[] _ifpLength = new int[Window];
    private readonly int[] _ifpSeq = new int[Window];
    private FecWindow? _fecWindow;
    private byte[] _scratch = [];
    private int _expected = -1;

    /// <summary>Creates a receiver.</summary>
    public UdptlReceiver()
    {
        Array.Fill(_ifpSeq, -1);
        Array.Fill(_ifp, []); // a slot gets its array (MinSlot octets: the usual IFPs fit) when first used
    }

    // FEC parity of the datagrams in the window: the entries back to back, where each one starts (MaxEntries + 1 per slot).
    private sealed class FecWindow
    {
        public readonly byte[][] Fec = new byte[Window][];
        public readonly int[] Seq = new int[Window];
        public readonly int[] Span = new int[Window];
        public readonly int[] Count = new int[Window];
        public readonly int[] Start = new int[Window * (UdptlCodec.MaxEntries + 1)];

        public FecWindow()
        {
            Array.Fill(Seq, -1);
            Array.Fill(Fec, []);
        }
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

    /// <summary>
    /// Processes one datagram; the IFPs it yields (in order, with their sequence numbers) go to <paramref name="deliver"/>.
    /// Each IFP's memory is the receiver's and valid only during that call (copy it to keep it).
    /// </summary>
    public UdptlError Receive(ReadOnlySpan<byte> datagram, Action<int, ReadOnlyMemory<byte>> deliver)
    {
        ArgumentNullException.ThrowIfNull(deliver);
        if (!UdptlCodec.TryRead(datagram, out var packet, out var error))
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
            if (_fecWindow is { } window)
                Array.Fill(window.Seq, -1);
            _expected = s;
            ahead = 0;
        }
        if (ahead < 0)
        {
            Duplicates++;
            return UdptlError.None;
        }
        Received++;
        Store(s, packet.Primary);
        if (packet.IsFec)
            StoreFec(s, packet);
        else
        {
            // Secondary i is packet s − 1 − i.
            var i = 0;
            foreach (var secondary in packet.Entries)
            {
                if (i >= ahead)
                    break;
                var q = (s - 1 - i) & 0xFFFF;
                if (!Has(q) && !secondary.IsEmpty)
                {
                    Store(q, secondary);
                    Recovered++;
                }
                i++;
            }
        }
        if (ahead > 0)
            RepairFromFec(s);
        while (_expected != ((s + 1) & 0xFFFF))
        {
            var q = _expected;
            var slot = q & (Window - 1);
            if (Has(q))
                deliver(q, new ReadOnlyMemory<byte>(_ifp[slot], 0, _ifpLength[slot]));
            else
                Lost++;
            _expected = (q + 1) & 0xFFFF;
        }
        return UdptlError.None;
    }

    private bool Has(int seq) => _ifpSeq[seq & (Window - 1)] == seq;

    private void Store(int seq, ReadOnlySpan<byte> ifp)
    {
        var slot = seq & (Window - 1);
        Fit(ref _ifp[slot], ifp.Length);
        ifp.CopyTo(_ifp[slot]);
        _ifpLength[slot] = ifp.Length;
        _ifpSeq[slot] = seq;
    }

    private void StoreFec(int seq, UdptlView packet)
    {
        var window = _fecWindow ??= new FecWindow();
        var slot = seq & (Window - 1);
        var total = 0;
        foreach (var entry in packet.Entries)
            total += entry.Length;
        Fit(ref window.Fec[slot], total);
        var starts = window.Start.AsSpan(slot * (UdptlCodec.MaxEntries + 1), UdptlCodec.MaxEntries + 1);
        var at = 0;
        var m = 0;
        foreach (var entry in packet.Entries)
        {
            starts[m++] = at;
            entry.CopyTo(window.Fec[slot].AsSpan(at));
            at += entry.Length;
        }
        starts[m] = at;
        window.Seq[slot] = seq;
        window.Span[slot] = packet.FecSpan;
        window.Count[slot] = packet.EntryCount;
    }

    // Grow-only slots, in steps of powers of two, so a call settles on its sizes after its first few packets.
    private static void Fit(ref byte[] buffer, int length)
    {
        if (buffer.Length < length)
            buffer = new byte[Math.Max(MinSlot, (int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)length))];
    }

    // Each parity entry m of packet t covers t + m − span·entries + j·entries (j = 0..span−1): if exactly one
    // of those is missing and the others are here, XOR rebuilds it. Repeat until nothing more can be rebuilt.
    private void RepairFromFec(int newest)
    {
        if (_fecWindow is not { } window)
            return; // no FEC datagram yet: nothing to repair from
        bool progress;
        do
        {
            progress = false;
            for (var back = 0; back < 32; back++)
            {
                var t = (newest - back) & 0xFFFF;
                var slot = t & (Window - 1);
                if (window.Seq[slot] != t)
                    continue;
                var entries = window.Count[slot];
                var span = window.Span[slot];
                var starts = window.Start.AsSpan(slot * (UdptlCodec.MaxEntries + 1), UdptlCodec.MaxEntries + 1);
                for (var m = 0; m < entries; m++)
                {
                    var missing = -1;
                    var count = 0;
                    for (var j = 0; j < span; j++)
                    {
                        var q = (t + m - span * entries + j * entries) & 0xFFFF;
                        if (!Has(q))
                        {
                            missing = q;
                            count++;
                        }
                    }
                    if (count != 1 || (short)(missing - _expected) < 0)
                        continue;
                    // Into a scratch buffer: the missing packet's slot may hold one of the others (span·entries > Window).
                    var length = starts[m + 1] - starts[m];
                    Fit(ref _scratch, length);
                    var xor = _scratch.AsSpan(0, length);
                    window.Fec[slot].AsSpan(starts[m], length).CopyTo(xor);
                    for (var j = 0; j < span; j++)
                    {
                        var q = (t + m - span * entries + j * entries) & 0xFFFF;
                        if (q == missing)
                            continue;
                        var other = _ifp[q & (Window - 1)].AsSpan(0, _ifpLength[q & (Window - 1)]);
                        var n = Math.Min(other.Length, xor.Length);
                        for (var k = 0; k < n; k++)
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
