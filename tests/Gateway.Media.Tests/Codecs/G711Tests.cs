using Gateway.Media.Codecs;
using Gateway.Media.Dsp;
using Xunit;

namespace Gateway.Media.Tests.Codecs;

public sealed class G711Tests
{
    [Theory]
    [InlineData(G711Law.MuLaw)]
    [InlineData(G711Law.ALaw)]
    public void Every_code_word_survives_decode_then_encode(G711Law law)
    {
        for (var c = 0; c < 256; c++)
        {
            var code = (byte)c;
            // µ-law has two zeros (0x7F and 0xFF); both decode to 0, which encodes as 0xFF.
            var expected = law == G711Law.MuLaw && code == 0x7F ? (byte)0xFF : code;
            Assert.Equal(expected, G711.Encode(G711.Decode(code, law), law));
        }
    }

    [Fact]
    public void Known_values_match_the_G711_tables()
    {
        Assert.Equal(32124, G711.Decode(0x80, G711Law.MuLaw));
        Assert.Equal(-32124, G711.Decode(0x00, G711Law.MuLaw));
        Assert.Equal(0, G711.Decode(0xFF, G711Law.MuLaw));
        Assert.Equal(32256, G711.Decode(0xAA, G711Law.ALaw));
        Assert.Equal(8, G711.Decode(0xD5, G711Law.ALaw));
        Assert.Equal(0xD5, G711.Encode(0, G711Law.ALaw));
    }

    [Theory]
    [InlineData(G711Law.MuLaw, 36)]
    [InlineData(G711Law.ALaw, 36)]
    public void A_minus_20_dBm0_sine_round_trips_with_at_least_the_G711_signal_to_distortion(G711Law law, double minSdrDb)
    {
        var x = new short[8000];
        var amp = Level.SinePeak(-20);
        for (var i = 0; i < x.Length; i++)
        {
            x[i] = (short)Math.Round(amp * Math.Sin(2 * Math.PI * 1004 * i / 8000));
        }

        var y = (short[])x.Clone();
        G711.RoundTrip(y, law);
        double s = 0, e = 0;
        for (var i = 0; i < x.Length; i++)
        {
            s += x[i] * (double)x[i];
            e += (x[i] - y[i]) * (double)(x[i] - y[i]);
        }

        Assert.True(10 * Math.Log10(s / e) >= minSdrDb, $"SDR {10 * Math.Log10(s / e):F1} dB");
        Assert.InRange(Level.Dbm0(y), -20.2, -19.8);
    }
}
