using Gateway.Media.Dsp;
using Gateway.Media.Tones;
using Gateway.Media.Vad;

namespace Gateway.Media.Classification;

/// <summary>
/// Sans-IO answer classification over the first seconds after answer (200 OK): feed 20 ms frames with their
/// timestamps, get a decision. Tones decide at once (fax: CED/ANSam/V.21 flags, and CNG unless we are sending; busy, congestion, SIT,
/// ringback); otherwise the Asterisk AMD timing rules run on the gated speech decision per frame (words are
/// voice runs ≥ MinimumWordLength separated by ≥ BetweenWordsSilence; a long greeting or too many words is a
/// machine; a greeting followed by AfterGreetingSilence is a person; nothing for InitialSilence is silence), with
/// rules of ours: a pause ends a word only where the line falls to its floor (frame levels since answer); talk still
/// going MaximumGreetingSpan after the first word is a machine, and so is one phrase (no PhrasePause) running
/// MaximumPhrase once MaximumPhraseAfter has passed; "words" no louder than the silence after them (the line's noise
/// before the VAD learnt it) are forgotten.
/// Early media (183) frames go to <see cref="ProcessEarlyMedia"/>, which reports only busy, congestion and SIT.
/// </summary>
public sealed class AnswerClassifier
{
    private readonly AnswerClassifierOptions _options;
    private readonly AnalysisFrame _frame = new();
    private readonly ToneBank _tones;
    private long _startMs = -1;
    private long _lastToneMs = -1;
    private long _lastPlayedMs = long.MinValue / 2;
    private int _silenceMs;
    private int _consecutiveVoiceMs;
    private int _toneBridgeMs;
    private int _greetingVoiceMs;
    private int _words;
    private bool _inWord;
    private long _firstWordMs = -1;
    private long _phraseStartMs = -1;
    private double _greetingPeakDb = double.NegativeInfinity;
    private double _runPeakDb = double.NegativeInfinity;
    private double _gapLevelSumDb;
    private int _gapFrames;
    private double _gapMinDb = double.PositiveInfinity;
    private readonly AnswerClassifierLevels _levels = new();
    private AnswerDecision _decision;

    /// <summary>Creates a classifier. Pass the call's <paramref name="speech"/> detector to keep its noise model across stages.</summary>
    public AnswerClassifier(AnswerClassifierOptions? options = null, SpeechDetector? speech = null)
    {
        _options = options ?? new AnswerClassifierOptions();
        _tones = new ToneBank(CallProgressPlan.FromName(_options.ToneRegion));
        Speech = speech ?? new SpeechDetector();
    }

    /// <summary>The speech detector in use.</summary>
    public SpeechDetector Speech { get; }

    /// <summary>The tone detectors (diagnostics: which one claimed a frame).</summary>
    public ToneBank Tones => _tones;

    /// <summary>The decision so far.</summary>
    public AnswerDecision Decision => _decision;

    /// <summary>Words counted so far.</summary>
    public int Words => _words;

    /// <summary>
    /// Feeds one 160-sample frame received after answer. <paramref name="farEnd"/> is whatever we sent in the
    /// same frame (e.g. CNG), for the echo gate. Returns the decision (final once made; later frames are ignored).
    /// </summary>
    public AnswerDecision Process(ReadOnlySpan<short> samples, long timestampMs, bool isComfortNoise = false, ReadOnlySpan<short> farEnd = default)
    {
        if (_decision.IsFinal)
        {
            return _decision;
        }

        if (_startMs < 0)
        {
            _startMs = timestampMs;
            _tones.Reset();
        }

        _frame.Load(samples, timestampMs, isComfortNoise);
        var elapsed = timestampMs - _startMs + AnalysisFrame.DurationMs;
        var tone = _tones.Process(_frame);
        if (!farEnd.IsEmpty && Level.MeanSquareToDbm0(Level.MeanSquare(farEnd)) >= PlayedDbm0)
        {
            _lastPlayedMs = elapsed;
        }

        if (ToneDecision(tone) is { } toneClass && (tone.Kind != ToneKind.Cng || elapsed - _lastPlayedMs > PlayedEchoHoldMs))
        {
            return _decision = new AnswerDecision(toneClass, elapsed, tone.KindName, tone);
        }

        if (_tones.ToneOn)
        {
            _lastToneMs = elapsed;
        }

        var frame = Speech.Process(_frame, farEnd, _tones.ToneOn);
        _levels.Add(Speech.LastLevelDbm0);
        var speech = frame == SpeechFrame.Speech;
        if (frame == SpeechFrame.Tone && !_tones.Progress.ToneOn && _consecutiveVoiceMs > 0 && _silenceMs == 0 && _toneBridgeMs < _options.ToneBridgeMs)
        {
            // A voiced frame whose harmonic passed a one-frame tone test (SIT 950/1400/1800 Hz) is hidden from the
            // VAD; right after voice it is part of the word, not a break that splits it below MinimumWordLength.
            // Never a call-progress tone: a busy burst's first frames are voice to the VAD, the rest must stay apart.
            _toneBridgeMs += AnalysisFrame.DurationMs;
            speech = true;
        }
        else if (frame != SpeechFrame.Tone)
        {
            _toneBridgeMs = 0;
        }

        var verdict = speech ? OnVoice(elapsed) : OnSilence(elapsed);
        if (verdict is { } v)
        {
            return _decision = new AnswerDecision(v.Class, elapsed, v.Reason);
        }

        if (elapsed >= _options.TotalAnalysisTimeMs)
        {
            return _decision = new AnswerDecision(AnswerClass.NotSure, elapsed, "TOOLONG");
        }

        return _decision;
    }

