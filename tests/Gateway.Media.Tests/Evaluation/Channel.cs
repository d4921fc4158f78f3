using Gateway.Media.Codecs;
using Gateway.Media.Dsp;

namespace Gateway.Media.Tests.Evaluation;

/// <summary>The telephone channel applied by the harness: level, noise at an SNR, G.711, packet loss.</summary>
public static class Channel
{
    public static float[] Scaled(float[] x, double activeDbm0)
    {
        var ms = Signals.ActiveMeanSquare(x);
        var g = ms <= 0 ? 0 : Math.Sqrt(Level.Dbm0ToMeanSquare(activeDbm0) / ms);
        return [.. x.Select(v => (float)(v * g))];
    }

    public static void Place(float[] dst, float[] src, int start)
    {
        for (var i = 0; i < src.Length && start + i < dst.Length; i++)
        {
            if (start + i >= 0)
            {
                dst[start + i] += src[i];
            }
        }
    }

    /// <summary>Adds white or babble noise at <paramref name="dbm0"/>.</summary>
    public static void AddNoise(float[] dst, string kind, double dbm0, Random rng, IReadOnlyDictionary<string, float[]>? babble = null, string set = "tune")
    {
        if (kind == "white")
        {
            Signals.AddWhiteNoise(dst, dbm0, rng);
            return;
        }

        var b = babble![set];
        var g = Math.Sqrt(Level.Dbm0ToMeanSquare(dbm0) / Signals.ActiveMeanSquare(b));
        var offset = rng.Next(b.Length);
        for (var i = 0; i < dst.Length; i++)
        {
            dst[i] += (float)(g * b[(offset + i) % b.Length]);
        }
    }

    /// <summary>G.711 round trip and Bernoulli loss of whole 20 ms packets (lost packets are silence: no PLC).</summary>
    public static short[] Finish(float[] x, G711Law law, double lossRate, Random rng)
    {
        var pcm = Signals.ToPcm(x);
        G711.RoundTrip(pcm, law);
        if (lossRate > 0)
        {
            for (var f = 0; f + 160 <= pcm.Length; f += 160)
            {
                if (rng.NextDouble() < lossRate)
                {
                    Array.Clear(pcm, f, 160);
                }
            }
        }

        return pcm;
    }

    /// <summary>Index just past the last sample of the clean utterance within 30 dB of its peak frame.</summary>
    public static int ActiveEnd(float[] x)
    {
        var frames = x.Length / 80;
        var p = new double[frames];
        for (var f = 0; f < frames; f++)
        {
            double s = 0;
            for (var i = 0; i < 80; i++)
            {
                s += x[(f * 80) + i] * (double)x[(f * 80) + i];
            }

            p[f] = s;
        }

        var max = p.Max();
        for (var f = frames - 1; f >= 0; f--)
        {
            if (p[f] >= max / 1000)
            {
                return (f + 1) * 80;
            }
        }

        return 0;
    }
}
