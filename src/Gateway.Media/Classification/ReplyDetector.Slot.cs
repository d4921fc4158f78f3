using Gateway.Media.Vad;

namespace Gateway.Media.Classification;

/// <summary>
/// The answer slot (session 7). In a fluctuating background a crowd talker's syllable that stands 7–13 dB over the line
/// around it is, by level and by voicing, a "да" (docs/detection.md, sessions 5–7), but it comes at any moment of the
/// reply window, while an answer to a yes/no question comes right after it (Stivers et al. 2009). So a single utterance
/// over fluctuating noise is a yes at once only when it begins no later than <see cref="ReplyDetectorOptions.AnswerSlotMs"/>
/// after the prompt ended, or over the prompt (a barge-in, once <see cref="ReplyDetectorOptions.QuestionMs"/> have played)
/// while the line's background is steady; a later utterance that clears the contrast is unsure: with a replay left it asks
/// for the prompt again, and after the replay a repeat in the slot that matches it is a yes (<c>ReplyDetector.Repeat.cs</c>).
/// Over the prompt the 800 ms context of the contrast rule holds residual echo and looks fluctuating even over steady line
/// noise, so there the background is judged by the VAD's own model of it, learned since the answer: its reference (the
/// 90th percentile of background frame levels, <see cref="DspVoiceActivityDetector"/>) within
/// <see cref="BargeInSteadyDb"/> of its minimum-statistics floor. A barge-in over babble or a crowd is therefore not a yes
/// (it stops the prompt; the empty reply window then replays it). Over steady noise the contrast alone decides, as before.
/// </summary>
public sealed partial class ReplyDetector
{
    /// <summary>
    /// A background whose VAD reference stands at most this far (dB) over its floor is steady (white or line noise: 1–3 dB;
    /// babble and crowds: 8–20 dB).
    /// </summary>
    public const double BargeInSteadyDb = 6;

    private double _backgroundSpreadDb;

    /// <summary>The VAD's background spread (reference over floor, dB) when the last utterance began (diagnostics; 0 for another VAD).</summary>
    public double LastBackgroundSpreadDb => _backgroundSpreadDb;

    private void SlotStart() =>
        _backgroundSpreadDb = Speech.Vad is DspVoiceActivityDetector dsp ? dsp.ReferenceDbm0 - dsp.FloorDbm0 : 0;

    /// <summary>Whether the utterance may be a yes at once over a fluctuating context (see the type's summary).</summary>
    private bool InAnswerSlot()
    {
        if (_options.AnswerSlotMs <= 0)
        {
            return true;
        }

        var overPrompt = _prompting || _promptEndMs < 0 || _utteranceStartMs < _promptEndMs;
        return overPrompt ? _backgroundSpreadDb <= BargeInSteadyDb : _utteranceStartMs - _promptEndMs <= _options.AnswerSlotMs;
    }
}
