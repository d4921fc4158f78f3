using Gateway.Media.Dsp;

namespace Gateway.Media.Tones;

/// <summary>
/// Detects the 2100 Hz answer tone of a fax or modem: CED (T.30 §5.3.1), ANS (V.25 §5.2.2) and ANSam
/// (V.8 §7.1: 2100 Hz amplitude-modulated by 15 Hz at 20 % ± 5 %), and counts phase reversals (ANS/ and
/// ANSam/ reverse every 450 ± 25 ms). Declared after <see cref="MinDurationMs"/> of continuous tone.
/// </summary>
public sealed class AnswerToneDetector
{
    private const int SubBlock = 40; // 5 ms: 200 Hz envelope rate, well above the 15 Hz ANSam modulation.
    private const int SubBlocksPerFrame = AnalysisFrame.Length / SubBlock;
    private const int EnvelopeLength = 100; // 0.5 s of envelope
    private const double Frequency = 2100;

    private static readonly float[] RefCos = new float[AnalysisFrame.Length];
    private static readonly float[] RefSin = new float[AnalysisFrame.Length];
    private readonly ToneFilter _filter = new(Frequency);
    private readonly ToneThresholds _thresholds;
    private readonly float[] _envelope = new float[EnvelopeLength];
    private int _envelopeCount;
    private int _onFrames;
    private int _dropFrames;
    private double _levelSum;
    private int _levelFrames;
    private bool _declared;
    private int _reversals;
    private int _refractory;
    private float _c1Re, _c1Im, _c2Re, _c2Im;
    private float _refRe, _refIm;
    private int _blocksSeen;

    static AnswerToneDetector()
    {
        // 2100 Hz makes exactly 42 cycles in 160 samples, so one frame-long reference table is periodic.
        for (var i = 0; i < AnalysisFrame.Length; i++)
        {
            var t = 2 * Math.PI * Frequency * i / AnalysisFrame.SampleRate;
            RefCos[i] = (float)Math.Cos(t);
            RefSin[i] = (float)Math.Sin(t);
        }
    }

    /// <summary>Creates a detector.</summary>
    public AnswerToneDetector(ToneThresholds? thresholds = null) => _thresholds = thresholds ?? ToneThresholds.Default;

    /// <summary>Continuous tone needed before declaring (spandsp uses 550 ms; 500 ms leaves margin for 20 ms framing).</summary>
    public int MinDurationMs { get; init; } = 500;

    /// <summary>Minimum 15 Hz modulation depth that makes the tone ANSam rather than ANS/CED (V.8 nominal 0.2 ± 0.05).</summary>
    public double MinAnsamDepth { get; init; } = 0.1;

    /// <summary>True while the current frame looks like the 2100 Hz tone.</summary>
    public bool ToneOn { get; private set; }

    /// <summary>Phase reversals counted in the current tone.</summary>
    public int PhaseReversals => _reversals;

    /// <summary>Feeds one frame; returns a detection once per tone.</summary>
    public ToneDetection Process(AnalysisFrame frame)
    {
        // Per frame, accept 3 dB under the limit: ANSam's 20 % AM swings frame levels by ±1.7 dB. The limit
        // itself is applied to the mean level over the whole tone when declaring.
        ToneOn = !frame.IsComfortNoise && frame.LevelDbm0 >= _thresholds.MinLevelDbm0 - 3 && frame.Purity(_filter) >= _thresholds.MinPurity;
        if (ToneOn)
        {
            _onFrames += 1 + _dropFrames;
            _dropFrames = 0;
            _levelSum += frame.MeanSquare;
            _levelFrames++;
            Track(frame.Samples);
        }
        else if (_onFrames > 0 && _dropFrames < 2)
        {
            // A phase reversal inside a frame cancels half of the Goertzel sum; bridge up to two frames.
            _dropFrames++;
            _blocksSeen = 0;
            return ToneDetection.None;
        }
        else
        {
            Reset();
            return ToneDetection.None;
        }

        if (_declared || _onFrames * AnalysisFrame.DurationMs < MinDurationMs)
        {
            return ToneDetection.None;
        }

        var level = Level.MeanSquareToDbm0(_levelSum / _levelFrames);
        if (level < _thresholds.MinLevelDbm0)
        {
            return ToneDetection.None;
        }

        _declared = true;
        var kind = ModulationDepth() >= MinAnsamDepth ? ToneKind.Ansam : ToneKind.Ced;
        return new ToneDetection(kind, frame.TimestampMs, level, _reversals);
    }

    /// <summary>Forgets any tone in progress.</summary>
    public void Reset()
    {
        _onFrames = 0;
        _dropFrames = 0;
        _levelSum = 0;
        _levelFrames = 0;
        _declared = false;
        _envelopeCount = 0;
        _reversals = 0;
        _refractory = 0;
        _blocksSeen = 0;
        _refRe = _refIm = 0;
    }

    /// <summary>The 15 Hz modulation depth of the envelope seen so far (0 for a steady tone).</summary>
    public double ModulationDepth()
    {
        var n = Math.Min(_envelopeCount, EnvelopeLength);
        if (n < 40)
        {
            return 0;
        }

        double re = 0, im = 0, sum = 0;
        var start = _envelopeCount - n;
        for (var k = 0; k < n; k++)
        {
            var e = _envelope[(start + k) % EnvelopeLength];
            var t = 2 * Math.PI * 15 * k * SubBlock / AnalysisFrame.SampleRate;
            re += e * Math.Cos(t);
            im -= e * Math.Sin(t);
            sum += e;
        }

        return sum <= 0 ? 0 : 2 * Math.Sqrt((re * re) + (im * im)) / sum;
    }

    private void Track(ReadOnlySpan<short> samples)
    {
        for (var b = 0; b < SubBlocksPerFrame; b++)
        {
            float re = 0, im = 0, energy = 0;
            for (var i = b * SubBlock; i < (b + 1) * SubBlock; i++)
            {
                float x = samples[i];
                re += x * RefCos[i];
                im -= x * RefSin[i];
                energy += x * x;
            }

            _envelope[_envelopeCount % EnvelopeLength] = MathF.Sqrt(energy / SubBlock);
            _envelopeCount++;
            DetectReversal(re, im);
        }
    }

    private void DetectReversal(float re, float im)
    {
        // Compare this 5 ms block with the one 10 ms earlier: a frequency offset turns the phase steadily
        // (tracked in _ref), a V.25 §5.2.2 reversal adds π at once.
        if (_blocksSeen >= 2)
        {
            var dRe = (re * _c2Re) + (im * _c2Im);
            var dIm = (im * _c2Re) - (re * _c2Im);
            var mag = MathF.Sqrt((dRe * dRe) + (dIm * dIm));
            if (mag > 0)
            {
                dRe /= mag;
                dIm /= mag;
                var refMag = MathF.Sqrt((_refRe * _refRe) + (_refIm * _refIm));
                var isReversal = false;
                if (refMag > 0.5f && _refractory == 0)
                {
                    var cos = ((dRe * _refRe) + (dIm * _refIm)) / refMag;
                    isReversal = cos < -0.5f;
                }

                if (isReversal)
                {
                    _reversals++;
                    _refractory = 6;
                }
                else if (_refractory == 0)
                {
                    _refRe = (0.8f * _refRe) + (0.2f * dRe);
                    _refIm = (0.8f * _refIm) + (0.2f * dIm);
                }
            }
        }

        if (_refractory > 0)
        {
            _refractory--;
        }

        _c2Re = _c1Re;
        _c2Im = _c1Im;
        _c1Re = re;
        _c1Im = im;
        _blocksSeen++;
    }
}
