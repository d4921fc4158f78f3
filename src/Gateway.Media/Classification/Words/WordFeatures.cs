using Gateway.Media.Dsp;

namespace Gateway.Media.Classification.Words;

/// <summary>
/// Log-mel filterbank energies of the received line, 10 ms hops, kept in a ring long enough to hold the longest reply
/// (<see cref="ReplyDetectorOptions.MaxUtteranceMs"/>, its end silence and a margin), and the fixed-length summary of
/// one utterance the word model scores. Per hop: a 20 ms Hamming window (160 samples, the 20 ms frame centred on each
/// half frame), a 256-point FFT, <see cref="Bands"/> triangular bands equally spaced on the mel scale over the telephone
/// band 300–3400 Hz (ITU-T G.712's pass band), 10·log10 of each band's power. The summary removes the utterance's mean
/// per band (a fixed channel — the line's frequency response, the handset — is a constant per band in the log domain and
/// cancels), resamples the utterance to <see cref="Segments"/> equal parts in time (a fast and a slow "да" look alike)
/// and adds the energy contour, the spectral shape and the duration. Allocation-free after construction.
/// </summary>
public sealed class WordFeatures
{
    /// <summary>Mel bands over 300–3400 Hz.</summary>
    public const int Bands = 16;

    /// <summary>Equal parts in time the utterance is resampled to.</summary>
    public const int Segments = 12;

    /// <summary>Hop between filterbank vectors, ms.</summary>
    public const int HopMs = 10;

    /// <summary>Length of <see cref="Summarize"/>'s vector: bands × segments, the energy contour, the spectral shape, the duration.</summary>
    public const int Length = (Bands * Segments) + Segments + Bands + 1;

    private const int HopSamples = 80;
    private const int WindowSamples = 160;
    private const int FftSize = 256;
    private const double LowHz = 300;
    private const double HighHz = 3400;
    private const float FloorPower = 1f; // 16-bit sample units: far under the quietest line noise (−70 dBm0)
    private const float DbScale = 0.1f;  // dB → tenths of a bel: features of order 1

    private static readonly float[] Window = MakeWindow();
    private static readonly (int First, float[] Weights)[] Filters = MakeFilters();
    private static readonly (float Cos, float Sin)[] Twiddles = MakeTwiddles();

    private readonly int _capacity;
    private readonly float[] _log;     // ring: _capacity hops × Bands, 10·log10 band power
    private readonly float[] _energy;  // ring: 10·log10 of the hop's total band power
    private readonly float[] _previous = new float[HopSamples];
    private readonly float[] _re = new float[FftSize];
    private readonly float[] _im = new float[FftSize];
    private readonly float[] _mean = new float[Bands];
    private long _hops;
    private long _newestCentreMs = long.MinValue;

