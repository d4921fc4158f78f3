using System.Numerics;

namespace Gateway.Media.Dsp;

/// <summary>
/// Linear prediction shared by the echo canceller's whitener and the word check's formant analysis: the predictor from an
/// autocorrelation (Levinson–Durbin recursion) and the roots of its polynomial (Markel and Gray, "Linear Prediction of
/// Speech", 1976, ch. 3 and 7). Allocation-free.
/// </summary>
public static class LinearPrediction
{
    /// <summary>The largest order <see cref="TryLevinson"/> takes (its scratch lives on the stack).</summary>
    public const int MaxOrder = 32;

    /// <summary>
    /// Levinson–Durbin: the predictor polynomial <paramref name="a"/> (a[0] = 1, order = a.Length − 1) from the
    /// autocorrelation <paramref name="r"/> (at least a.Length lags). False, with <paramref name="a"/> unusable, when a
    /// reflection coefficient reaches 1 (the prediction error would not stay positive: numerically singular).
    /// </summary>
    public static bool TryLevinson(ReadOnlySpan<double> r, Span<double> a)
    {
        var order = a.Length - 1;
        ArgumentOutOfRangeException.ThrowIfGreaterThan(order, MaxOrder);
        ArgumentOutOfRangeException.ThrowIfLessThan(r.Length, a.Length);
        Span<double> previous = stackalloc double[a.Length];
        a.Clear();
        a[0] = 1;
        var error = r[0];
        for (var i = 1; i <= order; i++)
        {
            var acc = r[i];
            for (var j = 1; j < i; j++)
            {
                acc += a[j] * r[i - j];
            }

            var k = -acc / error;
            if (Math.Abs(k) >= 1)
            {
                return false;
            }

            a.CopyTo(previous);
            for (var j = 1; j < i; j++)
            {
                a[j] = previous[j] + (k * previous[i - j]);
            }

            a[i] = k;
            error *= 1 - (k * k);
        }

        return true;
    }

    /// <summary>
    /// Roots <paramref name="z"/> of z^n + a1 z^(n−1) + … + an (n = z.Length, <paramref name="a"/> as from
    /// <see cref="TryLevinson"/>) by the Durand–Kerner (Weierstrass) iteration.
    /// </summary>
    public static void Roots(ReadOnlySpan<double> a, Span<Complex> z)
    {
        var order = z.Length;
        var seed = new Complex(0.4, 0.9);
        z[0] = Complex.One;
        for (var i = 1; i < order; i++)
        {
            z[i] = z[i - 1] * seed;
        }

        for (var iteration = 0; iteration < 200; iteration++)
        {
            var change = 0.0;
            for (var i = 0; i < order; i++)
            {
                var p = Complex.One;
                for (var k = 1; k <= order; k++)
                {
                    p = (p * z[i]) + a[k];
                }

                var q = Complex.One;
                for (var j = 0; j < order; j++)
                {
                    if (j != i)
                    {
                        q *= z[i] - z[j];
                    }
                }

                var step = p / q;
                z[i] -= step;
                change = Math.Max(change, step.Magnitude);
            }

            if (change < 1e-10)
            {
                break;
            }
        }
    }
}
