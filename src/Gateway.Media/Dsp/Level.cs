namespace Gateway.Media.Dsp;

/// <summary>
/// Signal levels in dBm0 for 16-bit linear PCM that came from (or goes to) G.711.
/// </summary>
/// <remarks>
/// Reference: ITU-T G.711 §A: a sine at the µ-law decoder's full scale (peak ±32 124 on the 16-bit scale, the
/// top of segment 7) is +3.17 dBm0 (A-law: +3.14 dBm0). We take the µ-law figure for both laws, so 0 dBm0 is
/// a sine whose peak is 32 124 × 10^(−3.17/20) ≈ 22 303, i.e. an RMS of ≈ 15 770 and a mean-square of
/// <see cref="ZeroDbm0MeanSquare"/>. For A-law this reads 0.03 dB high, well inside any threshold here.
/// </remarks>
public static class Level
{
    /// <summary>Peak of the full-scale µ-law sine on the 16-bit scale (decoded code word 0x80 is 32 124).</summary>
    public const double FullScalePeak = 32124.0;

    /// <summary>Mean square of a 0 dBm0 sine in 16-bit linear units.</summary>
    public static readonly double ZeroDbm0MeanSquare = Math.Pow(FullScalePeak * Math.Pow(10, -3.17 / 20), 2) / 2;

    /// <summary>The level reported for digital silence.</summary>
    public const double Floor = -120.0;

    /// <summary>Converts a mean square (16-bit units) to dBm0.</summary>
    public static double MeanSquareToDbm0(double meanSquare) =>
        meanSquare <= 0 ? Floor : Math.Max(Floor, 10 * Math.Log10(meanSquare / ZeroDbm0MeanSquare));

    /// <summary>Converts dBm0 to the mean square (16-bit units).</summary>
    public static double Dbm0ToMeanSquare(double dbm0) => ZeroDbm0MeanSquare * Math.Pow(10, dbm0 / 10);

    /// <summary>Peak amplitude of a sine at <paramref name="dbm0"/>.</summary>
    public static double SinePeak(double dbm0) => Math.Sqrt(2 * Dbm0ToMeanSquare(dbm0));

    /// <summary>Mean square of a block of samples.</summary>
    public static double MeanSquare(ReadOnlySpan<short> samples)
    {
        if (samples.IsEmpty)
        {
            return 0;
        }

        long sum = 0;
        foreach (var s in samples)
        {
            sum += s * s;
        }

        return (double)sum / samples.Length;
    }

    /// <summary>Level of a block of samples in dBm0.</summary>
    public static double Dbm0(ReadOnlySpan<short> samples) => MeanSquareToDbm0(MeanSquare(samples));
}