    /// <summary>Creates a ring that holds <paramref name="capacityMs"/> of hops.</summary>
    public WordFeatures(int capacityMs)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacityMs, 100);
        _capacity = capacityMs / HopMs;
        _log = new float[_capacity * Bands];
        _energy = new float[_capacity];
    }

    /// <summary>Hops pushed so far.</summary>
    public long Hops => _hops;

    /// <summary>Forgets the line heard so far.</summary>
    public void Reset()
    {
        _hops = 0;
        _newestCentreMs = long.MinValue;
        Array.Clear(_previous);
    }

    /// <summary>Adds one received 20 ms frame (two hops) starting at <paramref name="timestampMs"/>.</summary>
    public void Push(ReadOnlySpan<short> frame, long timestampMs)
    {
        if (frame.Length != AnalysisFrame.Length)
        {
            throw new ArgumentException($"A frame is {AnalysisFrame.Length} samples, not {frame.Length}.", nameof(frame));
        }

        // Hop 1: the last half of the previous frame and the first half of this one; hop 2: this frame.
        AddHop(_previous, frame[..HopSamples]);
        Span<float> first = stackalloc float[HopSamples];
        for (var i = 0; i < HopSamples; i++)
        {
            first[i] = frame[i];
        }

        AddHop(first, frame[HopSamples..]);
        for (var i = 0; i < HopSamples; i++)
        {
            _previous[i] = frame[HopSamples + i];
        }

        _newestCentreMs = timestampMs + HopMs;
    }

    /// <summary>
    /// Writes the summary of the utterance from <paramref name="startMs"/> (its first voice frame's start) to
    /// <paramref name="endMs"/> (its last voice frame's end) into <paramref name="features"/> (<see cref="Length"/>), with one
    /// hop of margin each side. False when fewer than 4 hops of it are still in the ring.
    /// </summary>
    public bool Summarize(long startMs, long endMs, Span<float> features)
    {
        if (features.Length < Length)
        {
            throw new ArgumentException($"Needs {Length} values.", nameof(features));
        }

        if (_hops == 0 || endMs <= startMs)
        {
            return false;
        }

        var newest = _hops - 1;
        var oldest = Math.Max(0, _hops - _capacity);
        var first = Math.Max(oldest, newest - ((_newestCentreMs - startMs) / HopMs) - 1);
        var last = Math.Min(newest, newest - ((_newestCentreMs - endMs) / HopMs) + 1);
        var n = (int)(last - first + 1);
        if (n < 4)
        {
            return false;
        }

        var maxEnergy = float.MinValue;
        Array.Clear(_mean);
        for (var h = first; h <= last; h++)
        {
            var row = Row(h);
            for (var b = 0; b < Bands; b++)
            {
                _mean[b] += _log[row + b];
            }

            maxEnergy = Math.Max(maxEnergy, _energy[(int)(h % _capacity)]);
        }

        var all = 0f;
        for (var b = 0; b < Bands; b++)
        {
            _mean[b] /= n;
            all += _mean[b];
        }

        all /= Bands;
        for (var g = 0; g < Segments; g++)
        {
            var a = g * n / Segments;
            var z = Math.Max(a + 1, (g + 1) * n / Segments);
            var count = z - a;
            var energy = 0f;
            for (var b = 0; b < Bands; b++)
            {
                features[(g * Bands) + b] = 0;
            }

            for (var i = a; i < z; i++)
            {
                var h = first + i;
                var row = Row(h);
                for (var b = 0; b < Bands; b++)
                {
                    features[(g * Bands) + b] += _log[row + b];
                }

                energy += _energy[(int)(h % _capacity)];
            }

            for (var b = 0; b < Bands; b++)
            {
                features[(g * Bands) + b] = ((features[(g * Bands) + b] / count) - _mean[b]) * DbScale;
            }

            features[(Bands * Segments) + g] = ((energy / count) - maxEnergy) * DbScale;
        }

        for (var b = 0; b < Bands; b++)
        {
            features[(Bands * Segments) + Segments + b] = (_mean[b] - all) * DbScale;
        }

        features[Length - 1] = MathF.Log(n * HopMs / 300f);
        return true;
    }

    private int Row(long hop) => (int)(hop % _capacity) * Bands;

    private void AddHop(ReadOnlySpan<float> head, ReadOnlySpan<short> tail)
    {
        for (var i = 0; i < HopSamples; i++)
        {
            _re[i] = head[i] * Window[i];
            _re[HopSamples + i] = tail[i] * Window[HopSamples + i];
        }

        Array.Clear(_re, WindowSamples, FftSize - WindowSamples);
        Array.Clear(_im);
        Fft(_re, _im);
        var row = Row(_hops);
        var total = 0f;
        for (var b = 0; b < Bands; b++)
        {
            var (firstBin, weights) = Filters[b];
            var power = 0f;
            for (var k = 0; k < weights.Length; k++)
            {
                var bin = firstBin + k;
                power += weights[k] * ((_re[bin] * _re[bin]) + (_im[bin] * _im[bin]));
            }

            total += power;
            _log[row + b] = 10 * MathF.Log10(power + FloorPower);
        }

        _energy[(int)(_hops % _capacity)] = 10 * MathF.Log10(total + FloorPower);
        _hops++;
    }

    /// <summary>In-place radix-2 decimation-in-time FFT of <see cref="FftSize"/> points.</summary>
    private static void Fft(float[] re, float[] im)
    {
        for (int i = 1, j = 0; i < FftSize; i++)
        {
            var bit = FftSize >> 1;
            for (; (j & bit) != 0; bit >>= 1)
            {
                j ^= bit;
            }

            j |= bit;
            if (i < j)
            {
                (re[i], re[j]) = (re[j], re[i]);
                (im[i], im[j]) = (im[j], im[i]);
            }
        }

        for (var size = 2; size <= FftSize; size <<= 1)
        {
            var half = size >> 1;
            var step = FftSize / size;
            for (var start = 0; start < FftSize; start += size)
            {
                for (var k = 0; k < half; k++)
                {
                    var (c, s) = Twiddles[k * step];
                    var a = start + k;
                    var b = a + half;
                    var tr = (re[b] * c) + (im[b] * s);
                    var ti = (im[b] * c) - (re[b] * s);
                    re[b] = re[a] - tr;
                    im[b] = im[a] - ti;
                    re[a] += tr;
                    im[a] += ti;
                }
            }
        }
    }

    private static float[] MakeWindow()
    {
        var w = new float[WindowSamples];
        for (var i = 0; i < WindowSamples; i++)
        {
            w[i] = (float)(0.54 - (0.46 * Math.Cos(2 * Math.PI * i / (WindowSamples - 1))));
        }

        return w;
    }

    private static (float Cos, float Sin)[] MakeTwiddles()
    {
        var t = new (float, float)[FftSize / 2];
        for (var k = 0; k < t.Length; k++)
        {
            t[k] = ((float)Math.Cos(2 * Math.PI * k / FftSize), (float)Math.Sin(2 * Math.PI * k / FftSize));
        }

        return t;
    }

    private static double Mel(double hz) => 2595 * Math.Log10(1 + (hz / 700));

    private static double Hz(double mel) => 700 * (Math.Pow(10, mel / 2595) - 1);

    private static (int, float[])[] MakeFilters()
    {
        var filters = new (int, float[])[Bands];
        var lo = Mel(LowHz);
        var hi = Mel(HighHz);
        const double binHz = (double)AnalysisFrame.SampleRate / FftSize;
        for (var b = 0; b < Bands; b++)
        {
            var left = Hz(lo + ((hi - lo) * b / (Bands + 1)));
            var centre = Hz(lo + ((hi - lo) * (b + 1) / (Bands + 1)));
            var right = Hz(lo + ((hi - lo) * (b + 2) / (Bands + 1)));
            var firstBin = (int)Math.Ceiling(left / binHz);
            var lastBin = (int)Math.Floor(right / binHz);
            var weights = new float[Math.Max(1, lastBin - firstBin + 1)];
            for (var k = 0; k < weights.Length; k++)
            {
                var f = (firstBin + k) * binHz;
                weights[k] = (float)Math.Max(0, f <= centre ? (f - left) / (centre - left) : (right - f) / (right - centre));
            }

            filters[b] = (firstBin, weights);
        }

        return filters;
    }
}
