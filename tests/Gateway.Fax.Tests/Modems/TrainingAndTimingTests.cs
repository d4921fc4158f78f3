using Gateway.Fax.Modems;
using Gateway.Fax.Modems.Dsp;
using Xunit;

namespace Gateway.Fax.Tests.Modems;

public class TrainingAndTimingTests
{
    /// <summary>Records the sample index at which the modulator first asks for data.</summary>
    private sealed class FirstCall : IModemBitSource
    {
        public int Sample { get; set; }
        public int? FirstSample { get; private set; }
        public int NextBit()
        {
            FirstSample ??= Sample;
            return -1;
        }
    }

    private static int FirstDataSample(IFaxModulator m, FirstCall source)
    {
        Span<short> one = stackalloc short[1];
        while (source.FirstSample is null && m.Modulate(one) == 1)
            source.Sample++;
        return source.FirstSample ?? -1;
    }

    // The sample (0-based) at which symbol k (0-based) is produced when each sample advances the baud phase by m of l.
    private static int SampleOfSymbol(int k, int l, int m) => (l * (k + 1) + m - 1) / m - 1;

    [Theory]
    // V.17 Table 4: long = 256 + 2976 + 64 + 48 symbols (1.393 s), short = 256 + 38 + 48 (142.5 ms); TEP adds 480 + 48.
    [InlineData(false, false, 3344)]
    [InlineData(true, false, 342)]
    [InlineData(false, true, 3872)]
    public void V17_training_lasts_the_table_4_symbol_counts(bool shortTraining, bool tep, int symbols)
    {
        Assert.Equal(symbols, V17Modulator.TrainingSymbols(shortTraining, tep));
        var src = new FirstCall();
        var first = FirstDataSample(new V17Modulator(14400, src, shortTraining, tep), src);
        Assert.Equal(SampleOfSymbol(symbols, 10, 3), first);
    }

    [Fact]
    public void V29_training_lasts_48_128_384_48_symbols()
    {
        Assert.Equal(608, V29Modulator.TrainingSymbols(false));
        var src = new FirstCall();
        Assert.Equal(SampleOfSymbol(608, 10, 3), FirstDataSample(new V29Modulator(9600, src), src));
    }

    [Theory]
    [InlineData(4800, 5, 1)]
    [InlineData(2400, 20, 3)]
    public void V27ter_training_lasts_32_50_1074_8_symbols(int rate, int l, int m)
    {
        Assert.Equal(1164, V27terModulator.TrainingSymbols(false));
        var src = new FirstCall();
        Assert.Equal(SampleOfSymbol(1164, l, m), FirstDataSample(new V27terModulator(rate, src), src));
    }

    [Fact]
    public void V21_sends_300_bits_in_exactly_one_second()
    {
        var bits = Enumerable.Range(0, 300).Select(i => (byte)(i & 1)).ToArray();
        var samples = TestBits.Render(new V21Modulator(new TestBits(bits)));
        Assert.Equal(8000, samples.Length);
    }

    [Theory]
    [InlineData(1, 1650)]
    [InlineData(0, 1850)]
    public void V21_mark_is_1650_hz_and_space_1850_hz(byte bit, int hz)
    {
        var samples = TestBits.Render(new V21Modulator(new TestBits(Enumerable.Repeat(bit, 300).ToArray())));
        // Goertzel power at the expected tone dominates its neighbour 200 Hz away.
        Assert.True(Goertzel(samples, hz) > 100 * Goertzel(samples, hz == 1650 ? 1850 : 1650));
    }

    [Theory]
    [InlineData(-14.0)]
    [InlineData(-10.0)]
    public void V21_transmits_at_the_configured_level(double dbm0)
    {
        var samples = TestBits.Render(new V21Modulator(new TestBits(TestBits.Random(600, 1)), dbm0));
        Assert.Equal(dbm0, Level.Measure(samples), 1);
    }

    [Theory]
    [InlineData("V27ter", 4800)]
    [InlineData("V27ter", 2400)]
    [InlineData("V29", 9600)]
    [InlineData("V29", 7200)]
    [InlineData("V17", 14400)]
    [InlineData("V17", 7200)]
    public void Image_modems_send_data_at_minus_10_dbm0(string modem, int rate)
    {
        var m = SpanDspReceiverInteropTests.Create(modem, rate, new TestBits(TestBits.Random(rate * 3, 2)));
        var samples = TestBits.Render(m);
        // Measure the middle second, well inside the data.
        var mid = samples.Length - 8000 * 2;
        Assert.InRange(Level.Measure(samples.AsSpan(mid, 8000)), -10.5, -9.5);
    }

    [Fact]
    public void Cng_is_1100_hz_for_half_a_second_then_three_seconds_of_silence()
    {
        var cng = new CngGenerator();
        var samples = new short[8000 * 7];
        Assert.Equal(samples.Length, cng.Modulate(samples));
        var on = samples.AsSpan(0, 4000).ToArray();
        Assert.True(Goertzel(on, 1100) > 100 * Goertzel(on, 1300));
        Assert.Equal(-10, Level.Measure(on), 1);
        Assert.All(samples.AsSpan(4000, 24000).ToArray(), s => Assert.Equal(0, s));
        Assert.NotEqual(0, samples[28000 + 10]);
    }

    private static double Goertzel(short[] x, int hz)
    {
        var w = 2 * Math.PI * hz / 8000;
        var c = 2 * Math.Cos(w);
        double s1 = 0, s2 = 0;
        foreach (var v in x)
        {
            var s0 = v + c * s1 - s2;
            s2 = s1;
            s1 = s0;
        }
        return s1 * s1 + s2 * s2 - c * s1 * s2;
    }
}
