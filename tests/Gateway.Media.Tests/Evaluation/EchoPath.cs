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
    public static EchoPath Dispersive(int delayMs, double erlDb, ReadOnlySpan<float> reference, Random rng) =>
        Scaled(delayMs, Hybrid(rng), erlDb, reference);

    /// <summary>
    /// Session 8, the second held-out echo shape: two hybrid reflections (a 4-wire/2-wire hybrid and a second one further down
    /// the line), the second 4–8 ms after the first and 6–10 dB weaker, scaled together to the ERL. 16 ms of dispersion in all,
    /// so at 64 ms of bulk delay the echo reaches the end of the canceller's 80 ms.
    /// </summary>
    public static EchoPath TwoReflections(int delayMs, double erlDb, ReadOnlySpan<float> reference, Random rng)
    {
        var first = Hybrid(rng);
        var second = Hybrid(rng);
        var offset = 32 + rng.Next(33); // 4–8 ms
        var weaker = Math.Pow(10, -(6 + (rng.NextDouble() * 4)) / 20) * Math.Sqrt(Energy(first) / Energy(second));
        var h = new double[offset + DispersionSamples];
        for (var n = 0; n < DispersionSamples; n++)
        {
            h[n] += first[n];
            h[offset + n] += weaker * second[n];
        }

        return Scaled(delayMs, h, erlDb, reference);
    }

    // One hybrid's response: decaying Gaussian taps (0.75–2 ms decay constant), no DC path.
    private static double[] Hybrid(Random rng)
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

        return h;
    }

    private static double Energy(double[] h) => h.Sum(v => v * v);

    private static EchoPath Scaled(int delayMs, double[] h, double erlDb, ReadOnlySpan<float> reference)
    {
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
