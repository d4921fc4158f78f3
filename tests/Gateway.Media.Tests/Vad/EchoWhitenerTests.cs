using Gateway.Media.Vad;
using Xunit;

namespace Gateway.Media.Tests.Vad;

/// <summary>The decorrelating prefilter of the echo cancellers.</summary>
public sealed class EchoWhitenerTests
{
    [Fact]
    public void The_learned_predictor_whitens_an_AR2_far_end_and_the_residual_filter_undoes_it()
    {
        // x(n) = 1.6·x(n−1) − 0.8·x(n−2) + u(n): a resonance near 700 Hz, 15 dB of spectral spread.
        var rng = new Random(1);
        var x = new short[160 * 100];
        double x1 = 0, x2 = 0;
        for (var n = 0; n < x.Length; n++)
        {
            var v = (1.6 * x1) - (0.8 * x2) + ((rng.NextDouble() - 0.5) * 400);
            x[n] = (short)v;
            (x2, x1) = (x1, v);
        }

        var w = new EchoWhitener(2) { NoiseCorrectionDb = 60 };
        double input = 0, output = 0, lag1 = 0, maxError = 0;
        float previous = 0;
        for (var f = 0; f < x.Length; f += 160)
        {
            w.ObserveFar(x.AsSpan(f, 160));
            for (var j = 0; j < 160; j++)
            {
                var y = w.Far(x[f + j]);
                var back = w.Residual(w.Near(x[f + j]));
                maxError = Math.Max(maxError, Math.Abs(back - x[f + j]));
                if (f >= 160 * 50)
                {
                    input += x[f + j] * (double)x[f + j];
                    output += y * (double)y;
                    lag1 += y * (double)previous;
                }

                previous = y;
            }
        }

        Assert.True(10 * Math.Log10(input / output) >= 10, $"prediction gain {10 * Math.Log10(input / output):F1} dB");
        Assert.True(Math.Abs(lag1 / output) < 0.1, $"lag-1 correlation of the output {lag1 / output:F2}");
        Assert.True(maxError < 0.5, $"near → A → 1/A differs by {maxError}");
    }
}
