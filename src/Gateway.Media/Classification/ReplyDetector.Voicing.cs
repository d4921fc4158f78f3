using Gateway.Media.Dsp;

namespace Gateway.Media.Classification;

/// <summary>
/// Voicing of the utterance and of the line around it (session 7): per frame the <see cref="Periodicity"/> of what was
/// heard (strength and period), kept beside the levels of <c>ReplyDetector.Contrast.cs</c> for the 500 ms before the
/// utterance, its voice frames and the silence after it, with the line's level over the last 3 s, for the evaluation's
/// feature log (<c>GATEWAY_MEDIA_NOISE_FEATURES</c>). Only with <see cref="ReplyDetectorOptions.AnalyseVoicing"/> (off by default:
/// no rule uses it; session 7 measured that it does not separate a "да" in babble from a crowd talker's syllable on this corpus,
/// docs/detection.md). Allocation-free per frame: fixed rings, created on the first analysed frame.
/// </summary>
public sealed partial class ReplyDetector
{
    private const int MaxUtteranceFrames = 128;
    private Periodicity? _periodicity; // created on the first analysed frame: production (AnalyseVoicing off) carries none of this
    private readonly float[] _recentStrength = new float[BeforeFrames];
    private readonly short[] _recentLag = new short[BeforeFrames];
    private readonly float[] _beforeStrength = new float[BeforeFrames];
    private readonly short[] _beforeLag = new short[BeforeFrames];
    private readonly float[] _voiceStrength = new float[MaxUtteranceFrames];
    private readonly short[] _voiceLag = new short[MaxUtteranceFrames];
    private readonly float[] _voiceLevel = new float[MaxUtteranceFrames];
    private readonly float[] _afterStrength = new float[AfterFrames];
    private readonly short[] _afterLag = new short[AfterFrames];
    private int _voiceFrames;
    private const int Lags = Periodicity.MaxLag + 1;
    private float[] _recentCurves = [];
    private float[] _beforeCurves = [];
    private float[] _afterCurves = [];
    private const int LongFrames = 150; // 3 s of the line's own frames
    private readonly double[] _long = new double[LongFrames];
    private int _longNext;
    private int _longCount;
    private double _longMeanDbm0 = Level.Floor;
    private double _longMedianDbm0 = Level.Floor;
    private double _longP90Dbm0 = Level.Floor;
    private double _vadReferenceDbm0 = Level.Floor;

    /// <summary>Diagnostics: per context frame, its NCCF near (±8 %) the utterance's first (before) and last (after) voiced period (allocates).</summary>
    internal (float[] Before, float[] After) LastContinuity()
    {
        int first = 0, last = 0;
        for (var i = 0; i < _voiceFrames; i++)
        {
            if (_voiceStrength[i] >= 0.5f)
            {
                first = first == 0 ? _voiceLag[i] : first;
                last = _voiceLag[i];
            }
        }

        var before = new float[_beforeCount];
        var after = new float[_afterCount];
        for (var i = 0; i < _beforeCount; i++)
        {
            before[i] = Near(_beforeCurves.AsSpan(i * Lags, Lags), first);
        }

        for (var i = 0; i < _afterCount; i++)
        {
            after[i] = Near(_afterCurves.AsSpan(i * Lags, Lags), last);
        }

        return (before, after);
    }

    private static float Near(ReadOnlySpan<float> curve, int lag)
    {
        if (lag == 0)
        {
            return 0;
        }

        var lo = Math.Max(Periodicity.MinLag, (int)Math.Floor(lag * 0.92));
        var hi = Math.Min(Periodicity.MaxLag, (int)Math.Ceiling(lag * 1.08));
        var best = 0f;
        for (var l = lo; l <= hi; l++)
        {
            best = Math.Max(best, curve[l]);
        }

        return best;
    }

    private double[] _longAtStart = []; // created with the periodicity analysis
    private int _longAtStartCount;
    private readonly double[] _vadPercentiles = new double[5];

    /// <summary>Diagnostics (session 8): the line's own frame levels of the 3 s before the last utterance, oldest first, and the VAD's background p10/p25/p50/p75/p90 then (allocates).</summary>
    internal (double[] Levels, double[] VadPercentiles, int VadFrames) LastLongLevels() => (_longAtStart[.._longAtStartCount], (double[])_vadPercentiles.Clone(), _vadFrames);

    private int _vadFrames;

    internal (double Mean, double Median, double P90, double VadReference, long SincePromptEndMs) LastLongContext() => (_longMeanDbm0, _longMedianDbm0, _longP90Dbm0, _vadReferenceDbm0, _promptEndMs < 0 ? -99999 : _utteranceStartMs - _promptEndMs);

