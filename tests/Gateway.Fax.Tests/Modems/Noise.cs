using Gateway.Fax.Modems.Dsp;

namespace Gateway.Fax.Tests.Modems;

/// <summary>Additive white Gaussian noise at a given SNR relative to a signal level.</summary>
public static class Noise
{
    public static void Add(short[] samples, double snrDb, double signalDbm0, int seed) => Add(samples, snrDb, signalDbm0, seed, default);

    /// <summary>As above; with a <paramref name="where"/> mask (same length), only where it is true.</summary>
    public static void Add(Span<short> samples, double snrDb, double signalDbm0, int seed, ReadOnlySpan<bool> where)
    {
        if (double.IsPositiveInfinity(snrDb))
            return;
        var rng = new Random(seed);
        var sigma = Level.RmsFor(signalDbm0 - snrDb);
        for (var i = 0; i < samples.Length; i++)
        {
            if (!where.IsEmpty && !where[i])
                continue;
            // Box-Muller.
            var u1 = 1.0 - rng.NextDouble();
            var u2 = rng.NextDouble();
            var g = Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
            samples[i] = (short)Math.Clamp(Math.Round(samples[i] + g * sigma), short.MinValue, short.MaxValue);
        }
    }
}
