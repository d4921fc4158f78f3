using Gateway.Media.Dsp;
using Gateway.Media.Tones;
using Gateway.Media.Vad;

namespace Gateway.Media.Classification;

/// <summary>
/// Sans-IO reply detection during and after the prompt. Call <see cref="StartPrompt"/> when the prompt starts,
/// feed every received frame with what was played in it (<c>farEnd</c>, for the echo gate), call
/// <see cref="PromptFinished"/> when it ends. Rules: an utterance of MinUtterance–MaxUtterance followed by
/// EndSilence is "yes"; fax tones at any point are "fax"; longer speech asks for a replay (MaxReplays), as does
/// an empty reply window; with no replays left it is NoReply. Voice of BargeIn length over the prompt stops it
/// and becomes the reply. DTMF (in band here, RFC 4733 via <see cref="OnDigit"/>) can answer yes or no.
/// A VAD cannot tell "da" from "net": the DTMF alternative exists for that reason (docs/detection.md).
/// </summary>
public sealed partial class ReplyDetector
{
    private readonly ReplyDetectorOptions _options;
    private readonly AnalysisFrame _frame = new();
    private readonly ToneBank _tones = new();
    private bool _prompting;
    private long _promptEndMs = -1;
    private long _promptStartMs;
    private bool _beforeQuestion;
    private bool _inUtterance;
    private long _utteranceStartMs;
    private long _lastVoiceEndMs;
    private int _voiceMs;
    private int _runMs;
    private int _toneBridgeMs;
    private int _longestRunMs;
    private bool _underEcho;
    private bool _bargedIn;
    private int _replays;
    private ReplyDecision _final = ReplyDecision.None;

    /// <summary>Creates a detector. Pass the call's <paramref name="speech"/> detector to keep its noise model.</summary>
    public ReplyDetector(ReplyDetectorOptions? options = null, SpeechDetector? speech = null)
    {
        _options = options ?? new ReplyDetectorOptions();
        Speech = speech ?? new SpeechDetector();
        TalkerInit();
        WordsInit();
    }

    /// <summary>The speech detector in use.</summary>
    public SpeechDetector Speech { get; }

    /// <summary>The tone detectors (diagnostics: which one claimed a frame).</summary>
    public ToneBank Tones => _tones;

    /// <summary>How many times a replay was requested.</summary>
    public int Replays => _replays;

    /// <summary>The prompt starts (first play or replay).</summary>
    public void StartPrompt(long timestampMs)
    {
        _prompting = true;
        _promptStartMs = timestampMs;
        _promptEndMs = -1;
        _inUtterance = false;
        _voiceMs = 0;
        _bargedIn = false;
        _stoppedPrompt = false;
    }

    /// <summary>The prompt has ended (played out or stopped after barge-in).</summary>
    public void PromptFinished(long timestampMs)
    {
        _prompting = false;
        _promptEndMs = timestampMs;
    }

    /// <summary>A digit from RFC 4733 telephone-events.</summary>
    public ReplyDecision OnDigit(char digit, long timestampMs)
    {
        if (_final.IsFinal)
        {
            return _final;
        }

        if (digit != '\0' && digit == _options.YesDigit)
        {
            return _final = new ReplyDecision(ReplyKind.Yes, timestampMs, 0, "DTMF");
        }

        return digit != '\0' && digit == _options.NoDigit ? _final = new ReplyDecision(ReplyKind.Declined, timestampMs, 0, "DTMF") : ReplyDecision.None;
    }

    /// <summary>Feeds one received 160-sample frame and what we played in it.</summary>
    public ReplyDecision Process(ReadOnlySpan<short> samples, long timestampMs, ReadOnlySpan<short> farEnd = default, bool isComfortNoise = false)
    {
        if (_final.IsFinal)
        {
            return _final;
        }

        _frame.Load(samples, timestampMs, isComfortNoise);
        AnalyseVoicing(_frame.Samples);
        TalkerFrame(_frame.Samples); // voicing for the background-talker rule (ReplyDetector.Talker.cs)
        HearWords(samples, timestampMs);
        var end = timestampMs + AnalysisFrame.DurationMs;
        var tone = _tones.Process(_frame);
        if (tone.IsFax)
        {
            return _final = new ReplyDecision(ReplyKind.Fax, end, 0, tone.KindName);
        }

        if (tone.Kind == ToneKind.Dtmf && OnDigit(tone.Digit, end) is { IsFinal: true } byDigit)
        {
            return byDigit;
        }

        // Before the question has been asked nothing heard is a reply: let the VAD learn it as background.
        Speech.AssumeBackground = _prompting && timestampMs - _promptStartMs < _options.QuestionMs;
        var decision = OnEchoPath(Speech.Process(_frame, farEnd, _tones.ToneOn)); // an echo path change drops the utterance in progress (ReplyDetector.EchoPath.cs)
        var result = Judge(decision, timestampMs, end);
        if (decision != SpeechFrame.Echo)
        {
            Remember(Speech.LastLevelDbm0); // the context is the line's own background, not the residual echo of our prompt
        }

        return result;
    }

