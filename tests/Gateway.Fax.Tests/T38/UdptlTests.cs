using Gateway.Fax.T38;
using Xunit;

namespace Gateway.Fax.Tests.T38;

public class UdptlTests
{
    private static byte[] Ifp(int n) => [(byte)0xC0, 0x01, 0x80, 0x00, 0x00, (byte)n];

    [Fact]
    public void Encodes_redundancy_as_asterisk_does()
    {
        var packet = new UdptlPacket(0x1234, new byte[] { 0x06 }) { Secondary = [new byte[] { 0x00 }, new byte[] { 0x1E, 0x1E }] };
        // seq, len 1 + IFP, 0x00 (secondary), count 2, len 1 + 00, len 2 + 1E 1E
        Assert.Equal([0x12, 0x34, 0x01, 0x06, 0x00, 0x02, 0x01, 0x00, 0x02, 0x1E, 0x1E], UdptlCodec.Encode(packet));
        Assert.True(UdptlCodec.TryDecode(UdptlCodec.Encode(packet), out var back, out _));
        Assert.Equal(0x1234, back.SequenceNumber);
        Assert.Equal([0x1E, 0x1E], back.Secondary[1].ToArray());
    }

    [Fact]
    public void Encodes_fec_with_span_and_entries()
    {
        var packet = new UdptlPacket(7, new byte[] { 0x06 }) { IsFec = true, FecSpan = 3, FecEntries = [new byte[] { 0xAA }] };
        Assert.Equal([0x00, 0x07, 0x01, 0x06, 0x80, 0x01, 0x03, 0x01, 0x01, 0xAA], UdptlCodec.Encode(packet));
        Assert.True(UdptlCodec.TryDecode(UdptlCodec.Encode(packet), out var back, out _));
        Assert.True(back.IsFec);
        Assert.Equal(3, back.FecSpan);
    }

    [Theory]
    [InlineData(UdptlErrorCorrection.Redundancy, 0)]
    [InlineData(UdptlErrorCorrection.Fec, 0)]
    [InlineData(UdptlErrorCorrection.Redundancy, 65530)]
    [InlineData(UdptlErrorCorrection.Fec, 32768)]
    public void Receiver_rebuilds_single_losses_in_order_across_sequence_wrap(UdptlErrorCorrection ec, int firstSeq)
    {
        var sender = new UdptlSender(new UdptlOptions { ErrorCorrection = ec, InitialSequence = firstSeq });
        var receiver = new UdptlReceiver();
        var delivered = new List<(int Seq, byte[] Ifp)>();
        for (var i = 0; i < 60; i++)
        {
            var datagram = sender.Send(Ifp(i));
            if (i > 12 && i % 5 == 0)
                continue; // lost
            receiver.Receive(datagram, (seq, ifp) => delivered.Add((seq, ifp.ToArray())));
        }
        Assert.Equal(60, delivered.Count); // every loss is rebuilt from the next packet
        for (var i = 0; i < delivered.Count; i++)
        {
            Assert.Equal((firstSeq + i) & 0xFFFF, delivered[i].Seq);
            Assert.Equal(Ifp(i), delivered[i].Ifp[..6]);
        }
        Assert.Equal(9, receiver.Recovered);
    }

    [Fact]
    public void Duplicates_and_late_packets_are_dropped()
    {
        var sender = new UdptlSender(new UdptlOptions { ErrorCorrection = UdptlErrorCorrection.Redundancy });
        var receiver = new UdptlReceiver();
        var seen = new List<int>();
        var d = Enumerable.Range(0, 5).Select(i => sender.Send(Ifp(i))).ToArray();
        foreach (var i in new[] { 0, 2, 1, 2, 3, 3, 4 })
            receiver.Receive(d[i], (seq, _) => seen.Add(seq));
        Assert.Equal([0, 1, 2, 3, 4], seen);
        Assert.Equal(3, receiver.Duplicates);
    }

    [Theory]
    [InlineData(UdptlErrorCorrection.Redundancy)]
    [InlineData(UdptlErrorCorrection.Fec)]
    [InlineData(UdptlErrorCorrection.None)]
    public void Never_exceeds_the_far_end_max_datagram(UdptlErrorCorrection ec)
    {
        var options = new UdptlOptions { ErrorCorrection = ec, MaxDatagram = 160 };
        var sender = new UdptlSender(options);
        var rng = new Random(4);
        for (var i = 0; i < 500; i++)
        {
            var ifp = new byte[rng.Next(1, sender.MaxIfpSize + 1)];
            rng.NextBytes(ifp);
            Assert.True(sender.Send(ifp).Length <= options.MaxDatagram);
        }
        Assert.Throws<ArgumentException>(() => sender.Send(new byte[200]));
    }

