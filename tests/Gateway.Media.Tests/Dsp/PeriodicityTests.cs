using Gateway.Media.Dsp;
using Xunit;

namespace Gateway.Media.Tests.Dsp;

public sealed class PeriodicityTests
{
    /// <summary>A glottal-like pulse train (harmonics 1–15 with falling amplitude) at <paramref name="f0"/>, telephone-band sized.</summary>
    private static double Voice(double f0, int n, double phase = 0)
    {
        var v = 0.0;
        for (var h = 1; h <= 15; h++)
        {
            if (h * f0 < 3400)
            {
                v += Math.Sin((2 * Math.PI * h * f0 * n / 8000) + (h * phase)) / h;
            }
        }

        return v;
    }

    private static short[] Frame(Func<int, double> signal, int frame)
    {
        var s = new short[160];
        for (var i = 0; i < 160; i++)
        {
            s[i] = (short)Math.Clamp(Math.Round(signal((frame * 160) + i)), short.MinValue, short.MaxValue);
        }

        return s;
    }

    private static Periodicity Run(Func<int, double> signal, int frames = 3)
    {
        var p = new Periodicity();
        for (var f = 0; f < frames; f++)
        {
            p.Process(Frame(signal, f));
        }

        return p;
    }

    [Theory]
    [InlineData(55.0)]
    [InlineData(100.0)]
    [InlineData(220.0)]
    [InlineData(380.0)]
    public void One_voice_is_periodic_at_its_pitch_period(double f0)
    {
        var p = Run(n => 4000 * Voice(f0, n));
        Assert.True(p.Strength > 0.95f, $"strength {p.Strength}");
        Assert.InRange(p.Lag, (int)Math.Floor(8000 / f0) - 1, (int)Math.Ceiling(8000 / f0) + 1);
    }

    [Fact]
    public void Takes_the_period_not_a_multiple_of_it()
    {
        // A 200 Hz voice is as periodic at 80 samples as at 40: the shortest period within the tolerance wins.
        var p = Run(n => 4000 * Voice(200, n));
        Assert.InRange(p.Lag, 39, 41);
    }

    [Fact]
    public void White_noise_is_not_periodic()
    {
        var rng = new Random(7);
        var p = Run(_ => rng.Next(-3000, 3000), 10);
        Assert.True(p.Strength < 0.4f, $"strength {p.Strength}");
    }

    [Fact]
    public void A_mixture_of_talkers_at_different_pitches_is_less_periodic_than_one()
    {
        double[] pitches = [97, 131, 163, 211, 241, 113];
        var mixture = Run(n => pitches.Select((f, k) => 1500 * Voice(f, n, k)).Sum());
        var one = Run(n => 4000 * Voice(131, n));
        Assert.True(mixture.Strength < one.Strength - 0.2f, $"mixture {mixture.Strength}, one {one.Strength}");
    }

    [Fact]
    public void Silence_and_a_reset_give_no_period()
    {
        var p = Run(_ => 0);
        Assert.Equal(0f, p.Strength);
        Assert.Equal(0, p.Lag);
        p = Run(n => 4000 * Voice(120, n));
        p.Reset();
        Assert.Equal(0, p.Lag);
        Assert.True(p.Correlations.ToArray().All(c => c == 0));
    }

    [Fact]
    public void Correlations_peak_at_the_reported_lag()
    {
        var p = Run(n => 4000 * Voice(160, n));
        Assert.Equal(p.Strength, p.Correlations[p.Lag]);
        Assert.Equal(Periodicity.MaxLag + 1, p.Correlations.Length);
    }

    [Fact]
    public void A_frame_must_be_160_samples() =>
        Assert.Throws<ArgumentException>(() => new Periodicity().Process(new short[80]));

    [Fact]
    public void Analysis_allocates_nothing_per_frame()
    {
        var frames = Enumerable.Range(0, 20).Select(f => Frame(n => 3000 * Voice(150, n), f)).ToArray();
        var p = new Periodicity();
        p.Process(frames[0]);
        var allocated = Allocations.Fewest(() =>
        {
            foreach (var f in frames)
            {
                p.Process(f);
            }
        });
        Assert.Equal(0, allocated);
    }
}
