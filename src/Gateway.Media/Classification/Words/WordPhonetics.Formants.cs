using System.Numerics;
using Gateway.Media.Dsp;

namespace Gateway.Media.Classification.Words;

/// <summary>The vowel's formants: poles of a linear predictor on the nucleus's loudest hops (see the class summary).</summary>
public sealed partial class WordPhonetics
{
    private (float F1, float F2) Nucleus(long firstCentre, int from, int to, float top)
    {
        var n = 0;
        for (var h = from; h < to; h++)
        {
            // A pole at the voice's fundamental (a strong first harmonic, common in women's voices) is no formant.
            var lowest = Math.Max(MinFormantHz, F0Margin * AnalysisFrame.SampleRate / _lag[h]);
            if (_smooth[h] >= top - NucleusDb && Formants(firstCentre + (h * HopSamples), lowest, out var f1, out var f2))
            {
                _f1[n] = f1;
                _f2[n] = f2;
                n++;
            }
        }

        return n == 0 ? (0, 0) : (Median(_f1.AsSpan(0, n)), Median(_f2.AsSpan(0, n)));
    }

    /// <summary>F1 and F2 of the 20 ms centred on <paramref name="centre"/>: poles of an order-10 linear predictor.</summary>
    private bool Formants(long centre, double lowest, out float f1, out float f2)
    {
        f1 = f2 = 0;
        var start = centre - (Window / 2) - 1;
        Span<(double Hz, double Bandwidth)> poles = stackalloc (double, double)[Order / 2];
        var n = Poles(_linear.AsSpan((int)(start - _linearStart), Window + 1), poles);
        var first = double.MaxValue;
        var second = double.MaxValue;
        foreach (var (hz, bandwidth) in poles[..n])
        {
            if (hz < lowest || hz > 3500 || bandwidth > MaxBandwidthHz)
            {
                continue;
            }

            if (hz < first)
            {
                second = first;
                first = hz;
            }
            else if (hz < second)
            {
                second = hz;
            }
        }

        if (second == double.MaxValue)
        {
            return false;
        }

        f1 = (float)first;
        f2 = (float)second;
        return true;
    }

    /// <summary>
    /// The poles of an order-10 linear predictor of <paramref name="samples"/> (<see cref="Window"/> + 1: one before the
    /// window for the pre-emphasis) in the upper half plane: frequency and bandwidth (Hz). Returns how many were written.
    /// </summary>
    internal static int Poles(ReadOnlySpan<float> samples, Span<(double Hz, double Bandwidth)> poles)
    {
        Span<double> x = stackalloc double[Window];
        for (var i = 0; i < Window; i++)
        {
            x[i] = (samples[i + 1] - (0.97 * samples[i])) * Hamming[i];
        }

        Span<double> r = stackalloc double[Order + 1];
        for (var k = 0; k <= Order; k++)
        {
            double s = 0;
            for (var i = k; i < Window; i++)
            {
                s += x[i] * x[i - k];
            }

            r[k] = s;
        }

        if (r[0] <= 0)
        {
            return 0;
        }

        r[0] *= 1.0001; // white-noise correction: a well-conditioned predictor
        Span<double> a = stackalloc double[Order + 1];
        if (!LinearPrediction.TryLevinson(r, a))
        {
            return 0;
        }

        Span<Complex> roots = stackalloc Complex[Order];
        LinearPrediction.Roots(a, roots);
        var n = 0;
        foreach (var z in roots)
        {
            if (z.Imaginary > 1e-9 && n < poles.Length)
            {
                poles[n++] = (Math.Atan2(z.Imaginary, z.Real) * AnalysisFrame.SampleRate / (2 * Math.PI), -Math.Log(z.Magnitude) * AnalysisFrame.SampleRate / Math.PI);
            }
        }

        return n;
    }
}
