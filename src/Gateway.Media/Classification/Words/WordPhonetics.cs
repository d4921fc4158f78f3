using Gateway.Media.Dsp;

namespace Gateway.Media.Classification.Words;

/// <summary>
/// Measures <see cref="WordCues"/> of an utterance from the received samples (session 9): cues of the words themselves that
/// hold for any speaker or synthesizer, unlike the filterbank patterns <see cref="WordModel"/> learnt from espeak-ng. Keeps
/// a ring of samples (<see cref="Push"/>) and analyses one utterance when asked (<see cref="Measure"/>), in 10 ms hops:
/// level; voicing (the normalised autocorrelation's peak over pitch lags 2.5–16 ms, 60–400 Hz); zero crossings; syllables
/// (voiced level peaks ≥ 3 dB apart); and, on the loudest hops of the first syllable, the first two formants by linear
/// prediction (order 10 at 8 kHz, pre-emphasis 0.97, 20 ms Hamming window; poles of the predictor with a bandwidth under
/// 600 Hz, above 1.3 times the voice's fundamental: Markel and Gray, "Linear Prediction of Speech", 1976, ch. 7). The ratio F2/F1 is the vowel's place whatever the
/// vocal tract's length (Peterson and Barney 1952: speakers' formants differ by a common factor, ≈ 15–20 % between men and
/// women). Allocation-free after construction.
/// </summary>
public sealed partial class WordPhonetics
{
    private const int HopSamples = 80;
    internal const int Window = 160;
    private const int PitchSpan = 240;
    private const int MinLag = 20;   // 400 Hz
    private const int MaxLag = 133;  // 60 Hz
    private const int Order = 10;
    private const double VoicedCorrelation = 0.5;
    private const double SyllableDipDb = 4;
    private const double SyllableRangeDb = 15;
    private const double NucleusRangeDb = 3;
    private const double NucleusDb = 3;
    private const double VoicedRangeDb = 25;
    private const int CodaHops = 16;
    private const double MinFormantHz = 200;
    private const double MaxBandwidthHz = 600;
    private const double F0Margin = 1.3;
    private const double MurmurDullerDb = 4;
    private const int LeadMs = 100; // a nasal's murmur is quieter than the VAD's onset: read before the first voice frame

    private static readonly float[] Hamming = MakeHamming();

    private readonly short[] _ring;
    private readonly float[] _linear;  // the utterance's samples, unwrapped for analysis
    private long _linearStart;
    private readonly float[] _level;
    private readonly float[] _voicing;
    private readonly float[] _crossings;
    private readonly float[] _f1;
    private readonly float[] _f2;
    private readonly float[] _smooth;
    private readonly int[] _lag;
    private readonly float[] _bright;
    private readonly float[] _peak;
    private readonly int[] _start;
    private readonly int[] _end;
    private long _count;
    private long _newestEndMs = long.MinValue;

