using Gateway.Media.Vad;
using Xunit;

namespace Gateway.Media.Tests.Vad;

/// <summary>The real FFT behind <see cref="MdfEchoCanceller"/> against the DFT by its definition.</summary>
public sealed class EchoFftTests
{
    [Theory]
    [InlineData(320)]
    [InlineData(64)]
    [InlineData(30)]
    public void Forward_matches_the_DFT_by_definition_and_inverse_gives_the_signal_back(int length)
    {
        var rng = new Random(length);
        var x = new float[length];
        for (var i = 0; i < length; i++)
        {
            x[i] = (float)(rng.NextDouble() - 0.5) * 2000;
        }

        var fft = new EchoFft(length);
        var re = new float[fft.Bins];
        var im = new float[fft.Bins];
        fft.Forward(x, re, im);
        for (var k = 0; k < fft.Bins; k++)
        {
            double sr = 0, si = 0;
            for (var n = 0; n < length; n++)
            {
                sr += x[n] * Math.Cos(2 * Math.PI * k * n / length);
                si -= x[n] * Math.Sin(2 * Math.PI * k * n / length);
            }

            Assert.True(Math.Abs(re[k] - sr) < 0.05 && Math.Abs(im[k] - si) < 0.05, $"bin {k}: {re[k]}+{im[k]}i, DFT {sr:F3}+{si:F3}i");
        }

        var back = new float[length];
        fft.Inverse(re, im, back);
        for (var n = 0; n < length; n++)
        {
            Assert.True(Math.Abs(back[n] - x[n]) < 1e-3, $"sample {n}: {back[n]} vs {x[n]}");
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(40)]
    [InlineData(159)]
    public void Overlap_save_product_is_the_linear_convolution(int lag)
    {
        var rng = new Random(lag);
        var x = new float[320];
        for (var i = 0; i < x.Length; i++)
        {
            x[i] = (float)(rng.NextDouble() - 0.5);
        }

        var w = new float[320];
        w[lag] = 1;
        w[(lag + 7) % 160] = -0.5f;
        var fft = new EchoFft(320);
        float[] xr = new float[161], xi = new float[161], wr = new float[161], wi = new float[161], yr = new float[161], yi = new float[161];
        fft.Forward(x, xr, xi);
        fft.Forward(w, wr, wi);
        for (var k = 0; k < 161; k++)
        {
            yr[k] = (xr[k] * wr[k]) - (xi[k] * wi[k]);
            yi[k] = (xr[k] * wi[k]) + (xi[k] * wr[k]);
        }

        var y = new float[320];
        fft.Inverse(yr, yi, y);
        for (var j = 0; j < 160; j++)
        {
            var expected = x[160 + j - lag] - (0.5f * x[160 + j - ((lag + 7) % 160)]);
            Assert.True(Math.Abs(y[160 + j] - expected) < 1e-4, $"sample {j}: {y[160 + j]} vs {expected}");
        }
    }

    [Fact]
    public void Lengths_it_cannot_split_are_rejected()
    {
        Assert.Throws<ArgumentException>(() => new EchoFft(322));
        Assert.Throws<ArgumentException>(() => new EchoFft(321));
    }
}
