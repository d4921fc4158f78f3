using Gateway.Media.Dsp;

namespace Gateway.Media.Classification;

/// <summary>
/// A background talker's syllable (session 9). In a crowd of a few talkers one of them now and then speaks alone for a
/// moment, and that syllable passes the length, contrast and slot rules of a "да" (docs/detection.md, sessions 6–8: 6 of
/// 600 crowd-only prompts on the tuning set). Two things such a syllable has and a reply lacks, measured on the tuning
/// set's feature log (docs/detection.md, "Session 9: reply in noise"):
/// <list type="bullet">
/// <item><b>The voice goes on after it.</b> The talker is mid-sentence: in the first 100 ms after the utterance's last voice
/// frame (frames the VAD calls silence because the level fell under its hold) the line is still periodic at the utterance's
/// last pitch period (normalised cross-correlation ≥ <see cref="ReplyDetectorOptions.BackgroundTalkerContinuity"/> within
/// ±8 % of that period, <see cref="Periodicity"/>) — pitch continuity over the word's end. A person who said "да" has
/// stopped; the babble under it is seldom that periodic at that very period.</item>
/// <item><b>It is no louder than the line has been.</b> The mean of its two loudest voice frames stands less than
/// <see cref="ReplyDetectorOptions.BackgroundTalkerOverLoudestDb"/> over the loudest of the line's own frames (not our
/// prompt's echo) in the <see cref="TalkerHistoryFrames"/> heard before it: the background has reached that level itself.</item>
/// <item><b>Or its voice is scattered.</b> Under <see cref="ReplyDetectorOptions.BackgroundTalkerMinVoiceShare"/> of its span
/// (first to last voice frame) is voice: separate peaks of the background joined by the end-silence rule, where a reply is one
/// or two words said at once (the tuning set's replies that cleared the contrast: 0.25 or more in a crowd at 5 dB, 0.4 or more
/// elsewhere). This too only together with the level condition below.</item>
/// </list>
/// Only over a wide background (the VAD's 3 s spread over the dense-babble bound, <c>ReplyDetector.Dense.cs</c>, or not yet
/// known): dense babble has no talker alone (a "да" over it was the one reply of the tuning set that showed both).
/// An utterance that shows both over a fluctuating context is no yes at once: like a late one it is unsure (a replay with a
/// replay left), and it cannot be the repeat that confirms an unsure reply. Over steady noise (no talkers) the rule is off.
/// Allocation-free: a <see cref="Periodicity"/> per frame while the detector is listening (created with the detector), a ring
/// of frame levels and three fields.
/// </summary>
public sealed partial class ReplyDetector
{
    /// <summary>Frames of the line's own level (2 s) the utterance's peak is compared with.</summary>
    public const int TalkerHistoryFrames = 100;

    /// <summary>Frames after the utterance's last voice frame in which its voice may go on (100 ms).</summary>
    public const int TalkerAfterFrames = 5;

    private const double TalkerLagTolerance = 0.08;
    private const float TalkerVoicedStrength = 0.5f;
    private readonly double[] _talkerHistory = new double[TalkerHistoryFrames];
    private Periodicity? _talkerPeriodicity;
    private int _talkerNext;
    private int _talkerCount;
    private double _talkerLoudestDbm0 = Level.Floor;
    private int _talkerLastLag;
    private float _talkerContinuity;
    private int _talkerAfter;

    /// <summary>The last judged utterance: the line's periodicity at its last pitch period just after it (0–1; diagnostics).</summary>
    public double LastTalkerContinuity { get; private set; }

    /// <summary>The last judged utterance's peak over the loudest line frame of the 2 s before it (dB; diagnostics).</summary>
    public double LastOverLoudestDb { get; private set; }

    /// <summary>Whether the last judged utterance was taken for a background talker's syllable (diagnostics).</summary>
    public bool LastBackgroundTalker { get; private set; }

    private bool TalkerRuleOn => _options.BackgroundTalkerContinuity > 0;

    private void TalkerInit()
    {
        if (TalkerRuleOn)
        {
            _talkerPeriodicity = new Periodicity();
        }
    }

    /// <summary>Every frame while listening: the frame's voicing (the voice frames' last period, the frames after them).</summary>
    private void TalkerFrame(ReadOnlySpan<short> samples)
    {
        if (TalkerRuleOn && (_prompting || _promptEndMs >= 0))
        {
            _talkerPeriodicity!.Process(samples);
        }
    }

    /// <summary>With <see cref="OnUtteranceStart"/>: the loudest line frame of the history, before this utterance's frames join it.</summary>
    private void TalkerStart()
    {
        _talkerLastLag = 0;
        _talkerContinuity = 0;
        _talkerAfter = 0;
        var loudest = Level.Floor;
        for (var i = 0; i < _talkerCount; i++)
        {
            loudest = Math.Max(loudest, _talkerHistory[i]);
        }

        _talkerLoudestDbm0 = loudest;
    }

    private void TalkerVoice()
    {
        _talkerContinuity = 0; // the frames after the utterance start again after this one
        _talkerAfter = 0;
        if (TalkerRuleOn && _talkerPeriodicity!.Strength >= TalkerVoicedStrength)
        {
            _talkerLastLag = _talkerPeriodicity.Lag;
        }
    }

    private void TalkerSilence()
    {
        if (!TalkerRuleOn || _talkerAfter >= TalkerAfterFrames)
        {
            return;
        }

        _talkerAfter++;
        if (_talkerLastLag == 0)
        {
            return;
        }

        var curve = _talkerPeriodicity!.Correlations;
        var lo = Math.Max(Periodicity.MinLag, (int)Math.Floor(_talkerLastLag * (1 - TalkerLagTolerance)));
        var hi = Math.Min(Periodicity.MaxLag, (int)Math.Ceiling(_talkerLastLag * (1 + TalkerLagTolerance)));
        for (var lag = lo; lag <= hi; lag++)
        {
            _talkerContinuity = Math.Max(_talkerContinuity, curve[lag]);
        }
    }

    /// <summary>With <see cref="Remember"/>: the line's own frame level joins the history.</summary>
    private void TalkerRemember(double levelDbm0)
    {
        _talkerHistory[_talkerNext] = levelDbm0;
        _talkerNext = (_talkerNext + 1) % TalkerHistoryFrames;
        _talkerCount = Math.Min(_talkerCount + 1, TalkerHistoryFrames);
    }

    /// <summary>Judged once per utterance after <see cref="ContrastMargin"/>: is it a background talker's syllable?</summary>
    private bool BackgroundTalker(int length)
    {
        LastTalkerContinuity = _talkerContinuity;
        LastOverLoudestDb = LastPeakDbm0 - _talkerLoudestDbm0;
        // Not over a narrow background (steady noise or dense babble, ReplyDetector.Dense.cs): a babble of many talkers has no
        // one talker alone; every crowd syllable this rule takes on the tuning set had a VAD spread of 14.5 dB or more.
        var narrow = LastBackgroundRangeDb <= Math.Max(_options.DenseBackgroundSpreadDb, DenseMinBackgroundSpreadDb);
        var scattered = length > 0 && _voiceMs < _options.BackgroundTalkerMinVoiceShare * length;
        LastBackgroundTalker = TalkerRuleOn && !LastContextSteady && !narrow
            && (_talkerContinuity >= _options.BackgroundTalkerContinuity || scattered)
            && LastOverLoudestDb < _options.BackgroundTalkerOverLoudestDb;
        return LastBackgroundTalker;
    }
}
