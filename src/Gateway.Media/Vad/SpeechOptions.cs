namespace Gateway.Media.Vad;

/// <summary>Per-frame speech decision settings (bound from configuration section "Media:Speech").</summary>
public sealed class SpeechOptions
{
    /// <summary>VAD probability at or above which a frame is voice.</summary>
    public double Threshold { get; set; } = 0.5;

    /// <summary>Frames quieter than this are never speech (research: −50 dBm0).</summary>
    public double MinLevelDbm0 { get; set; } = -50;

    /// <summary>Echo gate margin above the predicted echo, dB.</summary>
    public double EchoMarginDb { get; set; } = 6;

    /// <summary>Cancel the prompt's echo (<see cref="Vad.EchoCanceller"/>) before the VAD and the gate.</summary>
    public bool EchoCanceller { get; set; } = true;

    /// <summary>Which echo canceller (<see cref="Vad.EchoCancellerKind"/>).</summary>
    public EchoCancellerKind EchoCancellerKind { get; set; } = EchoCancellerKind.LeastSquares;

    /// <summary>With the canceller, also pass frames whose residual stands clear of the residual echo predicted from the
    /// canceller's own echo estimate (<see cref="Vad.DoubleTalkDetector"/>); off: the session-3 gate alone.</summary>
    public bool DoubleTalkDetector { get; set; } = true;

    /// <summary>
    /// Session 9: the double-talk detector learns its residual-echo ratios per level of each band's echo estimate over the line
    /// noise (<see cref="Vad.DoubleTalkDetector.LevelEdgesDb"/>), so loud frames are not judged by the ratios of quiet ones; false:
    /// one ratio per band (sessions 4–8). Used when the speech detector makes its own double-talk detector.
    /// </summary>
    public bool DoubleTalkLevelBins { get; set; } = true;

    /// <summary>The echo gate's loss is the minimum over this many recent prompt frames that were not speech.</summary>
    public int EchoLossFrames { get; set; } = 25;

    /// <summary>
    /// After an echo path change the gate relearns its loss; until it has, the loss is at least the line's own ERL (the raw
    /// gate's, which the change does not reset) less this many dB, not the 6 dB minimum: the residual of a canceller that no
    /// longer fits is at most ≈ 3 dB over what is heard (beyond that it declares divergence and clears itself), and a
    /// change moves the ERL by a few dB. NaN: sessions 1–6 (6 dB).
    /// </summary>
    public double EchoRelearnBelowRawDb { get; set; } = 6;

    /// <summary>
    /// Session 8: a canceller divergence in a frame where nothing is played (after the prompt ended or was stopped) is not
    /// reported as an echo path change (<see cref="SpeechDetector.EchoPathChanged"/>); the canceller still resets and the gate
    /// still relearns. False: sessions 5–7.
    /// </summary>
    public bool SilentFarEndDivergenceIsNoPathChange { get; set; } = true;

    /// <summary>
    /// A frame whose residual is this many dB below the residual echo the trusted double-talk detector predicts for it is echo,
    /// whatever the echo gate's coarser prediction says (null: off, sessions 3–8; an experiment in session 8). Session 9 default
    /// 8 dB: the gate's loss, a minimum over the last 0.5 s of prompt, was 15 dB over what the canceller reached on the next
    /// word's loud vowel of a male prompt, and that vowel's echo made a "yes" (docs/detection.md, "Session 9: barge-in").
    /// </summary>
    public double? ExplainedEchoVetoDb { get; set; } = 8;

    /// <summary>Echo canceller length: the longest echo delay plus dispersion it covers, ms (G.168: 64 ms tails).</summary>
    public int EchoTailMs { get; set; } = 80;
}
