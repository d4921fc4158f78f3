namespace Gateway.Fax.Modems.Dsp;

/// <summary>
/// One period of a sine at 50 Hz sampled at 8 kHz (160 points). Every tone and carrier the fax modems use
/// is a multiple of 50 Hz (V.21 ch 2 1650/1850 Hz, V.29 1700 Hz, V.27 ter and V.17 1800 Hz, CNG 1100 Hz,
/// CED 2100 Hz), so an integer index step walks this table with an exact, drift-free, continuous phase
/// instead of a phase accumulator and interpolation.
/// </summary>
public static class SineTable
{
    /// <summary>Points per period.</summary>
    public const int Length = 160;

    /// <summary>Frequency resolution of one index step, in Hz.</summary>
    public const int StepHz = 8000 / Length;

    // Length + a quarter period, so Cos(i) = Sin(i + 40) needs no wrap for i < Length.
    private static readonly float[] Table = Build();

    /// <summary>sin(2π·i/160) for i in [0, 200); index i + 40 gives the cosine of i.</summary>
    public static ReadOnlySpan<float> Values => Table;

    /// <summary>The sine at index <paramref name="index"/> (0..159).</summary>
    public static float Sin(int index) => Table[index];

    /// <summary>The cosine at index <paramref name="index"/> (0..159).</summary>
    public static float Cos(int index) => Table[index + Length / 4];

    /// <summary>The index step for <paramref name="hertz"/>; throws unless it is a multiple of 50 Hz below 4 kHz.</summary>
    public static int StepFor(int hertz)
    {
        if (hertz <= 0 || hertz >= 4000 || hertz % StepHz != 0)
            throw new ArgumentOutOfRangeException(nameof(hertz), hertz, "The sine table holds multiples of 50 Hz below 4 kHz.");
        return hertz / StepHz;
    }

    private static float[] Build()
    {
        var t = new float[Length + Length / 4];
        for (var i = 0; i < t.Length; i++)
            t[i] = (float)Math.Sin(2 * Math.PI * i / Length);
        return t;
    }
}
