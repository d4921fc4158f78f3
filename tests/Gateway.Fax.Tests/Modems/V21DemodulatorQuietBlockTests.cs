using Gateway.Fax.Modems;
using Xunit;

namespace Gateway.Fax.Tests.Modems;

/// <summary>
/// The V.21 receiver skips most of the work for a quiet 20 ms block without a carrier (what a sender hears while it
/// transmits). Blocks shorter than the correlation window always take the sample-by-sample path, so feeding the same
/// audio in 160-sample blocks and in blocks of 1–25 samples must give the same events in the same order, with the
/// same carrier state and sliding-window state at every 160-sample boundary.
/// </summary>
public class V21DemodulatorQuietBlockTests
{
    private sealed class Recorder : IModemBitSink
    {
        public List<int> Events { get; } = []; // 0/1 bits, 2 carrier on, 3 carrier off
        public void OnBit(int bit) => Events.Add(bit);
        public void OnCarrier(bool present) => Events.Add(present ? 2 : 3);
    }

    private static short[] Signal(int seed)
    {
        var rng = new Random(seed);
        var audio = new List<short>();
        void Quiet(int samples, int peak)
        {
            for (var i = 0; i < samples; i++)
                audio.Add((short)(peak == 0 ? 0 : rng.Next(-peak, peak + 1)));
        }
        void V21(double dbm0, int bits)
        {
            audio.AddRange(TestBits.Render(new V21Modulator(new TestBits(TestBits.Random(bits, seed + bits)), dbm0)));
        }

        Quiet(800, 0);                 // digital silence (µ-law 0xFF)
        V21(-14, 120);                 // a frame at the usual level, starting mid-block
        Quiet(1000, 8);                // A-law silence decodes to ±8
        V21(-43, 90);                  // at the carrier-on threshold
        Quiet(517, 40);                // quiet line noise, an odd length
        V21(-30, 60);
        Quiet(333, 56);                // at the quiet bound, then louder noise that must not be skipped
        Quiet(640, 120);
        audio.Add(short.MinValue);     // |−32768| must count as loud
        Quiet(700, 0);
        V21(-20, 45);
        Quiet(1200, 3);
        return [.. audio];
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Quiet_blocks_leave_the_receiver_exactly_where_sample_by_sample_processing_does(int seed)
    {
        var audio = Signal(seed);
        var blocks = new Recorder();
        var reference = new Recorder();
        var fast = new V21Demodulator(blocks);
        var slow = new V21Demodulator(reference);
        var rng = new Random(seed);

        var fed = 0;
        for (var start = 0; start < audio.Length; start += 160)
        {
            var block = audio.AsSpan(start, Math.Min(160, audio.Length - start));
            fast.Demodulate(block);
            while (fed < start + block.Length)
            {
                var n = Math.Min(rng.Next(1, 26), start + block.Length - fed);
                slow.Demodulate(audio.AsSpan(fed, n));
                fed += n;
            }
            Assert.Equal(slow.CarrierPresent, fast.CarrierPresent);
            Assert.Equal(slow.State, fast.State);
            Assert.Equal(reference.Events.Count, blocks.Events.Count);
        }

        Assert.Equal(reference.Events, blocks.Events);
        Assert.True(fast.QuietBlocks >= 10, $"{fast.QuietBlocks} quiet blocks"); // the shortcut was taken...
        Assert.Equal(0, slow.QuietBlocks);                                      // ...and never for short blocks
        Assert.Contains(2, reference.Events); // the carrier was found: the comparison covered real frames
        Assert.True(reference.Events.Count(e => e < 2) > 300, $"{reference.Events.Count(e => e < 2)} bits");
    }
}