    /// <summary>Creates a ring that holds <paramref name="capacityMs"/> of samples.</summary>
    public WordPhonetics(int capacityMs)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacityMs, 100);
        _ring = new short[capacityMs * 8];
        _linear = new float[_ring.Length];
        var hops = (capacityMs / 10) + 2;
        _level = new float[hops];
        _voicing = new float[hops];
        _crossings = new float[hops];
        _f1 = new float[hops];
        _f2 = new float[hops];
        _smooth = new float[hops];
        _lag = new int[hops];
        _bright = new float[hops];
        _peak = new float[hops];
        _start = new int[hops];
        _end = new int[hops];
    }

    /// <summary>Forgets the line heard so far.</summary>
    public void Reset()
    {
        _count = 0;
        _newestEndMs = long.MinValue;
    }

    /// <summary>Adds one received 20 ms frame starting at <paramref name="timestampMs"/>.</summary>
    public void Push(ReadOnlySpan<short> frame, long timestampMs)
    {
        if (frame.Length != AnalysisFrame.Length)
        {
            throw new ArgumentException($"A frame is {AnalysisFrame.Length} samples, not {frame.Length}.", nameof(frame));
        }

        var at = (int)(_count % _ring.Length);
        var first = Math.Min(frame.Length, _ring.Length - at);
        frame[..first].CopyTo(_ring.AsSpan(at));
        frame[first..].CopyTo(_ring);
        _count += frame.Length;
        _newestEndMs = timestampMs + (AnalysisFrame.Length / 8);
    }

    /// <summary>
    /// Measures the utterance whose first voice frame starts at <paramref name="startMs"/> and whose last voice frame ends at
    /// <paramref name="endMs"/>; the 160 ms after it are read for a final burst when the ring holds them.
    /// </summary>
    public WordCues Measure(long startMs, long endMs)
    {
        if (_count == 0 || endMs <= startMs)
        {
            return WordCues.None;
        }

        var oldest = _count - Math.Min(_count, _ring.Length);
        var firstCentre = Math.Max(Sample(startMs - LeadMs), oldest + (PitchSpan / 2) + 1);
        var lastCentre = Math.Min(Sample(endMs + (CodaHops * 10)), _count - (PitchSpan / 2));
        var hops = (int)Math.Min(_level.Length, ((lastCentre - firstCentre) / HopSamples) + 1);
        var spoken = (int)Math.Min(hops, ((Sample(endMs) - firstCentre) / HopSamples) + 1);
        if (spoken < 4)
        {
            return WordCues.None;
        }

        _linearStart = firstCentre - (PitchSpan / 2) - 1;
        var length = (int)Math.Min(_linear.Length, (hops - 1) * HopSamples + PitchSpan + 1);
        for (var i = 0; i < length; i++)
        {
            _linear[i] = _ring[(int)((_linearStart + i) % _ring.Length)];
        }

        var peak = float.MinValue;
        for (var h = 0; h < hops; h++)
        {
            Describe(firstCentre + (h * HopSamples), h);
            if (h < spoken)
            {
                peak = Math.Max(peak, _level[h]);
            }
        }

        // The voiced level, smoothed over 50 ms (a stop's burst or one hop's dip is no syllable).
        var firstVoiced = -1;
        var lastVoiced = -1;
        var voiced = 0;
        for (var h = 0; h < spoken; h++)
        {
            if (Voiced(h, peak))
            {
                voiced++;
                lastVoiced = h;
                firstVoiced = firstVoiced < 0 ? h : firstVoiced;
            }
        }

        if (firstVoiced < 0)
        {
            return WordCues.None;
        }

        var loudest = float.MinValue;
        for (var h = 0; h < spoken; h++)
        {
            _smooth[h] = float.MinValue;
            if (!Voiced(h, peak))
            {
                continue;
            }

            var (sum, count) = (0f, 0);
            for (var k = Math.Max(0, h - 2); k <= Math.Min(spoken - 1, h + 2); k++)
            {
                if (Voiced(k, peak))
                {
                    sum += _level[k];
                    count++;
                }
            }

            _smooth[h] = sum / count;
            loudest = Math.Max(loudest, _smooth[h]);
        }

        // Syllables: runs of the smoothed voiced level between dips of SyllableDipDb (or voiceless gaps).
        var n = 0;
        var inside = false;
        var top = float.MinValue;
        var valley = float.MaxValue;
        for (var h = 0; h <= spoken; h++)
        {
            var e = h < spoken ? _smooth[h] : float.MinValue;
            if (!inside)
            {
                if (e > float.MinValue && (n == 0 || e > valley + SyllableDipDb || valley == float.MinValue))
                {
                    inside = true;
                    _start[n] = h;
                    top = e;
                }
                else
                {
                    valley = Math.Min(valley, e);
                }
            }
            else if (e > top)
            {
                top = e;
            }
            else if (e < top - SyllableDipDb || h == spoken)
            {
                _end[n] = h;
                _peak[n] = top;
                n++;
                inside = false;
                valley = e;
            }
        }

        var syllables = 0;
        var nucleus = -1;
        for (var k = 0; k < n; k++)
        {
            syllables += _peak[k] >= loudest - SyllableRangeDb ? 1 : 0;
            nucleus = nucleus < 0 && _peak[k] >= loudest - NucleusRangeDb ? k : nucleus;
        }

        var (f1, f2) = Nucleus(firstCentre, _start[nucleus], _end[nucleus], _peak[nucleus]);
        return new WordCues(f1, f2, syllables, Coda(lastVoiced, hops, peak), voiced * 10)
        {
            MurmurMs = Murmur(_start[nucleus], _end[nucleus], _peak[nucleus], peak),
        };
    }

    private long Sample(long ms) => _count - ((_newestEndMs - ms) * 8);

    private bool Voiced(int h, float peak) => _voicing[h] >= VoicedCorrelation && _level[h] >= peak - VoicedRangeDb;

    /// <summary>
    /// Voiced time right before the nucleus's vowel that is far duller than the vowel (a nasal's murmur: the /nʲ/ of "нет"
    /// radiates through the nose, its energy sits under ≈ 500 Hz; Stevens, "Acoustic Phonetics", 1998, ch. 9). The vowel's
    /// first hop is the first within NucleusDb of the syllable's peak; the murmur's hops run back from it while voiced.
    /// </summary>
    private int Murmur(int from, int to, float top, float peak)
    {
        var vowel = -1;
        for (var h = from; h < to && vowel < 0; h++)
        {
            vowel = _smooth[h] >= top - NucleusDb ? h : -1;
        }

        if (vowel < 0)
        {
            return 0;
        }

        var n = 0;
        for (var h = vowel; h < Math.Min(to, vowel + 5); h++)
        {
            _f1[n++] = _bright[h];
        }

        var bright = Median(_f1.AsSpan(0, n));
        var murmur = 0;
        for (var h = vowel - 1; h >= 0 && _voicing[h] >= VoicedCorrelation && _level[h] >= peak - VoicedRangeDb; h--)
        {
            murmur += _bright[h] <= bright - MurmurDullerDb ? 1 : 0;
        }

        return murmur * 10;
    }

    private float Coda(int lastVoiced, int hops, float peak)
    {
        var best = -99f;
        for (var h = lastVoiced + 1; h < Math.Min(hops, lastVoiced + 1 + CodaHops); h++)
        {
            if (_voicing[h] < VoicedCorrelation && _crossings[h] >= 0.25f)
            {
                best = Math.Max(best, _level[h] - peak);
            }
        }

        return best;
    }

    private float At(long sample) => _linear[(int)(sample - _linearStart)];

    private void Describe(long centre, int h)
    {
        double energy = 0;
        var crossings = 0;
        var start = centre - (Window / 2);
        for (var i = 0; i < Window; i++)
        {
            double s = At(start + i);
            energy += s * s;
            if (i > 0 && (At(start + i) >= 0) != (At(start + i - 1) >= 0))
            {
                crossings++;
            }
        }

        _level[h] = (float)(10 * Math.Log10((energy / Window) + 1));
        _crossings[h] = crossings / (float)Window;
        double difference = 0;
        for (var i = 1; i < Window; i++)
        {
            var d = At(start + i) - At(start + i - 1);
            difference += d * d;
        }

        // Brightness: the first difference's energy against the signal's (0 dB at 1333 Hz; ≈ −14 dB at 250 Hz, +3 dB at 2 kHz).
        _bright[h] = (float)(10 * Math.Log10((difference + 1) / (energy + 1)));

        // Voicing: the normalised autocorrelation's peak over pitch lags, on 30 ms centred on the hop.
        var span = centre - (PitchSpan / 2);
        var best = 0.0;
        _lag[h] = MaxLag;
        for (var lag = MinLag; lag <= MaxLag; lag++)
        {
            double xy = 0, xx = 0, yy = 0;
            for (var i = 0; i + lag < PitchSpan; i++)
            {
                double a = At(span + i);
                double b = At(span + i + lag);
                xy += a * b;
                xx += a * a;
                yy += b * b;
            }

            if (xx > 0 && yy > 0 && xy / Math.Sqrt(xx * yy) > best)
            {
                best = xy / Math.Sqrt(xx * yy);
                _lag[h] = lag;
            }
        }

        _voicing[h] = (float)best;
    }

    private static float Median(Span<float> v)
    {
        v.Sort();
        return v.Length % 2 == 1 ? v[v.Length / 2] : 0.5f * (v[(v.Length / 2) - 1] + v[v.Length / 2]);
    }

    private static float[] MakeHamming()
    {
        var w = new float[Window];
        for (var i = 0; i < Window; i++)
        {
            w[i] = (float)(0.54 - (0.46 * Math.Cos(2 * Math.PI * i / (Window - 1))));
        }

        return w;
    }
}
