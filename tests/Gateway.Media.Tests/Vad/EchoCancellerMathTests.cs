using Gateway.Media.Vad;
using Xunit;

namespace Gateway.Media.Tests.Vad;

/// <summary>The vectorised double kernels of the least-squares stage against plain loops, at every length around the vector width.</summary>
public sealed class EchoCancellerMathTests
{
    [Fact]
    public void Dot_add_scaled_and_decay_add_match_plain_loops_at_every_length()
    {
        var rng = new Random(3);
        for (var n = 0; n <= 41; n++)
        {
            var a = Enumerable.Range(0, n).Select(_ => rng.NextDouble() - 0.5).ToArray();
            var b = Enumerable.Range(0, n + 3).Select(_ => rng.NextDouble() - 0.5).ToArray();
            double dot = 0;
            for (var i = 0; i < n; i++)
            {
                dot += a[i] * b[i];
            }

            Assert.Equal(dot, EchoCancellerMath.Dot(a, b), 12);

            var y = b.ToArray();
            EchoCancellerMath.AddScaled(-0.7, a, y);
            var z = b.ToArray();
            EchoCancellerMath.DecayAdd(0.99, a, z);
            for (var i = 0; i < b.Length; i++)
            {
                Assert.Equal(i < n ? b[i] - (0.7 * a[i]) : b[i], y[i], 12);
                Assert.Equal(i < n ? (0.99 * b[i]) + a[i] : b[i], z[i], 12);
            }
        }
    }
}
