using Gateway.Fax.Hdlc;
using Gateway.Fax.Modems;
using Gateway.Testing.SpanDsp;
using Xunit;

namespace Gateway.Fax.Tests.Modems;

public class V21InteropTests
{
    private sealed class Sink : IModemBitSink
    {
        public List<byte> Bits { get; } = [];
        public List<bool> Carrier { get; } = [];
        public void OnBit(int bit) => Bits.Add((byte)bit);
        public void OnCarrier(bool present) => Carrier.Add(present);
    }

    private static byte[] WithPreamble(byte[] data)
    {
        // 30 marking bits first, as a receiver needs a moment to find the carrier and the bit clock.
        var b = new byte[30 + data.Length];
        Array.Fill(b, (byte)1, 0, 30);
        data.CopyTo(b, 30);
        return b;
    }

    [Fact]
    public void Spandsp_fsk_receiver_recovers_every_bit_of_our_v21()
    {
        var data = TestBits.Random(900, seed: 21);
        var samples = TestBits.Render(new V21Modulator(new TestBits(WithPreamble(data))));
        using var rx = new SpanDspModemReceiver(SpanDspModemKind.V21, 300);
        for (var i = 0; i < samples.Length; i += 160)
            rx.Receive(samples.AsSpan(i, Math.Min(160, samples.Length - i)));
        rx.Receive(new short[320]);
        var start = TestBits.IndexOf(rx.Bits, data, 48);
        Assert.True(start >= 0, "data not found in spandsp's output");
        Assert.Equal(data, rx.Bits.Skip(start).Take(data.Length).ToArray());
    }

    [Fact]
    public void Our_v21_demodulator_recovers_every_bit_of_spandsp_fsk()
    {
        var data = TestBits.Random(900, seed: 22);
        using var tx = new SpanDspModemTransmitter(SpanDspModemKind.V21, 300, WithPreamble(data));
        var sink = new Sink();
        var demod = new V21Demodulator(sink);
        var block = new short[160];
        // 930 bits at 300 bit/s plus a margin.
        for (var n = 0; n < 8000 * 33 / 10; n += 160)
        {
            tx.Transmit(block);
            demod.Demodulate(block);
        }
        Assert.Equal([true], sink.Carrier);
        var start = TestBits.IndexOf(sink.Bits, data, 48);
        Assert.True(start >= 0, "data not found in our demodulator's output");
        Assert.Equal(data, sink.Bits.Skip(start).Take(data.Length).ToArray());
    }

    [Theory]
    [InlineData(double.PositiveInfinity)]
    [InlineData(20.0)]
    [InlineData(12.0)]
    public void Hdlc_frames_survive_our_modulator_and_demodulator_with_noise(double snrDb)
    {
        var frames = new[] { new byte[] { 0xFF, 0x03, 0x80, 0x00, 0xCE, 0xF4, 0x80 }, new byte[] { 0xFF, 0x13, 0x84 } };
        var encoder = new HdlcBitEncoder();
        encoder.QueueFlags(32);
        foreach (var f in frames)
            encoder.QueueFrame(f);
        var samples = TestBits.Render(new V21Modulator(new EncoderSource(encoder)));
        Noise.Add(samples, snrDb, -14, seed: 5);
        var deframer = new HdlcDeframer();
        var got = new List<byte[]>();
        var sink = new DeframingSink(deframer, got);
        var demod = new V21Demodulator(sink);
        for (var i = 0; i < samples.Length; i += 160)
            demod.Demodulate(samples.AsSpan(i, Math.Min(160, samples.Length - i)));
        demod.Demodulate(new short[800]);
        Assert.Equal(frames.Length, got.Count);
        for (var i = 0; i < frames.Length; i++)
            Assert.Equal(frames[i], got[i]);
        Assert.False(demod.CarrierPresent);
    }

    [Fact]
    public void Hdlc_frames_from_spandsp_fsk_reach_our_deframer_with_a_good_fcs()
    {
        var frame = new byte[] { 0xFF, 0x13, 0x21 };
        var encoder = new HdlcBitEncoder();
        encoder.QueueFlags(32);
        encoder.QueueFrame(frame);
        var bits = new List<byte>();
        for (var b = encoder.NextBit(); b >= 0; b = encoder.NextBit())
            bits.Add((byte)b);
        using var tx = new SpanDspModemTransmitter(SpanDspModemKind.V21, 300, [.. bits]);
        var got = new List<byte[]>();
        var demod = new V21Demodulator(new DeframingSink(new HdlcDeframer(), got));
        var block = new short[160];
        for (var n = 0; n < 8000 * 2; n += 160)
        {
            tx.Transmit(block);
            demod.Demodulate(block);
        }
        Assert.Single(got);
        Assert.Equal(frame, got[0]);
    }

    [Theory]
    [InlineData(20, "AB")] // 20 ms lost in the flag preamble: both frames arrive
    [InlineData(75, "B")]  // lost inside the first frame: it is lost, the second one arrives
    [InlineData(88, "A")]  // lost inside the second frame: the first one arrived before it
    [InlineData(120, "AB")] // lost after the end
    public void Our_receiver_resynchronises_after_a_dropped_20_ms_frame_of_spandsp_fsk(int droppedBlock, string expected)
    {
        // A dropped RTP frame is 160 samples of silence: our carrier detector drops out and the deframer resets,
        // then the flags before the next frame bring back bit and octet alignment (T.30 §5.3.1).
        var first = new byte[] { 0xFF, 0x03, 0x80, 0x00, 0xCE, 0xF4, 0x80 };
        var second = new byte[] { 0xFF, 0x13, 0x84 };
        var encoder = new HdlcBitEncoder();
        encoder.QueueFlags(32);
        encoder.QueueFrame(first);
        encoder.QueueFlags(20);
        encoder.QueueFrame(second);
        var bits = new List<byte>();
        for (var b = encoder.NextBit(); b >= 0; b = encoder.NextBit())
            bits.Add((byte)b);
        using var tx = new SpanDspModemTransmitter(SpanDspModemKind.V21, 300, [.. bits]);
        var got = new List<byte[]>();
        var demod = new V21Demodulator(new DeframingSink(new HdlcDeframer(), got));
        var block = new short[160];
        // Measured: a loss in blocks 68-81 of spandsp's signal destroys the first frame, in 82-91 the second.
        for (var n = 0; n < 8000 * 3 / 160; n++)
        {
            tx.Transmit(block);
            if (n == droppedBlock)
                Array.Clear(block);
            demod.Demodulate(block);
        }
        Assert.Equal(expected, string.Concat(got.Select(f => f.AsSpan().SequenceEqual(first) ? "A" : f.AsSpan().SequenceEqual(second) ? "B" : "?")));
    }

    internal sealed class EncoderSource(HdlcBitEncoder encoder) : IModemBitSource
    {
        public int NextBit() => encoder.NextBit();
    }

    internal sealed class DeframingSink(HdlcDeframer deframer, List<byte[]> frames) : IModemBitSink
    {
        public void OnBit(int bit)
        {
            if (deframer.Push(bit) == HdlcDeframerResult.Frame)
                frames.Add(deframer.Frame.ToArray());
        }

        public void OnCarrier(bool present) => deframer.Reset();
    }
}
