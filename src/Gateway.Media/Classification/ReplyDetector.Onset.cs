using Gateway.Media.Vad;

namespace Gateway.Media.Classification;

/// <summary>
/// The onset of an utterance (session 8). The VAD declares voice only from its onset threshold (the DSP VAD: 4.5 dB over its
/// reference), then holds it down to a lower level (2.5 dB: hysteresis, so weak word endings stay attached). A word's start
/// gets no such hold: the consonant and the rising vowel of a "да" said 5 dB over babble or white noise sit 2.5–4.5 dB over the
/// reference and are not voice, so the VAD hears 60–80 ms of a 111–139 ms "да" and the length rules (100 ms, 80 ms of voice)
/// drop it (docs/detection.md, session 8: 7 of the 27 babble, 14 of the 27 crowd and all 3 white-noise misses at 5 dB on the
/// tuning set). The same hold is applied backwards: up to <see cref="ReplyDetectorOptions.OnsetHoldFrames"/> frames right
/// before the first voice frame whose VAD probability reached <see cref="ReplyDetectorOptions.OnsetHoldProbability"/> (the DSP
/// VAD's hold level) count as the utterance's start, for its length and voice. They stay out of its peak (the contrast is
/// unchanged) and out of its runs; never while the echo gate is active (over the prompt the run rules stand as measured), and
/// only where the VAD's background is narrow (its 3 s spread at most <see cref="ReplyDetectorOptions.DenseBackgroundSpreadDb"/>:
/// steady noise or dense babble), not in a gappy crowd.
/// Allocation-free: two fields per frame.
/// </summary>
public sealed partial class ReplyDetector
{
    private int _holdFrames; // frames right before this one that would have held voice, most recent run
    private bool _onsetHeldWide;

    /// <summary>Frames the last utterance's start was moved back by the onset hold (diagnostics).</summary>
    public int LastOnsetHoldFrames { get; private set; }

    /// <summary>Called for every frame after the speech decision, before the utterance rules.</summary>
    private void OnsetObserve(SpeechFrame decision)
    {
        if (decision == SpeechFrame.Speech)
        {
            return; // counted when the utterance starts (OnsetStart), then reset there
        }

        var holds = decision == SpeechFrame.Silence && !Speech.EchoGate.Active && Speech.LastProbability >= _options.OnsetHoldProbability;
        _holdFrames = holds ? Math.Min(_holdFrames + 1, 8) : 0;
    }

    /// <summary>How far (ms) the utterance beginning now starts earlier; resets the count.</summary>
    private int OnsetStart()
    {
        // Only over a narrow background (steady noise or dense babble, ReplyDetector.Dense.cs): in a gappy crowd the other
        // talkers' syllables make such frames too, and held onsets there turned crowd syllables into yes (tuning set: 6 → 8 of 600).
        DenseStart();
        var dense = Math.Max(_options.DenseBackgroundSpreadDb, DenseMinBackgroundSpreadDb);
        var narrow = LastBackgroundRangeDb <= (_options.OnsetHoldMaxSpreadDb > 0 ? _options.OnsetHoldMaxSpreadDb : dense);
        _onsetHeldWide = !(LastBackgroundRangeDb <= dense); // NaN (no model yet) counts as wide
        var frames = _inUtterance || _options.OnsetHoldFrames <= 0 || !narrow ? 0 : Math.Min(_holdFrames, _options.OnsetHoldFrames);
        _holdFrames = 0;
        LastOnsetHoldFrames = frames;
        return frames * Dsp.AnalysisFrame.DurationMs;
    }

    /// <summary>The voice (ms) the held onset adds: all of it over a narrow background; over a wider one only with <see cref="ReplyDetectorOptions.OnsetHoldWideVoice"/>.</summary>
    private int OnsetVoice(int heldMs) => !_onsetHeldWide || _options.OnsetHoldWideVoice ? heldMs : 0;
}
