namespace Gateway.Media.Classification;

/// <summary>
/// What became of each utterance (session 8, diagnostics for the noise evaluation's miss breakdown): when it began, how
/// long it was, how much voice it held, and which rule ended it. Plain fields set once per ended utterance: nothing per
/// frame, nothing allocated (the outcomes are string literals).
/// </summary>
public sealed partial class ReplyDetector
{
    /// <summary>How many utterances have ended (diagnostics).</summary>
    internal int UtterancesEnded { get; private set; }

    /// <summary>The last ended utterance: start (ms), length first to last voice frame (ms), voice frames (ms), longest run (ms).</summary>
    internal (long StartMs, int LengthMs, int VoiceMs, int LongestRunMs) LastUtterance { get; private set; }

    /// <summary>
    /// Which rule ended the last utterance: <c>before-question</c>, <c>long</c>, <c>short</c> (length or voice), <c>run</c>
    /// (no 60 ms run under echo), <c>yes</c>, <c>word</c>, <c>unsure</c> (a replay asked or a repeat taken), <c>late</c>
    /// (cleared the contrast out of the answer slot, not taken), <c>near</c> (missed the contrast by at most the unsure
    /// margin, not taken: over the prompt, after a barge-in or no replay left) or <c>contrast</c> (missed it by more).
    /// </summary>
    internal string LastOutcome { get; private set; } = "";

    /// <summary>The last judged utterance's margin over the contrast it needed (dB; negative: missed by that much).</summary>
    internal double LastMarginDb { get; private set; }

    private void Ended(int length, string outcome)
    {
        UtterancesEnded++;
        LastUtterance = (_utteranceStartMs, length, _voiceMs, _longestRunMs);
        LastOutcome = outcome;
    }
}
