namespace Gateway.Media.Classification;

/// <summary>
/// The unsure reply (session 6). An utterance that meets every rule of a yes but misses the contrast rule by no more than
/// <see cref="ReplyDetectorOptions.UnsureMarginDb"/> is, by level, as much a "да" in loud babble as a syllable of the
/// babble (docs/detection.md, session 5). Dropping it cost most "да" at 5 dB in babble; accepting it made false "yes"
/// from babble alone. Instead the detector asks the call to replay the prompt (<see cref="ReplyKind.ReplayPrompt"/>,
/// reason <c>UNSURE</c>, counted against <see cref="ReplyDetectorOptions.MaxReplays"/>) — a person who said "да" and
/// hears the question again says it again — and takes a second unsure utterance as a yes only when it repeats the first
/// (its level within <see cref="ReplyDetectorOptions.RepeatMatchDb"/>, its length within
/// <see cref="ReplyDetectorOptions.RepeatLengthRatio"/>, begun within <see cref="ReplyDetectorOptions.RepeatWithinMs"/> of the
/// replayed question's end). Noise must then make two matching syllables, one after each question. Only after the prompt
/// has played out: over the prompt, or after a barge-in stopped it, an unsure utterance is dropped as before
/// (Gateway.Calls' FaxCallMachine acts on a replay request only once it has seen the prompt finish, which a barge-in does
/// not report).
/// </summary>
public sealed partial class ReplyDetector
{
    private bool _hasUnsure;
    private bool _stoppedPrompt;
    private double _unsurePeakDbm0;
    private int _unsureLengthMs;

    /// <summary>How many unsure utterances asked for a replay (diagnostics).</summary>
    public int UnsureReplays { get; private set; }

    private ReplyDecision OnUnsure(double margin, int length, long end)
    {
        if (_options.UnsureMarginDb <= 0 || margin < -_options.UnsureMarginDb)
        {
            return ReplyDecision.None;
        }

        if (_hasUnsure && !LastBackgroundTalker && _options.RepeatMatchDb >= 0 && _promptEndMs >= 0 && _utteranceStartMs - _promptEndMs <= _options.RepeatWithinMs && Repeats(length))
        {
            return _final = new ReplyDecision(ReplyKind.Yes, end, length, "REPEATED");
        }

        if (_prompting || _stoppedPrompt || _replays >= _options.MaxReplays)
        {
            return ReplyDecision.None; // over the prompt, after a barge-in, or no replay left: dropped like any utterance that misses the contrast
        }

        _hasUnsure = true;
        _unsurePeakDbm0 = LastPeakDbm0;
        _unsureLengthMs = length;
        UnsureReplays++;
        return Replay(end, length, "UNSURE");
    }

    private bool Repeats(int length)
    {
        var ratio = _unsureLengthMs <= 0 ? double.MaxValue : (double)length / _unsureLengthMs;
        return Math.Abs(LastPeakDbm0 - _unsurePeakDbm0) <= _options.RepeatMatchDb
            && ratio <= _options.RepeatLengthRatio && ratio >= 1 / _options.RepeatLengthRatio;
    }
}
