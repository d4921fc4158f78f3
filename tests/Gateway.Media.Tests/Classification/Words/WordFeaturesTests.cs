using Gateway.Media.Classification.Words;
using Xunit;

namespace Gateway.Media.Tests.Classification.Words;

public sealed class WordFeaturesTests
{
    private static short[] Tone(double hz, int ms, double amplitude, int startSample = 0)
    {
        var x = new short[ms * 8];
        for (var i = 0; i < x.Length; i++)
        {
            x[i] = (short)(amplitude * Math.Sin(2 * Math.PI * hz * (startSample + i) / 8000));
        }

        return x;
    }

    private static void PushAll(WordFeatures f, short[] x, long startMs = 0)
    {
        for (var i = 0; i + 160 <= x.Length; i += 160)
        {
            f.Push(x.AsSpan(i, 160), startMs + (i / 8));
        }
    }

    [Fact]
    public void A_tone_that_rises_in_frequency_moves_its_energy_from_the_low_bands_to_the_high_bands_over_the_segments()
    {
        // 600 Hz for the first half, 2800 Hz for the second, inside silence.
        var x = new short[8000];
        Tone(600, 300, 8000).CopyTo(x, 1600);
        Tone(2800, 300, 8000).CopyTo(x, 4000);
        var f = new WordFeatures(2500);
        PushAll(f, x);
        var v = new float[WordFeatures.Length];
        Assert.True(f.Summarize(200, 800, v));
        static int Loudest(float[] v, int segment)
        {
            var best = 0;
            for (var b = 1; b < WordFeatures.Bands; b++)
            {
                best = v[(segment * WordFeatures.Bands) + b] > v[(segment * WordFeatures.Bands) + best] ? b : best;
            }

            return best;
        }

        Assert.InRange(Loudest(v, 2), 0, 4);
        Assert.InRange(Loudest(v, WordFeatures.Segments - 3), 11, 15);
        Assert.Equal(MathF.Log(630 / 300f), v[WordFeatures.Length - 1], 3); // 61 hop centres 200…800 ms and one of margin each side
    }

    [Fact]
    public void The_summary_does_not_change_with_the_line_level_or_a_fixed_channel_gain_per_band()
    {
        var quiet = Tone(1000, 600, 1000);
        var loud = Tone(1000, 600, 10000);
        var a = new float[WordFeatures.Length];
        var b = new float[WordFeatures.Length];
        var fa = new WordFeatures(2500);
        var fb = new WordFeatures(2500);
        PushAll(fa, quiet);
        PushAll(fb, loud);
        Assert.True(fa.Summarize(100, 500, a));
        Assert.True(fb.Summarize(100, 500, b));
        for (var i = 0; i < WordFeatures.Bands * WordFeatures.Segments; i++)
        {
            Assert.Equal(a[i], b[i], 1); // 20 dB of gain: the same after the utterance's mean is removed
        }
    }

    [Fact]
    public void An_utterance_older_than_the_ring_is_not_summarized_and_frames_must_be_20_ms()
    {
        var f = new WordFeatures(500);
        PushAll(f, Tone(1000, 2000, 3000));
        var v = new float[WordFeatures.Length];
        Assert.False(f.Summarize(100, 400, v));
        Assert.True(f.Summarize(1600, 1900, v));
        Assert.Throws<ArgumentException>(() => f.Push(new short[80], 0));
    }

    [Fact]
    public void Pushing_and_summarizing_allocate_nothing()
    {
        var f = new WordFeatures(2500);
        var x = Tone(700, 1000, 4000);
        var v = new float[WordFeatures.Length];
        PushAll(f, x);
        f.Summarize(200, 800, v);
        var start = 0;
        var allocated = Allocations.Fewest(() =>
        {
            start += 1000;
            PushAll(f, x, start);
            f.Summarize(start + 200, start + 800, v);
        });
        Assert.Equal(0, allocated);
    }
}
