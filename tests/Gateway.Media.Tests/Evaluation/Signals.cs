using Gateway.Media.Dsp;

namespace Gateway.Media.Tests.Evaluation;

/// <summary>Seeded signal synthesis for tests: tones with cadences, ANSam, V.21 flags, noise.</summary>
public static class Signals
{
    public const int Rate = 8000;

    public static int Samples(int ms) => ms * Rate / 1000;

    /// <summary>Adds a sum of sines (total level <paramref name="dbm0"/> split equally) into dst[start..start+len].</summary>
    public static void AddTone(float[] dst, int start, int length, double dbm0, double phase, params double[] freqs)
    {
        var amp = Level.SinePeak(dbm0 - (10 * Math.Log10(freqs.Length)));
        for (var i = 0; i < length && start + i < dst.Length; i++)
        {
            double v = 0;
            foreach (var f in freqs)
            {
                v += Math.Sin((2 * Math.PI * f * i / Rate) + phase);
            }

            dst[start + i] += (float)(amp * v);
        }
    }

    /// <summary>Cadenced tone: on/off pattern repeated from <paramref name="start"/> to the end.</summary>
    public static void AddCadence(float[] dst, int start, double dbm0, int[] pattern, double phase, params double[] freqs)
    {
        var t = start;
        while (t < dst.Length)
        {
            for (var k = 0; k < pattern.Length && t < dst.Length; k++)
            {
                var n = Samples(pattern[k]);
                if (k % 2 == 0)
                {
                    AddTone(dst, t, n, dbm0, phase, freqs);
                }

                t += n;
            }
        }
    }

    /// <summary>V.8 ANSam: 2100 Hz with 15 Hz AM at depth 0.2; phase reversals every 450 ms if requested.</summary>
    public static void AddAnsam(float[] dst, int start, int length, double dbm0, bool reversals, double freq = 2100, double depth = 0.2)
    {
        var amp = Level.SinePeak(dbm0) / Math.Sqrt(1 + (depth * depth / 2));
        var sign = 1.0;
        for (var i = 0; i < length && start + i < dst.Length; i++)
        {
            if (reversals && i > 0 && i % Samples(450) == 0)
            {
                sign = -sign;
            }

            var env = 1 + (depth * Math.Sin(2 * Math.PI * 15 * i / Rate));
            dst[start + i] += (float)(amp * env * sign * Math.Sin(2 * Math.PI * freq * i / Rate));
        }
    }

    /// <summary>V.21 channel 2 continuous-phase FSK carrying HDLC flags (0x7E) at 300 bit/s.</summary>
    public static void AddV21Flags(float[] dst, int start, int length, double dbm0, double offsetHz = 0)
    {
        var amp = Level.SinePeak(dbm0);
        double phase = 0, bitClock = 0;
        var bit = 0;
        for (var i = 0; i < length && start + i < dst.Length; i++)
        {
            var value = (0x7E >> (7 - (bit % 8))) & 1;
            var f = (value == 1 ? 1650 : 1850) + offsetHz;
            phase += 2 * Math.PI * f / Rate;
            dst[start + i] += (float)(amp * Math.Sin(phase));
            bitClock += 300.0 / Rate;
            if (bitClock >= 1)
            {
                bitClock -= 1;
                bit++;
            }
        }
    }

    /// <summary>White Gaussian noise at <paramref name="dbm0"/>.</summary>
    public static void AddWhiteNoise(float[] dst, double dbm0, Random rng)
    {
        var sigma = Math.Sqrt(Level.Dbm0ToMeanSquare(dbm0));
        for (var i = 0; i < dst.Length; i++)
        {
            var u1 = 1.0 - rng.NextDouble();
            var u2 = rng.NextDouble();
            dst[i] += (float)(sigma * Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2));
        }
    }

    public static short[] ToPcm(float[] x)
    {
        var r = new short[x.Length];
        for (var i = 0; i < x.Length; i++)
        {
            r[i] = (short)Math.Clamp(Math.Round(x[i]), short.MinValue, short.MaxValue);
        }

        return r;
    }

    /// <summary>Mean square over the "active" frames (within 20 dB of the loudest frame), the level reference for SNR.</summary>
    public static double ActiveMeanSquare(ReadOnlySpan<float> x)
    {
        var frames = x.Length / 160;
        if (frames == 0)
        {
            return 0;
        }

        Span<double> p = frames <= 4096 ? stackalloc double[frames] : new double[frames];
        var max = 0.0;
        for (var f = 0; f < frames; f++)
        {
            double s = 0;
            for (var i = 0; i < 160; i++)
            {
                s += x[(f * 160) + i] * (double)x[(f * 160) + i];
            }

            p[f] = s / 160;
            max = Math.Max(max, p[f]);
        }

        double sum = 0;
        var n = 0;
        foreach (var v in p)
        {
            if (v >= max / 100)
            {
                sum += v;
                n++;
            }
        }

        return n == 0 ? 0 : sum / n;
    }
}
