using Gateway.Media.Classification.Words;

namespace Gateway.Media.Classification;

/// <summary>
/// The word check (session 7). The level and length rules cannot tell words apart: a "нет" or a second "алло?" after the
/// question is as short and as loud as a "да", and was taken for consent. With <see cref="ReplyDetectorOptions.WordCheck"/>
/// on, the detector keeps the line's log-mel filterbank for the last few seconds (<see cref="WordSpotter"/>) and scores
/// every utterance that meets the length rules of a yes: a confident "нет" (<see cref="ReplyDetectorOptions.WordNoProbability"/>)
/// declines the fax (<see cref="ReplyKind.Declined"/>, reason <c>WORD</c>, as the DTMF "no" digit does); with
/// <see cref="WordCheck.Require"/> a yes must also be heard as the yes family
/// (<see cref="ReplyDetectorOptions.WordYesProbability"/>), and anything else asks for the question again when a replay is
/// left and the prompt is not playing (reason <c>WORD</c>), or is dropped. Only utterances that are plausible replies by
/// level (within <see cref="ReplyDetectorOptions.UnsureMarginDb"/> of the contrast rule) are acted on: a syllable of the
/// background never declines a call. docs/detection.md, "Session 7: word check".
/// </summary>
public sealed partial class ReplyDetector
{
    private WordSpotter? _words;

    /// <summary>The word check's verdict on the last utterance it scored (diagnostics; <see cref="WordScore.None"/> when off).</summary>
    public WordScore LastWord { get; private set; }

    /// <summary>Called with every scored utterance's features (the training command and the evaluation; not for production).</summary>
    internal WordObserver? OnWord { get; set; }

    private bool WordsOn => _options.WordCheck != WordCheck.Off || OnWord is not null;

    /// <summary>
    /// With the check on (the default since session 9) the spotter's rings (≈ 150 kB) are made with the detector, at call
    /// setup, so that no frame allocates; an observer set later (training, evaluation) makes them on its first frame.
    /// </summary>
    private void WordsInit()
    {
        if (WordsOn)
        {
            _words = new WordSpotter(_options.MaxUtteranceMs, _options.EndSilenceMs);
        }
    }

    private void HearWords(ReadOnlySpan<short> samples, long timestampMs)
    {
        if (WordsOn)
        {
            _words ??= new WordSpotter(_options.MaxUtteranceMs, _options.EndSilenceMs);
            _words.Push(samples, timestampMs);
        }
    }

    /// <summary>
    /// Judges a finished utterance that meets the length rules of a yes: Declined or a replay when the word check decides
    /// so; None otherwise, with <paramref name="margin"/> set to −∞ when the utterance must not be a yes (nor unsure).
    /// </summary>
    private ReplyDecision JudgeWord(ref double margin, int length, long end)
    {
        if (!Words(margin, length, end, out var decision))
        {
            return ReplyDecision.None;
        }

        margin = double.NegativeInfinity;
        return decision;
    }

    private bool Words(double margin, int length, long end, out ReplyDecision decision)
    {
        decision = ReplyDecision.None;
        if (_words is null)
        {
            return false;
        }

        LastWord = _words.Score(_utteranceStartMs, _lastVoiceEndMs);
        OnWord?.Invoke(_words.LastFeatures, LastWord, margin, _utteranceStartMs, _lastVoiceEndMs);
        if (_options.WordCheck == WordCheck.Off || LastWord.Class == WordClass.None || margin < -Math.Max(0, _options.UnsureMarginDb))
        {
            return false;
        }

        // Session 9: never over our prompt's echo. The word check hears the line, echo included (the canceller's residual is
        // private to SpeechDetector), and the prompt's own /nʲ/ and front vowels ("Принять факс?") made 3 of 1,536 barge-in
        // "да" at 6–10 dB ERL score as a "нет" with a front vowel. Such an utterance is judged by the other rules.
        if (!_underEcho && SaysNo(LastWord))
        {
            decision = _final = new ReplyDecision(ReplyKind.Declined, end, length, "WORD");
            return true;
        }

        if (_options.WordCheck != WordCheck.Require || LastWord.Yes >= _options.WordYesProbability)
        {
            return false;
        }

        WordRejections++;
        if (!_prompting && _replays < _options.MaxReplays)
        {
            decision = Replay(end, length, "WORD");
        }

        return true;
    }

    /// <summary>
    /// Whether the first loud syllable's vowel is the /e/ of "нет" and not the /a/ of "да" (session 9): the model's "нет" is
    /// only believed when the formants agree (<see cref="ReplyDetectorOptions.WordNoFrontness"/>).
    /// </summary>
    private bool FrontVowel(WordCues cues) => _options.WordNoFrontness <= 0 || (cues.Measured && cues.Frontness >= _options.WordNoFrontness);

    /// <summary>
    /// A "нет": the model is confident and the vowel agrees, or (session 9) the phonetics alone — a nasal's murmur before a
    /// front vowel, /nʲe/ — with the model not ruling it out (P(no) ≥ <see cref="ReplyDetectorOptions.WordMurmurNoProbability"/>).
    /// </summary>
    private bool SaysNo(WordScore word) =>
        (word.No >= _options.WordNoProbability && FrontVowel(word.Cues))
        || (_options.WordNoMurmurMs > 0 && _options.WordNoFrontness > 0 && word.Cues.MurmurMs >= _options.WordNoMurmurMs
            && FrontVowel(word.Cues) && word.No >= _options.WordMurmurNoProbability);

    /// <summary>How many utterances the word check kept from being a yes (diagnostics).</summary>
    public int WordRejections { get; private set; }
}