    [Fact]
    public void Max_ifp_size_follows_asterisk_rules()
    {
        Assert.Equal(98, new UdptlSender(new UdptlOptions { MaxDatagram = 400 }).MaxIfpSize);
        Assert.Equal(195, new UdptlSender(new UdptlOptions { MaxDatagram = 400, ErrorCorrection = UdptlErrorCorrection.Fec }).MaxIfpSize);
        Assert.Equal(394, new UdptlSender(new UdptlOptions { MaxDatagram = 400, ErrorCorrection = UdptlErrorCorrection.None }).MaxIfpSize);
        // (200 − 8)/4 = 48 < 80, (200 − 8)/3 = 64 < 80, (200 − 8)/2 = 96: one redundant copy.
        Assert.Equal(96, new UdptlSender(new UdptlOptions { MaxDatagram = 200 }).MaxIfpSize);
    }

    // The span sender writes what the UdptlPacket model says: the previous IFPs newest first, as many as fit
    // (redundancy); or the XOR of packets seq + m − span·entries + j·entries, fewer entries while too large (FEC).
    [Theory]
    [InlineData(UdptlErrorCorrection.None, 400)]
    [InlineData(UdptlErrorCorrection.Redundancy, 400)]
    [InlineData(UdptlErrorCorrection.Redundancy, 160)]
    [InlineData(UdptlErrorCorrection.Fec, 400)]
    [InlineData(UdptlErrorCorrection.Fec, 160)]
    public void Sender_datagrams_equal_the_packet_model(UdptlErrorCorrection ec, int maxDatagram)
    {
        var options = new UdptlOptions { ErrorCorrection = ec, MaxDatagram = maxDatagram, InitialSequence = 65530 };
        var sender = new UdptlSender(options);
        var rng = new Random(11);
        var sent = new List<byte[]>();
        var buffer = new byte[maxDatagram];
        for (var i = 0; i < 300; i++)
        {
            var ifp = new byte[rng.Next(1, sender.MaxIfpSize + 1)];
            rng.NextBytes(ifp);
            var n = sender.Send(ifp, buffer);
            var expected = UdptlCodec.Encode(Model(options, sent, ifp, (65530 + i) & 0xFFFF));
            Assert.Equal(expected, buffer.AsSpan(0, n).ToArray());
            sent.Add(ifp);
        }
    }

    private static UdptlPacket Model(UdptlOptions o, List<byte[]> sent, byte[] ifp, int seq)
    {
        if (o.ErrorCorrection == UdptlErrorCorrection.None)
            return new UdptlPacket(seq, ifp);
        if (o.ErrorCorrection == UdptlErrorCorrection.Redundancy)
        {
            for (var count = Math.Min(o.RedundancyDepth, sent.Count); ; count--)
            {
                var packet = new UdptlPacket(seq, ifp) { Secondary = [.. Enumerable.Range(0, count).Select(i => (ReadOnlyMemory<byte>)sent[^(i + 1)])] };
                if (count == 0 || UdptlCodec.EncodedLength(packet) <= o.MaxDatagram)
                    return packet;
            }
        }
        var (span, entries) = (o.FecSpan, o.FecEntries);
        if (sent.Count < span * entries)
            (span, entries) = (sent.Count < span ? 0 : span, sent.Count / span);
        for (; ; entries--)
        {
            var parity = new List<ReadOnlyMemory<byte>>();
            for (var m = 0; m < entries; m++)
            {
                var covered = Enumerable.Range(0, span).Select(j => sent[sent.Count + m - span * entries + j * entries]).ToList();
                var xor = new byte[covered.Max(c => c.Length)];
                foreach (var c in covered)
                    for (var k = 0; k < c.Length; k++)
                        xor[k] ^= c[k];
                parity.Add(xor);
            }
            var packet = new UdptlPacket(seq, ifp) { IsFec = true, FecSpan = span, FecEntries = parity };
            if (entries == 0 || UdptlCodec.EncodedLength(packet) <= o.MaxDatagram)
                return packet;
        }
    }
}
