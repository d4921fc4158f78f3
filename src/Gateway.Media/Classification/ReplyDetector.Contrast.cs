using Gateway.Media.Dsp;

namespace Gateway.Media.Classification;

/// <summary>
/// The utterance's contrast with the line around it: a "да" stands out from the background heard just before it and
/// in the silence that ends it, while a peak of fluctuating noise (babble) is hardly louder than the passage it sits
/// in. The VAD's reference follows the background over seconds (a 3 s percentile), so a loud passage of babble
/// reaches it late and its syllables pass as voice (docs/detection.md, session 5); this check looks only at the
/// ≈ 0.8 s around the utterance (the 500 ms before its first voice frame and the silence after its last). Where the
/// context's levels fluctuate (inter-quartile range over <see cref="SteadyContextDb"/>: babble, 6–15 dB) the mean
/// level of the utterance's two loudest voice frames must exceed the context's upper quartile, where the crowd's louder
/// syllables are, by <see cref="ReplyDetectorOptions.MinContrastDb"/>; where the context is steady (white or line
/// noise: ≈ 1 dB) the VAD's reference is already sound, and the utterance need only exceed the context's median by
/// <see cref="ReplyDetectorOptions.MinSteadyContrastDb"/>. It costs no latency: the silence after the utterance is the
/// <see cref="ReplyDetectorOptions.EndSilenceMs"/> the rules wait for anyway. Allocation-free (fixed rings, a stack
/// buffer sorted in place).
/// </summary>
public sealed partial class ReplyDetector
{
    private const int BeforeFrames = 25; // 500 ms before the first voice frame
    private const int AfterFrames = 25;  // the silence after the last voice frame (EndSilenceMs, 300 ms by default)

    /// <summary>A context whose levels' inter-quartile range is at most this (dB) is steady noise.</summary>
    public const double SteadyContextDb = 2;
    private readonly double[] _recent = new double[BeforeFrames];
    private readonly double[] _before = new double[BeforeFrames];
    private readonly double[] _after = new double[AfterFrames];
    private int _recentNext;
    private int _recentCount;
    private int _beforeCount;
    private int _afterCount;
    private double _peak1 = Level.Floor;
    private double _peak2 = Level.Floor;

    /// <summary>
    /// Contrast of the last utterance judged (dB, diagnostics): its two loudest voice frames over the upper quartile of the
    /// levels around it, or over their median when the context is steady (<see cref="LastContextSteady"/>).
    /// </summary>
    public double LastContrastDb { get; private set; }

    /// <summary>The last judged utterance's level: the mean of its two loudest voice frames (dBm0).</summary>
    public double LastPeakDbm0 { get; private set; } = Level.Floor;

    /// <summary>The contrast the last judged utterance needed (dB): steady, dense or fluctuating background (diagnostics).</summary>
    public double LastRequiredContrastDb { get; private set; }

    /// <summary>Whether the last judged utterance's context was steady noise (diagnostics).</summary>
    public bool LastContextSteady { get; private set; }

    /// <summary>How many utterances had their contrast judged (diagnostics: the evaluation logs each one).</summary>
    internal int ContrastChecks { get; private set; }

    /// <summary>Diagnostics for the evaluation: the last judged utterance's two loudest voice frames and its context levels (allocates).</summary>
    internal (double Peak1, double Peak2, double[] Before, double[] After) LastContext() => (_peak1, _peak2, _before[.._beforeCount], _after[.._afterCount]);

    private void OnUtteranceStart()
    {
        // The frames before this one, oldest first (order does not matter for a median, but does for voicing).
        _beforeCount = _recentCount;
        var oldest = _recentCount < BeforeFrames ? 0 : _recentNext;
        for (var i = 0; i < _recentCount; i++)
        {
            _before[i] = _recent[(oldest + i) % BeforeFrames];
        }

        VoicingStart();
        TalkerStart();
        SlotStart(); // DenseStart() ran already, in OnsetStart()

        _afterCount = 0;
        _peak1 = Level.Floor;
        _peak2 = Level.Floor;
    }

    private void OnUtteranceVoice(double levelDbm0)
    {
        _afterCount = 0; // the silence after the utterance starts again after this frame
        VoicingVoice(levelDbm0);
        TalkerVoice();
        if (levelDbm0 > _peak1)
        {
            _peak2 = _peak1;
            _peak1 = levelDbm0;
        }
        else if (levelDbm0 > _peak2)
        {
            _peak2 = levelDbm0;
        }
    }

    private void OnUtteranceSilence(double levelDbm0)
    {
        if (_afterCount < AfterFrames)
        {
            VoicingSilence(_afterCount);
            TalkerSilence();
            _after[_afterCount++] = levelDbm0;
        }
    }

    private void Remember(double levelDbm0)
    {
        _recent[_recentNext] = levelDbm0;
        VoicingRemember(_recentNext, levelDbm0);
        TalkerRemember(levelDbm0);
        _recentNext = (_recentNext + 1) % BeforeFrames;
        _recentCount = Math.Min(_recentCount + 1, BeforeFrames);
    }

    /// <summary>How far the utterance clears the contrast it needs (dB; ≥ 0 passes).</summary>
    private double ContrastMargin()
    {
        ContrastChecks++;
        Span<double> context = stackalloc double[BeforeFrames + AfterFrames];
        var n = 0;
        for (var i = 0; i < _beforeCount; i++)
        {
            context[n++] = _before[i];
        }

        for (var i = 0; i < _afterCount; i++)
        {
            context[n++] = _after[i];
        }

        var peak = _peak2 <= Level.Floor ? _peak1 : (_peak1 + _peak2) / 2;
        LastPeakDbm0 = peak;
        if (n == 0)
        {
            LastContextSteady = true;
            LastRequiredContrastDb = 0;
            LastContrastDb = peak - Level.Floor;
            return LastContrastDb;
        }

        context = context[..n];
        context.Sort();
        var upper = context[Math.Min(n - 1, 3 * n / 4)];
        LastContextSteady = upper - context[n / 4] <= SteadyContextDb;
        if (LastContextSteady)
        {
            var median = n % 2 == 1 ? context[n / 2] : (context[(n / 2) - 1] + context[n / 2]) / 2;
            LastContrastDb = peak - median;
            LastRequiredContrastDb = _options.MinSteadyContrastDb;
            return LastContrastDb - _options.MinSteadyContrastDb;
        }

        LastContrastDb = peak - upper;
        LastRequiredContrastDb = DenseBackground ? _options.DenseContrastDb : _options.MinContrastDb;
        return LastContrastDb - LastRequiredContrastDb;
    }

    private void ResetContrast()
    {
        _recentNext = 0;
        _recentCount = 0;
        _beforeCount = 0;
        _afterCount = 0;
        _peak1 = Level.Floor;
        _peak2 = Level.Floor;
        _voiceFrames = 0;
        _periodicity?.Reset();
    }
}
