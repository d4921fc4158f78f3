using Gateway.Media.Dsp;
using Xunit;

namespace Gateway.Media.Tests.Dsp;

public sealed class GoertzelBankTests
{
    private static readonly double[] Dtmf = [697, 770, 852, 941, 1209, 1336, 1477, 1633];

    [Fact]
    public void Gives_the_same_powers_as_eight_single_filters()
    {
        var rng = new Random(4);
        var samples = new short[160];
        for (var i = 0; i < samples.Length; i++)
        {
            samples[i] = (short)((6000 * Math.Sin(2 * Math.PI * 770 * i / 8000)) + (4000 * Math.Sin(2 * Math.PI * 1477 * i / 8000)) + rng.Next(-300, 300));
        }

        var frame = new AnalysisFrame();
        frame.Load(samples, 0);
        var powers = new double[8];
        new GoertzelBank(Dtmf).Powers(frame.Windowed, powers);
        for (var k = 0; k < 8; k++)
        {
            var single = frame.Power(new ToneFilter(Dtmf[k]));
            Assert.Equal(single, powers[k], single * 1e-5);
        }

        Assert.True(powers[1] > 4 * powers[0] && powers[6] > 4 * powers[7] && powers[1] > 100 * powers[3]);
    }

    [Fact]
    public void Needs_exactly_eight_frequencies() =>
        Assert.Throws<ArgumentException>(() => new GoertzelBank([697, 770]));
}
