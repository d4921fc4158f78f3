using Gateway.Fax.T38;
using Xunit;

namespace Gateway.Fax.Tests.T38;

/// <summary>
/// The T.38 media path allocates nothing per packet once warmed up (measured with the thread's allocation
/// counter): IFP encode and in-place read, the UDPTL sender into a caller's buffer and the receiver with
/// its recovery from redundancy and FEC.
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
        var octets = 0L;
        var failures = 0;
        // No Assert inside the measured loop: xUnit's comparers allocate.
        void Round()
        {
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
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 2000; i++)
            Round();
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Equal(0, failures);
        Assert.Equal(2100 * ((int)T38Indicator.V17_14400LongTraining + 8 + 36), octets);
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
        for (var i = 0; i < 200; i++)
            Packet(i);
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 200; i < 2200; i++)
            Packet(i);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Equal(0, failures);
        Assert.Equal(ec == UdptlErrorCorrection.None ? 2200 - 2200 / 7 : 2200, delivered);
    }
}