    /// <summary>Feeds one early-media frame (before answer): returns Busy, Congestion or Sit, otherwise Undecided.</summary>
    public AnswerDecision ProcessEarlyMedia(ReadOnlySpan<short> samples, long timestampMs)
    {
        _frame.Load(samples, timestampMs);
        var tone = _tones.Process(_frame);
        return tone.Kind switch
        {
            ToneKind.Busy => new AnswerDecision(AnswerClass.Busy, 0, "EARLYMEDIA-BUSY", tone),
            ToneKind.Congestion => new AnswerDecision(AnswerClass.Congestion, 0, "EARLYMEDIA-CONGESTION", tone),
            ToneKind.Sit => new AnswerDecision(AnswerClass.Sit, 0, "EARLYMEDIA-SIT", tone),
            _ => AnswerDecision.Undecided,
        };
    }

    // CNG (T.30 §5.3.1, 1100 Hz 0.5 s / 3 s) from the far end is a fax terminal too — one set to send, or a fax
    // server that calls back. Unless we are sending something ourselves (CNG of our own, after "да"): its echo would
    // be heard as CNG, so a CNG burst within PlayedEchoHoldMs of anything we played decides nothing.
    private const double PlayedDbm0 = -50;
    private const int PlayedEchoHoldMs = 600;

    private static AnswerClass? ToneDecision(ToneDetection tone) => tone.Kind switch
    {
        ToneKind.Ced or ToneKind.Ansam or ToneKind.V21Flags or ToneKind.Cng => AnswerClass.Fax,
        ToneKind.Busy => AnswerClass.Busy,
        ToneKind.Congestion => AnswerClass.Congestion,
        ToneKind.Sit => AnswerClass.Sit,
        ToneKind.Ringback => AnswerClass.Ringback,
        _ => null,
    };

    private (AnswerClass Class, string Reason)? OnVoice(long elapsed)
    {
        if (_silenceMs > 0)
        {
            _runPeakDb = double.NegativeInfinity;
        }

        if (_phraseStartMs < 0 || _silenceMs >= _options.PhrasePauseMs)
        {
            _phraseStartMs = elapsed - AnalysisFrame.DurationMs;
        }

        _silenceMs = 0;
        _gapMinDb = double.PositiveInfinity;
        _consecutiveVoiceMs += AnalysisFrame.DurationMs;
        _runPeakDb = Math.Max(_runPeakDb, Speech.LastLevelDbm0);
        if (_consecutiveVoiceMs >= _options.MinimumWordLengthMs && !_inWord)
        {
            RetractNoiseWords();
            _words++;
            _inWord = true;
            if (_words == 1)
            {
                _firstWordMs = elapsed - _consecutiveVoiceMs;
            }

            if (_words >= _options.MaximumNumberOfWords)
            {
                return (AnswerClass.Machine, "MAXWORDS");
            }
        }

        if (_inWord)
        {
            _greetingPeakDb = Math.Max(_greetingPeakDb, _runPeakDb);
            _gapLevelSumDb = 0;
            _gapFrames = 0;
        }

        if (_words > 0 && _options.MaximumGreetingSpanMs > 0 && elapsed - _firstWordMs >= _options.MaximumGreetingSpanMs)
        {
            // Still talking this long after the first word with no AfterGreetingSilence pause: a person's answer
            // ("алло, слушаю", "приёмная, слушаю") is over by now and the person waits; a recording goes on.
            return (AnswerClass.Machine, "LONGSPAN");
        }

        if (_words > 0 && _options.MaximumPhraseMs > 0 && elapsed - _firstWordMs >= _options.MaximumPhraseAfterMs
            && elapsed - _phraseStartMs >= _options.MaximumPhraseMs)
        {
            // Well into the greeting and still in one breath: a person's answer is one or two short phrases ("алло",
            // "приёмная, слушаю") and ends in the second; a recording reads on through its sentence.
            return (AnswerClass.Machine, "LONGPHRASE");
        }

        if (_words > 0)
        {
            _greetingVoiceMs += _inWord && _consecutiveVoiceMs == _options.MinimumWordLengthMs ? _consecutiveVoiceMs : AnalysisFrame.DurationMs;
            if (_greetingVoiceMs >= _options.GreetingMs)
            {
                return (AnswerClass.Machine, "LONGGREETING");
            }
        }

        return _consecutiveVoiceMs >= _options.MaximumWordLengthMs ? (AnswerClass.Machine, "MAXWORDLENGTH") : null;
    }

