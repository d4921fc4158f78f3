using Gateway.Media.Dsp;

namespace Gateway.Media.Tones;

/// <summary>
/// Detects the HDLC flag preamble (0x7E, T.30 §5.3.5.1: 1 s ± 15 % of flags before the first frame) sent on
/// V.21 channel 2 (V.21 §2: mark 1650 Hz = 1, space 1850 Hz = 0, 300 bit/s). A non-coherent FSK demodulator
/// (sliding one-bit correlators at both frequencies), a bit clock recovered from transitions, and a flag
/// counter; declared after <see cref="MinFlags"/> back-to-back flags. Many fax machines skip CED and start with
/// this preamble, so it is the second fax signature.
/// </summary>
public sealed class V21FlagDetector
{
    private const double Mark = 1650;
    private const double Space = 1850;
    private const int Window = 27; // ≈ one bit (26.7 samples)
    private const double BitsPerSample = 300.0 / AnalysisFrame.SampleRate;

    private static readonly float[] MarkCos = Table(Mark, Math.Cos), MarkSin = Table(Mark, Math.Sin);
    private static readonly float[] SpaceCos = Table(Space, Math.Cos), SpaceSin = Table(Space, Math.Sin);
    private const double FlagCentroid = (0.75 * Mark) + (0.25 * Space); // 0x7E: six marks, two spaces
    private static readonly ToneFilter[] Band = [.. Enumerable.Range(0, 9).Select(k => new ToneFilter(1550 + (50 * k)))];
    private readonly ToneThresholds _thresholds;
    private readonly float[] _ringMarkRe = new float[Window], _ringMarkIm = new float[Window];
    private readonly float[] _ringSpaceRe = new float[Window], _ringSpaceIm = new float[Window];
    private float _markRe, _markIm, _spaceRe, _spaceIm;
    private int _ringIndex;
    private int _phaseIndex;
    private double _baudPhase;
    private bool _lastDecision;
    private int _bits;
    private int _bitsSinceFlag = -1;
    private int _flags;
    private bool _declared;
    private double _levelSum;
    private int _activeFrames;
    private double _bandSum;
    private double _momentSum;

    /// <summary>Creates a detector.</summary>
    public V21FlagDetector(ToneThresholds? thresholds = null) => _thresholds = thresholds ?? ToneThresholds.Default;

    /// <summary>Back-to-back flags needed (5 flags ≈ 133 ms).</summary>
    public int MinFlags { get; init; } = 5;

    /// <summary>Largest accepted distance of the preamble's mean frequency from 1700 Hz.</summary>
    public double MaxCentroidErrorHz { get; init; } = 45;

    /// <summary>True while the current frame's energy sits in the V.21 channel 2 band.</summary>
    public bool SignalOn { get; private set; }

    /// <summary>Feeds one frame; returns a detection once per preamble.</summary>
    public ToneDetection Process(AnalysisFrame frame)
    {
        var ms = frame.MeanSquare;
        double bandPower = 0, moment = 0;
        if (!frame.IsComfortNoise && ms > 0)
        {
            foreach (ref readonly var f in Band.AsSpan())
            {
                var p = frame.Power(f);
                bandPower += p;
                moment += p * f.FrequencyHz;
            }
        }

        // Hann bins 50 Hz apart count a tone about 1.5 times (its own bin plus −6 dB in each neighbour), so 0.9
        // demands that most of the frame's power lies in 1550–1950 Hz.
        SignalOn = !frame.IsComfortNoise && frame.LevelDbm0 >= _thresholds.MinLevelDbm0 && ms > 0 && bandPower / ms >= 0.9;
        if (!SignalOn)
        {
            ResetBits();
            AdvancePhase(frame.Samples.Length);
            return ToneDetection.None;
        }

        _levelSum += frame.LevelDbm0;
        _activeFrames++;
        _bandSum += bandPower;
        _momentSum += moment;
        var result = ToneDetection.None;
        foreach (var s in frame.Samples)
        {
            // The mean frequency of a constant-envelope FSK signal is the time average of its instantaneous
            // frequency: 1700 Hz for flags. This rejects a preamble shifted well beyond V.21's ±6 Hz tolerance.
            if (Demodulate(s) && !_declared && _flags >= MinFlags && Math.Abs((_momentSum / _bandSum) - FlagCentroid) <= MaxCentroidErrorHz)
            {
                _declared = true;
                result = new ToneDetection(ToneKind.V21Flags, frame.TimestampMs, _levelSum / _activeFrames);
            }
        }

        return result;
    }

    /// <summary>Forgets any preamble in progress.</summary>
    public void Reset()
    {
        ResetBits();
        _declared = false;
    }

    private void ResetBits()
    {
        _bits = 0;
        _bitsSinceFlag = -1;
        _flags = 0;
        _levelSum = 0;
        _activeFrames = 0;
        _bandSum = 0;
        _momentSum = 0;
    }

    private void AdvancePhase(int samples) => _phaseIndex = (_phaseIndex + samples) % AnalysisFrame.Length;

    // Returns true when a bit was completed.
    private bool Demodulate(short sample)
    {
        float x = sample;
        var p = _phaseIndex;
        _phaseIndex = (p + 1) % AnalysisFrame.Length;
        var i = _ringIndex;
        _ringIndex = (i + 1) % Window;

        var mRe = x * MarkCos[p];
        var mIm = -x * MarkSin[p];
        var sRe = x * SpaceCos[p];
        var sIm = -x * SpaceSin[p];
        _markRe += mRe - _ringMarkRe[i];
        _markIm += mIm - _ringMarkIm[i];
        _spaceRe += sRe - _ringSpaceRe[i];
        _spaceIm += sIm - _ringSpaceIm[i];
        _ringMarkRe[i] = mRe;
        _ringMarkIm[i] = mIm;
        _ringSpaceRe[i] = sRe;
        _ringSpaceIm[i] = sIm;

        var decision = (_markRe * _markRe) + (_markIm * _markIm) > (_spaceRe * _spaceRe) + (_spaceIm * _spaceIm);
        if (decision != _lastDecision)
        {
            // Transitions belong half-way between bit centres; pull the clock gently toward that.
            _baudPhase += (0.5 - _baudPhase) * 0.4;
            _lastDecision = decision;
        }

        _baudPhase += BitsPerSample;
        if (_baudPhase < 1)
        {
            return false;
        }

        _baudPhase -= 1;
        _bits = ((_bits << 1) | (decision ? 1 : 0)) & 0xFF;
        if (_bitsSinceFlag >= 0)
        {
            _bitsSinceFlag++;
        }

        if (_bits == 0x7E)
        {
            // HDLC (ISO 13239 §4.3): flags may share no bits, so back-to-back flags are exactly 8 bits apart.
            _flags = _bitsSinceFlag == 8 ? _flags + 1 : 1;
            _bitsSinceFlag = 0;
        }
        else if (_bitsSinceFlag > 8)
        {
            _flags = 0;
            _bitsSinceFlag = -1;
        }

        return true;
    }

    private static float[] Table(double frequency, Func<double, double> f)
    {
        // 1650 and 1850 Hz both complete a whole number of cycles in 160 samples (33 and 37).
        var t = new float[AnalysisFrame.Length];
        for (var i = 0; i < t.Length; i++)
        {
            t[i] = (float)f(2 * Math.PI * frequency * i / AnalysisFrame.SampleRate);
        }

        return t;
    }
}