    private ReplyDecision Judge(SpeechFrame decision, long timestampMs, long end)
    {
        if (_promptEndMs < 0 && !_prompting)
        {
            return ReplyDecision.None; // not started yet
        }

        if (decision == SpeechFrame.Tone && !_tones.Progress.ToneOn && _inUtterance && _lastVoiceEndMs == timestampMs && _toneBridgeMs < _options.ToneBridgeMs)
        {
            // A voiced frame whose harmonic passed a one-frame tone test (SIT 950/1400/1800 Hz) is hidden from the
            // VAD; inside an utterance it neither ends it nor counts as voice. Never a call-progress tone (busy after
            // the far end hangs up must not lengthen the burst's first frames into an utterance).
            _toneBridgeMs += AnalysisFrame.DurationMs;
            _lastVoiceEndMs = end;
            return ReplyDecision.None;
        }

        OnsetObserve(decision);
        return decision == SpeechFrame.Speech ? OnVoice(timestampMs, end) : OnSilence(end);
    }

    private ReplyDecision OnVoice(long start, long end)
    {
        if (!_inUtterance)
        {
            var held = OnsetStart(); // the onset's frames under the VAD's onset but over its hold level (ReplyDetector.Onset.cs)
            _inUtterance = true;
            _utteranceStartMs = start - held;
            _voiceMs = OnsetVoice(held);
            _runMs = 0;
            _longestRunMs = 0;
            _underEcho = false;
            _beforeQuestion = _prompting && start - _promptStartMs < _options.QuestionMs;
            OnUtteranceStart();
        }

        OnUtteranceVoice(Speech.LastLevelDbm0);

        _toneBridgeMs = 0;
        _underEcho |= Speech.EchoGate.Active;
        _lastVoiceEndMs = end;
        _voiceMs += AnalysisFrame.DurationMs;
        _runMs += AnalysisFrame.DurationMs;
        _longestRunMs = Math.Max(_longestRunMs, _runMs);
        if (_prompting && !_bargedIn && !_beforeQuestion && _voiceMs >= _options.BargeInMs)
        {
            _bargedIn = true;
            _stoppedPrompt = true;
            return new ReplyDecision(ReplyKind.StopPrompt, end, (int)(end - _utteranceStartMs), "BARGEIN");
        }

        return ReplyDecision.None;
    }

    private ReplyDecision OnSilence(long end)
    {
        _runMs = 0;
        if (_inUtterance && Speech.LastDecision != SpeechFrame.Echo)
        {
            OnUtteranceSilence(Speech.LastLevelDbm0);
        }

        if (_inUtterance && end - _lastVoiceEndMs >= _options.EndSilenceMs)
        {
            _inUtterance = false;
            var length = (int)(_lastVoiceEndMs - _utteranceStartMs);
            if (_beforeQuestion)
            {
                Ended(length, "before-question");
                return ReplyDecision.None; // begun before the question was asked: no answer to it
            }

            if (length > _options.MaxUtteranceMs)
            {
                Ended(length, "long");
                return Replay(end, length, "LONGSPEECH");
            }

            // Contrast: computed for every utterance that ends (diagnostics), required of a yes.
            if (length >= _options.MinUtteranceMs && _voiceMs >= _options.MinVoiceMs && (!_underEcho || _longestRunMs >= _options.MinRunUnderEchoMs))
            {
                var margin = ContrastMargin();
                LastMarginDb = margin;
                if (JudgeWord(ref margin, length, end) is { Kind: not ReplyKind.None } byWord)
                {
                    Ended(length, "word");
                    return byWord;
                }

                var talker = BackgroundTalker(length); // a crowd talker's syllable is no yes at once (ReplyDetector.Talker.cs)
                if (margin >= 0 && (LastContextSteady || (LastContrastDb >= _options.SingleYesContrastDb - (_options.MinContrastDb - LastRequiredContrastDb) && InAnswerSlot() && !talker)))
                {
                    Ended(length, "yes");
                    return _final = new ReplyDecision(ReplyKind.Yes, end, length, "UTTERANCE");
                }

                if (OnUnsure(margin, length, end) is { Kind: not ReplyKind.None } unsure)
                {
                    Ended(length, "unsure");
                    return unsure;
                }

                Ended(length, talker && margin >= 0 ? "talker" : margin >= 0 ? "late" : margin >= -_options.UnsureMarginDb ? "near" : "contrast");
            }
            else
            {
                Ended(length, length >= _options.MinUtteranceMs && _voiceMs >= _options.MinVoiceMs ? "run" : "short");
            }

            _bargedIn = false;
        }

        if (!_inUtterance && !_prompting && _promptEndMs >= 0 && end - _promptEndMs >= _options.ReplyWindowMs)
        {
            return Replay(end, 0, "NOREPLY");
        }

        return ReplyDecision.None;
    }

    private ReplyDecision Replay(long end, int length, string reason)
    {
        if (_replays < _options.MaxReplays)
        {
            _replays++;
            _prompting = false;
            _promptEndMs = -1;
            return new ReplyDecision(ReplyKind.ReplayPrompt, end, length, reason);
        }

        return _final = new ReplyDecision(ReplyKind.NoReply, end, length, reason);
    }
}
