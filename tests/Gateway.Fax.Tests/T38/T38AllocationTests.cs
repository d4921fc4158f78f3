using Gateway.Fax.T30;
using Gateway.Fax.T38;
using Gateway.Fax.Tests.T30;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace Gateway.Fax.Tests.T38;

/// <summary>
/// The T.38 media path allocates nothing per packet once warmed up (measured with the thread's allocation
/// counter): IFP encode and in-place read, the UDPTL sender into a caller's buffer and the receiver with
/// its recovery from redundancy and FEC. Each figure is the fewest bytes of three measured passes: code that
/// allocates per packet does so in every pass, a one-off runtime object on a loaded host in one.
/// </summary>
public class T38AllocationTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(2)]
    public void Ifp_encode_and_read_allocate_nothing(int version)
    {
        var buffer = new byte[512];
        var chunk = new byte[36];
        new Random(1).NextBytes(chunk);
        var frame = new byte[] { 0xFF, 0xC8, 0x41, 0x00, 0x77, 0x1F, 0x01, 0xC0 };
        var (octets, rounds) = (0L, 0);
        var failures = 0;
        // No Assert inside the measured loop: xUnit's comparers allocate.
        void Round()
        {
            rounds++;
            var n = IfpCodec.EncodeIndicator(T38Indicator.V17_14400LongTraining, version, buffer);
            failures += IfpCodec.TryRead(buffer.AsSpan(0, n), version, out var view, out _) ? 0 : 1;
            octets += (int)view.Indicator.GetValueOrDefault();
            n = IfpCodec.EncodeData(T38DataType.V21, version, buffer, new IfpField(T38FieldType.HdlcData, frame), new IfpField(T38FieldType.HdlcFcsOkSigEnd));
            failures += IfpCodec.TryRead(buffer.AsSpan(0, n), version, out view, out _) ? 0 : 1;
            foreach (var field in view)
                octets += field.Data.Length;
            n = IfpCodec.EncodeData(T38DataType.V17_14400, version, buffer, new IfpField(T38FieldType.T4NonEcmData, chunk));
            failures += IfpCodec.TryRead(buffer.AsSpan(0, n), version, out view, out _) ? 0 : 1;
            foreach (var field in view)
                octets += field.Data.Length;
        }
        for (var i = 0; i < 100; i++)
            Round();
        var allocated = Allocations.Fewest(() =>
        {
            for (var i = 0; i < 2000; i++)
                Round();
        });
        Assert.Equal(0, allocated);
        Assert.Equal(0, failures);
        Assert.True(rounds >= 2100);
        Assert.Equal(rounds * (long)((int)T38Indicator.V17_14400LongTraining + 8 + 36), octets);
    }

    [Theory]
    [InlineData(UdptlErrorCorrection.None)]
    [InlineData(UdptlErrorCorrection.Redundancy)]
    [InlineData(UdptlErrorCorrection.Fec)]
    public void Udptl_sender_and_receiver_allocate_nothing_per_packet_with_losses(UdptlErrorCorrection ec)
    {
        var sender = new UdptlSender(new UdptlOptions { ErrorCorrection = ec });
        var receiver = new UdptlReceiver();
        var datagram = new byte[sender.MaxDatagram];
        var ifp = new byte[sender.MaxIfpSize];
        var delivered = 0L;
        var failures = 0;
        Action<int, ReadOnlyMemory<byte>> deliver = (_, _) => delivered++;
        var rng = new Random(7);
        void Packet(int i)
        {
            // IFPs of 1 to 60 octets; every 7th datagram lost (rebuilt from the next ones, except with None).
            var length = 1 + (i * 13 % 60);
            rng.NextBytes(ifp.AsSpan(0, length));
            var n = sender.Send(ifp.AsSpan(0, length), datagram);
            if (i % 7 != 3 && receiver.Receive(datagram.AsSpan(0, n), deliver) != UdptlError.None)
                failures++; // no Assert inside the measured loop: xUnit's comparers allocate
        }
        var next = 0;
        for (; next < 200; next++)
            Packet(next);
        var allocated = Allocations.Fewest(() =>
        {
            for (var end = next + 2000; next < end; next++)
                Packet(next);
        });
        Assert.Equal(0, allocated);
        Assert.Equal(0, failures);
        // Each pass ends on a datagram that arrives (2199, 4199, 6199 are not 3 mod 7), so every loss before it is rebuilt.
        Assert.Equal(ec == UdptlErrorCorrection.None ? next - (next + 3) / 7 : next, delivered);
    }

    // A non-ECM page between two of our terminals over UDPTL: from the first image packet to t4-non-ecm-sig-end,
    // the sending terminal (its ticks, taking packets, UDPTL send, receiving the far end's packets) allocates
    // nothing. Only the sending side is measured: the receiving T.30 session decodes the page (not the T.38 path).
    [Theory]
    [InlineData(0)]
    [InlineData(2)]
    public void Sending_a_page_allocates_nothing_per_packet(int version)
    {
        Assert.Equal(0, Allocations.FewestMeasured(() => SendingTerminalBytesPerPageData(version)));
    }

    // One call; the bytes the sending terminal allocated in the steps that carried only page data.
    private static long SendingTerminalBytesPerPageData(int version)
    {
        var time = new FakeTimeProvider(DateTimeOffset.UnixEpoch);
        var source = TestPages.Random(1, 3000, 11);
        source.Format = new T30PageFormat(T30Resolution.Standard, Gateway.Fax.T30.Frames.RecordingWidth.A4);
        var options = new T38TerminalOptions { Version = version, MaxIfpSize = 98 };
        var tx = new T38Terminal(new T30Session(new T30Settings { IsCaller = true, Ecm = false }, time, source: source), options, time);
        var rx = new T38Terminal(new T30Session(new T30Settings { IsCaller = false, Ecm = false }, time, sink: new TestPages()), options, time);
        var udptl = new UdptlOptions();
        var (toRx, toTx) = (new UdptlSender(udptl), new UdptlSender(udptl));
        var (atRx, atTx) = (new UdptlReceiver(), new UdptlReceiver());
        var (ifp, datagram) = (new byte[tx.MaxPacketSize], new byte[toRx.MaxDatagram]);
        Action<int, ReadOnlyMemory<byte>> toTxTerminal = (seq, data) => tx.OnIfp(data.Span, seq);
        Action<int, ReadOnlyMemory<byte>> toRxTerminal = (seq, data) => rx.OnIfp(data.Span, seq);
        // Steps in which the sending terminal emitted only page data (or nothing), after one that emitted page data (so the steps that
        // schedule the page or end it, where the T.30 session works, are left out).
        var (pageSteps, pagePackets, measured, previousAllData) = (0, 0, 0L, false);
        tx.Start();
        rx.Start();
        for (var step = 0; step < 20_000 && !(tx.IsCompleted && rx.IsCompleted); step++)
        {
            var (stepBytes, packets, allData) = (0L, 0, true);
            var mark = GC.GetAllocatedBytesForCurrentThread();
            tx.Tick();
            while (tx.TryGetPacket(ifp, out var n))
            {
                var length = toRx.Send(ifp.AsSpan(0, n), datagram);
                stepBytes += GC.GetAllocatedBytesForCurrentThread() - mark;
                packets++;
                allData &= IsPageData(ifp.AsSpan(0, n), version);
                atRx.Receive(datagram.AsSpan(0, length), toRxTerminal); // the far end: not measured
                mark = GC.GetAllocatedBytesForCurrentThread();
            }
            stepBytes += GC.GetAllocatedBytesForCurrentThread() - mark;
            rx.Tick();
            while (rx.TryGetPacket(ifp, out var n))
            {
                var length = toTx.Send(ifp.AsSpan(0, n), datagram);
                mark = GC.GetAllocatedBytesForCurrentThread();
                atTx.Receive(datagram.AsSpan(0, length), toTxTerminal);
                stepBytes += GC.GetAllocatedBytesForCurrentThread() - mark;
            }
            // A step without packets (between two 20 ms chunks) belongs to the run it is in.
            if (allData && previousAllData)
            {
                pageSteps++;
                pagePackets += packets;
                measured += stepBytes;
            }
            if (packets > 0)
                previousAllData = allData;
            time.Advance(TimeSpan.FromMilliseconds(10));
        }
        Assert.True(tx.Session.Result.Succeeded, tx.Session.Result.Text);
        Assert.True(pagePackets > 100 && pageSteps > 100, $"{pagePackets} page packets in {pageSteps} steps");
        return measured;
    }

    private static bool IsPageData(ReadOnlySpan<byte> ifp, int version)
    {
        if (!IfpCodec.TryRead(ifp, version, out var view, out _) || view.IsIndicator)
            return false;
        foreach (var field in view)
        {
            if (field.Type != T38FieldType.T4NonEcmData)
                return false;
        }
        return true;
    }
}
