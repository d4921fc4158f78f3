using Gateway.Media.Dsp;
using Gateway.Media.Vad;

namespace Gateway.Media.Classification;

/// <summary>
/// An echo path change under the utterance (session 7). When the path changes (a jitter-buffer resize, a re-route) the
/// canceller's estimate models the old path: for the few frames until the <see cref="DoubleTalkDetector"/> sees its estimate
/// contradicted (<see cref="DoubleTalkDetector.PathChanged"/>) or the canceller finds it adds power
/// (<see cref="EchoCanceller.Diverged"/>), the new path's echo is left in the residual, and the gate, whose loss was learned
/// on the old path, and a still-trusted detector can pass it as speech (traced: held-out, ERL 20 dB, 64 ms, 100 ms of echo
/// passed after a change, then 300 ms of silence made a "yes"). When <see cref="SpeechDetector.EchoPathChanged"/> fires, the
/// utterance in progress is dropped: it may be echo the canceller had not yet re-learned, so it counts toward neither a
/// barge-in nor a yes (<see cref="ReplyDetectorOptions.DropOnEchoPathChange"/>), unless it already holds
/// <see cref="ReplyDetectorOptions.MinVoiceMs"/> of voice frames standing <see cref="ReplyDetectorOptions.EchoPathKeepClearanceDb"/>
/// over the raw echo (<see cref="SpeechDetector.LastRawEchoClearanceDb"/>: the line's own ERL, which the change moves by a few
/// dB at most), which no echo makes. Voice after that frame starts a new utterance, judged by the relearning gate and the
/// other rules as usual; the frame of the change itself is no voice.
/// </summary>
public sealed partial class ReplyDetector
{
    private int _clearVoiceMs;

    /// <summary>Utterances dropped because the echo path changed under them (diagnostics).</summary>
    public int EchoPathDrops { get; private set; }

    private SpeechFrame OnEchoPath(SpeechFrame decision)
    {
        if (decision == SpeechFrame.Speech)
        {
            // Voice that stands clear of the raw echo (the line's own ERL, before cancellation) is no echo whatever the
            // canceller's state; counted per utterance (a voice frame outside one starts one in Judge).
            _clearVoiceMs = (_inUtterance ? _clearVoiceMs : 0)
                + (Speech.LastRawEchoClearanceDb >= _options.EchoPathKeepClearanceDb ? AnalysisFrame.DurationMs : 0);
        }

        if (!_options.DropOnEchoPathChange || !Speech.EchoPathChanged)
        {
            return decision;
        }

        if (_inUtterance && _clearVoiceMs < _options.MinVoiceMs)
        {
            _inUtterance = false;
            _bargedIn = false;
            _voiceMs = 0;
            _runMs = 0;
            EchoPathDrops++;
        }

        // The frame that shows the change was filtered with the old path's estimate: whatever it holds is not voice.
        return decision == SpeechFrame.Speech ? SpeechFrame.Echo : decision;
    }
}
