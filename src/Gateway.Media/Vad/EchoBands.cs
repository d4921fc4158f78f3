using Gateway.Media.Dsp;

namespace Gateway.Media.Vad;

/// <summary>
/// Energies of a 160-sample frame in <see cref="Count"/> bands of the telephone band (300–3400 Hz), from a
/// Hann-windowed DFT at 50 Hz spacing, for the band-wise residual echo model of <see cref="DoubleTalkDetector"/>.
/// Units: Σ |X(k)|² over the band's bins, so white noise of mean square σ² gives σ²·Σw²·bins in every band
/// (<see cref="WhiteNoise"/>).
/// </summary>
internal static class EchoBands
{
    /// <summary>Bands.</summary>
    public const int Count = 8;

    private const int N = 160;

    // Band edges as DFT bins of 50 Hz (bin k = 50·k Hz): 300, 500, 750, 1000, 1350, 1750, 2250, 2800, 3450 Hz. Narrower
    // bands low, where the formants and the prompt's energy are.
    private static readonly int[] Edges = [6, 10, 15, 20, 27, 35, 45, 56, 69];
    private static readonly float[] Window = new float[N];
    private static readonly float[][] Cos = new float[Edges[^1]][];
    private static readonly float[][] Sin = new float[Edges[^1]][];
    private static readonly double WindowEnergy;

    static EchoBands()
    {
        double we = 0;
        for (var n = 0; n < N; n++)
        {
            Window[n] = (float)(0.5 - (0.5 * Math.Cos(2 * Math.PI * n / N)));
            we += Window[n] * (double)Window[n];
        }

        WindowEnergy = we;
        for (var k = Edges[0]; k < Edges[^1]; k++)
        {
            Cos[k] = new float[N];
            Sin[k] = new float[N];
            for (var n = 0; n < N; n++)
            {
                Cos[k][n] = Window[n] * (float)Math.Cos(2 * Math.PI * k * n / N);
                Sin[k][n] = Window[n] * (float)Math.Sin(2 * Math.PI * k * n / N);
            }
        }
    }

    /// <summary>Band energy of white noise of mean square <paramref name="meanSquare"/> in band <paramref name="band"/>.</summary>
    public static double WhiteNoise(double meanSquare, int band) => meanSquare * WindowEnergy * (Edges[band + 1] - Edges[band]);

    /// <summary>Writes the band energies of <paramref name="frame"/> (160 samples) to <paramref name="bands"/>.</summary>
    public static void Energies(ReadOnlySpan<float> frame, Span<double> bands)
    {
        for (var b = 0; b < Count; b++)
        {
            double e = 0;
            for (var k = Edges[b]; k < Edges[b + 1]; k++)
            {
                double re = VectorMath.Dot(frame, Cos[k]);
                double im = VectorMath.Dot(frame, Sin[k]);
                e += (re * re) + (im * im);
            }

            bands[b] = e;
        }
    }
}
