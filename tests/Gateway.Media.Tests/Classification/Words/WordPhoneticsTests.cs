using Gateway.Media.Classification.Words;
using Xunit;

namespace Gateway.Media.Tests.Classification.Words;

/// <summary>The phonetic cues (session 9): formants by linear prediction on vowels made by a source–filter synthesizer.</summary>
public sealed class WordPhoneticsTests
{
    /// <summary>
    /// A vowel: a 120 Hz pulse train through three resonators (Klatt 1980's cascade, second-order sections at the formants),
    /// <paramref name="ms"/> long, placed 200 ms into 1 s of faint noise.
    /// </summary>
    private static short[] Vowel(double f1, double f2, double f3, int ms = 300, double f0 = 120, int seed = 1) =>
        Line(seed, (Sound(f1, f2, f3, ms, f0), 1.0));

    /// <summary>Sounds one after another from 200 ms into 1 s of faint noise, each scaled to its peak × 8000 × its gain.</summary>
    private static short[] Line(int seed, params (double[] Sound, double Gain)[] sounds)
    {
        var rng = new Random(seed);
        var line = new short[8000];
        var at = 1600;
        for (var i = 0; i < line.Length; i++)
        {
            line[i] = (short)rng.Next(-20, 21);
        }

        foreach (var (sound, gain) in sounds)
        {
            var peak = sound.Max(Math.Abs);
            for (var i = 0; i < sound.Length && at + i < line.Length; i++)
            {
                line[at + i] += (short)(gain * 8000 * sound[i] / peak);
            }

            at += sound.Length;
        }

        return line;
    }

    private static double[] Sound(double f1, double f2, double f3, int ms, double f0)
    {
        var x = new double[ms * 8];
        var period = 8000 / f0;
        for (var t = 0.0; t < x.Length; t += period)
        {
            x[(int)t] = 1;
        }

        foreach (var (f, b) in new[] { (f1, 80.0), (f2, 100.0), (f3, 140.0) })
        {
            var r = Math.Exp(-Math.PI * b / 8000);
            var c1 = 2 * r * Math.Cos(2 * Math.PI * f / 8000);
            var c2 = -r * r;
            double y1 = 0, y2 = 0;
            for (var i = 0; i < x.Length; i++)
            {
                var y = x[i] + (c1 * y1) + (c2 * y2);
                y2 = y1;
                y1 = y;
                x[i] = y;
            }
        }

        return x;
    }

    private static WordCues Measure(short[] line, long startMs = 200, long endMs = 500)
    {
        var p = new WordPhonetics(2500);
        for (var i = 0; i + 160 <= line.Length; i += 160)
        {
            p.Push(line.AsSpan(i, 160), i / 8);
        }

        return p.Measure(startMs, endMs);
    }

    [Theory]
    [InlineData(750, 1250, 2500)] // /a/ (male, Peterson and Barney 1952: 730/1090; Russian /a/ ≈ 700/1250)
    [InlineData(450, 2000, 2600)] // /e/ after a soft consonant, as in "нет"
    [InlineData(500, 900, 2400)]  // /o/
    public void The_first_two_formants_of_a_synthetic_vowel_are_found_within_fifteen_and_ten_percent(double f1, double f2, double f3)
    {
        var cues = Measure(Vowel(f1, f2, f3));
        Assert.True(cues.Measured);
        Assert.InRange(cues.F1, 0.85 * f1, 1.15 * f1); // linear prediction leans towards the nearest harmonic of 120 Hz
        Assert.InRange(cues.F2, 0.9 * f2, 1.1 * f2);
        Assert.Equal(1, cues.Syllables);
        Assert.InRange(cues.VoicedMs, 250, 320);
    }

    [Fact]
    public void Frontness_tells_the_a_of_da_from_the_e_of_net()
    {
        Assert.InRange(Measure(Vowel(750, 1250, 2500)).Frontness, 0.5, 0.9);
        Assert.InRange(Measure(Vowel(450, 2000, 2600)).Frontness, 1.9, 2.3);
    }

    [Theory]
    [InlineData(1.18, 220)] // a woman's shorter vocal tract: every formant ≈ 18 % higher, and a higher voice
    [InlineData(0.85, 100)]
    public void Frontness_does_not_move_when_every_formant_scales_by_one_factor(double factor, double f0)
    {
        var a = Measure(Vowel(750, 1250, 2500)).Frontness;
        var e = Measure(Vowel(450, 2000, 2600)).Frontness;
        Assert.InRange(Measure(Vowel(750 * factor, 1250 * factor, 2500 * factor, f0: f0)).Frontness, a - 0.15, a + 0.15);
        Assert.InRange(Measure(Vowel(450 * factor, 2000 * factor, 2600 * factor, f0: f0)).Frontness, e - 0.15, e + 0.15);
    }

    [Fact]
    public void Two_vowels_with_a_voiceless_gap_are_two_syllables_and_the_first_is_measured()
    {
        var line = Vowel(750, 1250, 2500, ms: 200);
        var second = Vowel(450, 2000, 2600, ms: 200);
        Array.Copy(second, 1600, line, 1600 + (320 * 8), 200 * 8); // "да … нет": 120 ms apart
        var cues = Measure(line, 200, 720);
        Assert.Equal(2, cues.Syllables);
        Assert.InRange(cues.Frontness, 0.5, 0.9);
    }

    [Fact]
    public void A_dull_nasal_murmur_before_the_vowel_is_measured_and_a_vowel_alone_has_none()
    {
        // /nʲe/: 80 ms of a murmur (its energy under ≈ 500 Hz: Stevens 1998, ch. 9; here three resonances at 260–350 Hz) 12 dB
        // under the /e/.
        var net = Line(1, (Sound(260, 300, 350, 80, 120), 0.25), (Sound(450, 2000, 2600, 250, 120), 1.0));
        var cues = Measure(net, 280, 530);
        Assert.InRange(cues.MurmurMs, 40, 100);
        Assert.InRange(cues.Frontness, 1.9, 2.3);
        Assert.Equal(0, Measure(Vowel(750, 1250, 2500)).MurmurMs);
        Assert.Equal(0, Measure(Vowel(450, 2000, 2600)).MurmurMs);
    }

    [Fact]
    public void Noise_alone_or_an_empty_span_is_not_measured()
    {
        var quiet = new short[8000];
        Assert.False(Measure(quiet).Measured);
        Assert.False(Measure(Vowel(750, 1250, 2500), 320, 300).Measured);
        Assert.False(new WordPhonetics(2500).Measure(0, 500).Measured);
    }

    [Fact]
    public void A_frame_that_is_not_20_ms_is_refused()
    {
        Assert.Throws<ArgumentException>(() => new WordPhonetics(2500).Push(new short[80], 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new WordPhonetics(50));
    }
}
