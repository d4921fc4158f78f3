namespace Gateway.Media.Tests.Evaluation;

/// <summary>
/// A line echo path for the harness: a bulk delay, then an 8 ms dispersive response (a decaying random
/// impulse response with no DC path, like a 2-wire/4-wire hybrid's; G.168 §6.4 models are of this shape), scaled
/// so that the echo of the given signal is exactly <see cref="ErlDb"/> below it (ERL as G.168 §3 defines it).
/// </summary>
public sealed record EchoPath
{
    public const int DispersionSamples = 64;

    private EchoPath(int delaySamples, float[] response, double erlDb)
    {
        DelaySamples = delaySamples;
        Response = response;
        ErlDb = erlDb;
    }

    public int DelaySamples { get; }

    /// <summary>The dispersive part, applied after the bulk delay.</summary>
    public float[] Response { get; }

    public double ErlDb { get; }

    /// <summary>A pure delay and gain (the session-1 harness model).</summary>
    public static EchoPath Flat(int delayMs, double erlDb) => new(delayMs * 8, [(float)Math.Pow(10, -erlDb / 20)], erlDb);

    /// <summary>A dispersive path whose ERL is measured on <paramref name="reference"/> (the prompt).</summary>
    public static EchoPath Dispersive(int delayMs, double erlDb, ReadOnlySpan<float> reference, Random rng)
    {
        var h = new double[DispersionSamples];
        var tau = 6 + (rng.NextDouble() * 10); // 0.75–2 ms decay constant
        for (var n = 0; n < h.Length; n++)
        {
            var u1 = 1.0 - rng.NextDouble();
            var g = Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * rng.NextDouble());
            h[n] = g * Math.Exp(-n / tau);
        }

        // No DC path (the hybrid's transformer): remove the mean, weighted towards the tail where it is inaudible.
        var mean = h.Average();
        for (var n = 0; n < h.Length; n++)
        {
            h[n] -= mean;
        }

        var f = h.Select(v => (float)v).ToArray();
        var inPower = Power(reference);
        var outPower = Power(Convolve(reference, f));
        var gain = Math.Sqrt(inPower / outPower * Math.Pow(10, -erlDb / 10));
        for (var n = 0; n < f.Length; n++)
        {
            f[n] = (float)(f[n] * gain);
        }

        return new EchoPath(delayMs * 8, f, erlDb);
    }

    /// <summary>The path that replaces this one from sample <see cref="ChangeAt"/> (an echo path change).</summary>
    public EchoPath? Next { get; init; }

    /// <summary>Sample index at which <see cref="Next"/> takes over.</summary>
    public int ChangeAt { get; init; } = int.MaxValue;

    /// <summary>The echo at sample <paramref name="n"/> of what was played so far.</summary>
    public float EchoAt(ReadOnlySpan<float> played, int n)
    {
        if (n >= ChangeAt && Next is not null)
        {
            return Next.EchoAt(played, n);
        }

        double y = 0;
        var start = n - DelaySamples;
        for (var k = 0; k < Response.Length && start - k >= 0; k++)
        {
            if (start - k < played.Length)
            {
                y += Response[k] * played[start - k];
            }
        }

        return (float)y;
    }

    private static float[] Convolve(ReadOnlySpan<float> x, float[] h)
    {
        var y = new float[x.Length];
        for (var n = 0; n < x.Length; n++)
        {
            double s = 0;
            for (var k = 0; k < h.Length && k <= n; k++)
            {
                s += h[k] * x[n - k];
            }

            y[n] = (float)s;
        }

        return y;
    }

    private static double Power(ReadOnlySpan<float> x)
    {
        double s = 0;
        foreach (var v in x)
        {
            s += v * (double)v;
        }

        return s / Math.Max(1, x.Length);
    }
}