    /// <summary>Diagnostics for the evaluation: per frame (strength, period) before, in (with level) and after the last judged utterance (allocates).</summary>
    internal (float[] BeforeStrength, short[] BeforeLag, float[] VoiceStrength, short[] VoiceLag, float[] VoiceLevel, float[] AfterStrength, short[] AfterLag) LastVoicing() =>
        (_beforeStrength[.._beforeCount], _beforeLag[.._beforeCount], _voiceStrength[.._voiceFrames], _voiceLag[.._voiceFrames], _voiceLevel[.._voiceFrames], _afterStrength[.._afterCount], _afterLag[.._afterCount]);

    private void AnalyseVoicing(ReadOnlySpan<short> samples)
    {
        if (!_options.AnalyseVoicing)
        {
            return;
        }

        if (_periodicity is null)
        {
            _periodicity = new Periodicity();
            _recentCurves = new float[BeforeFrames * Lags];
            _beforeCurves = new float[BeforeFrames * Lags];
            _afterCurves = new float[AfterFrames * Lags];
            _longAtStart = new double[LongFrames];
        }

        _periodicity.Process(samples);
    }

    /// <summary>Called with <see cref="OnUtteranceStart"/>: the recent frames, oldest first, become the context before.</summary>
    private void VoicingStart()
    {
        if (!_options.AnalyseVoicing)
        {
            return;
        }

        var oldest = _recentCount < BeforeFrames ? 0 : _recentNext;
        for (var i = 0; i < _recentCount; i++)
        {
            var k = (oldest + i) % BeforeFrames;
            _beforeStrength[i] = _recentStrength[k];
            _recentCurves.AsSpan(k * Lags, Lags).CopyTo(_beforeCurves.AsSpan(i * Lags, Lags));
            _beforeLag[i] = _recentLag[k];
        }

        _voiceFrames = 0;
        _vadReferenceDbm0 = Speech.Vad is Vad.DspVoiceActivityDetector dsp ? dsp.ReferenceDbm0 : Level.Floor;
        if (Speech.Vad is Vad.DspVoiceActivityDetector v)
        {
            _vadFrames = v.BackgroundFrames;
            ReadOnlySpan<double> fractions = [0.1, 0.25, 0.5, 0.75, 0.9];
            for (var i = 0; i < fractions.Length; i++)
            {
                _vadPercentiles[i] = v.BackgroundPercentileDbm0(fractions[i]);
            }
        }

        var oldestLong = _longCount < LongFrames ? 0 : _longNext;
        for (var i = 0; i < _longCount; i++)
        {
            _longAtStart[i] = _long[(oldestLong + i) % LongFrames];
        }

        _longAtStartCount = _longCount;
        if (_longCount == 0)
        {
            _longMeanDbm0 = _longMedianDbm0 = _longP90Dbm0 = Level.Floor;
            return;
        }

        Span<double> sorted = stackalloc double[LongFrames];
        double power = 0;
        for (var i = 0; i < _longCount; i++)
        {
            sorted[i] = _long[i];
            power += Level.Dbm0ToMeanSquare(_long[i]);
        }

        sorted = sorted[.._longCount];
        sorted.Sort();
        _longMeanDbm0 = Level.MeanSquareToDbm0(power / _longCount);
        _longMedianDbm0 = sorted[_longCount / 2];
        _longP90Dbm0 = sorted[Math.Min(_longCount - 1, 9 * _longCount / 10)];
    }

    private void VoicingVoice(double levelDbm0)
    {
        if (!_options.AnalyseVoicing)
        {
            return;
        }

        if (_voiceFrames < MaxUtteranceFrames)
        {
            _voiceStrength[_voiceFrames] = _periodicity!.Strength;
            _voiceLag[_voiceFrames] = (short)_periodicity!.Lag;
            _voiceLevel[_voiceFrames] = (float)levelDbm0;
            _voiceFrames++;
        }
    }

    /// <summary>Called with <see cref="OnUtteranceSilence"/> before the level is stored at index <c>_afterCount</c>.</summary>
    private void VoicingSilence(int index)
    {
        if (!_options.AnalyseVoicing)
        {
            return;
        }

        _afterStrength[index] = _periodicity!.Strength;
        _periodicity!.Correlations.CopyTo(_afterCurves.AsSpan(index * Lags, Lags));
        _afterLag[index] = (short)_periodicity!.Lag;
    }

    /// <summary>Called with <see cref="Remember"/> before the ring index advances.</summary>
    private void VoicingRemember(int index, double levelDbm0)
    {
        if (!_options.AnalyseVoicing)
        {
            return;
        }

        _long[_longNext] = levelDbm0;
        _longNext = (_longNext + 1) % LongFrames;
        _longCount = Math.Min(_longCount + 1, LongFrames);
        _recentStrength[index] = _periodicity!.Strength;
        _periodicity!.Correlations.CopyTo(_recentCurves.AsSpan(index * Lags, Lags));
        _recentLag[index] = (short)_periodicity!.Lag;
    }
}