    private (AnswerClass Class, string Reason)? OnSilence(long elapsed)
    {
        _silenceMs += AnalysisFrame.DurationMs;
        _gapLevelSumDb += Math.Max(Speech.LastLevelDbm0, AnswerClassifierLevels.LowestDbm0);
        _gapFrames++;
        if (Speech.LastLevelDbm0 >= AnswerClassifierLevels.LowestDbm0)
        {
            // A lost packet (all zeros) is no pause of the talker's: it says nothing about the line's floor.
            _gapMinDb = Math.Min(_gapMinDb, Speech.LastLevelDbm0);
        }
        if (_silenceMs >= _options.BetweenWordsSilenceMs && (!_inWord || IsWordGap()))
        {
            _consecutiveVoiceMs = 0;
            _inWord = false;
        }

        // A cadence in progress (busy, ringback) is not silence: give it until the total analysis time.
        if (_words == 0 && _consecutiveVoiceMs == 0 && elapsed >= _options.InitialSilenceMs && (_lastToneMs < 0 || elapsed - _lastToneMs > 1500))
        {
            return (AnswerClass.Silence, "INITIALSILENCE");
        }

        if (_words > 0 && _silenceMs >= _options.AfterGreetingSilenceMs)
        {
            if (!RetractNoiseWords())
            {
                return (AnswerClass.Human, "HUMAN");
            }

            // The "greeting" was the line's noise, heard before the VAD had learnt it: start again. Initial silence
            // counts from answer, so a line with nothing else on it still ends as Silence.
            return _consecutiveVoiceMs == 0 && elapsed >= _options.InitialSilenceMs ? (AnswerClass.Silence, "INITIALSILENCE") : null;
        }

        return null;
    }

    /// <summary>
    /// A pause ends a word only if it falls to the line's floor (within WordGapDepthDb of the 10th percentile of the
    /// levels heard since answer): between words the talker stops; inside a word ("при-ё-мная", "слу-ша-ю") the
    /// level only dips, and the VAD, whose reference may have climbed into the first syllables, calls the dip silence.
    /// </summary>
    private bool IsWordGap() =>
        _options.WordGapDepthDb <= 0 || _levels.Count < 10 || _gapMinDb <= _levels.Percentile(0.1) + _options.WordGapDepthDb;

    /// <summary>
    /// Forgets the words so far when their loudest frame stands less than MinimumWordOverBackground above the
    /// silence heard after them: the VAD starts from a seeded reference and calls a loud line's noise voice for its
    /// first frames, until it has learnt it (a "word" at answer, then "silence" of the same level).
    /// </summary>
    private bool RetractNoiseWords()
    {
        if (_words == 0 || _gapFrames * AnalysisFrame.DurationMs < _options.MinimumWordLengthMs
            || _greetingPeakDb >= (_gapLevelSumDb / _gapFrames) + _options.MinimumWordOverBackgroundDb)
        {
            return false;
        }

        _words = 0;
        _greetingVoiceMs = 0;
        _firstWordMs = -1;
        _greetingPeakDb = double.NegativeInfinity;
        return true;
    }
}
