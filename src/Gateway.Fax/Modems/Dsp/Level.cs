namespace Gateway.Fax.Modems.Dsp;

/// <summary>
/// Signal levels in dBm0 for 16-bit linear samples. G.711 puts a full-scale sine at +3.14 dBm0 (µ-law;
/// G.711 §2 Table 1/2 and the digital milliwatt of G.711 §3), so 0 dBm0 is an RMS of
/// 32767·10^(−3.14/20)/√2 ≈ 16 120. The same reference spandsp uses (DBM0_MAX_SINE_POWER).
/// </summary>
public static class Level
{
    /// <summary>dBm0 of a full-scale sine.</summary>
    public const double FullScaleSineDbm0 = 3.14;

    /// <summary>The RMS sample value of a signal at <paramref name="dbm0"/>.</summary>
    public static double RmsFor(double dbm0) => 32767.0 * Math.Pow(10, (dbm0 - FullScaleSineDbm0) / 20) / Math.Sqrt(2);

    /// <summary>The peak of a sine at <paramref name="dbm0"/>.</summary>
    public static double SinePeakFor(double dbm0) => 32767.0 * Math.Pow(10, (dbm0 - FullScaleSineDbm0) / 20);

    /// <summary>The level in dBm0 of samples with RMS <paramref name="rms"/>.</summary>
    public static double Dbm0ForRms(double rms) => rms <= 0 ? double.NegativeInfinity : 20 * Math.Log10(rms * Math.Sqrt(2) / 32767.0) + FullScaleSineDbm0;

    /// <summary>Measures the level of <paramref name="samples"/> in dBm0.</summary>
    public static double Measure(ReadOnlySpan<short> samples)
    {
        if (samples.IsEmpty)
            return double.NegativeInfinity;
        double sum = 0;
        foreach (var s in samples)
            sum += (double)s * s;
        return Dbm0ForRms(Math.Sqrt(sum / samples.Length));
    }

    /// <summary>Throws unless <paramref name="dbm0"/> is a sane transmit level (T.30 terminals send −43..0 dBm0).</summary>
    public static void Validate(double dbm0)
    {
        if (double.IsNaN(dbm0) || dbm0 > 0 || dbm0 < -60)
            throw new ArgumentOutOfRangeException(nameof(dbm0), dbm0, "Transmit level must be between -60 and 0 dBm0.");
    }
}
