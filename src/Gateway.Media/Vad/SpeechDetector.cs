using Gateway.Media.Dsp;

namespace Gateway.Media.Vad;

/// <summary>
/// The per-frame speech decision: comfort noise → never; a tone claimed by the tone bank → never; echo of our
/// own prompt → never (the <see cref="EchoCanceller"/> removes most of it, the <see cref="EchoGate"/> rejects what
/// is left); below the minimum level → never; otherwise the pluggable VAD decides on the echo-cancelled signal.
/// The VAD sees every frame, so its noise model keeps learning through tones and echo.
/// </summary>
public sealed class SpeechDetector
{
    private readonly SpeechOptions _options;
    private const int HangoverFrames = 3;
    private const int MaxFrozenFrames = 50;
    private const int LearnHoldFrames = 15;
    private const double MinFrameErleDb = 1;
    private const double RawMarginDb = 0;
    private readonly short[] _residual = new short[AnalysisFrame.Length];
    private readonly NoiseFloorTracker _residualFloor = new();
    private int _speechRun;
    private int _hangover;
    private int _sinceSpeech = LearnHoldFrames;

    /// <summary>
    /// Creates the detector around <paramref name="vad"/> (default: <see cref="DspVoiceActivityDetector"/>); with the canceller
    /// and the double-talk detector on, <paramref name="doubleTalk"/> is the one to use (default: a new one with its defaults).
    /// </summary>
    public SpeechDetector(IVoiceActivityDetector? vad = null, SpeechOptions? options = null, DoubleTalkDetector? doubleTalk = null)
    {
        Vad = vad ?? new DspVoiceActivityDetector();
        _options = options ?? new SpeechOptions();
        EchoGate = new EchoGate(learnFrames: _options.EchoLossFrames) { MarginDb = _options.EchoMarginDb };
        RawEchoGate = new EchoGate(learnFrames: _options.EchoLossFrames) { MarginDb = RawMarginDb };
        EchoCanceller = _options.EchoCanceller ? EchoCanceller.Create(_options.EchoCancellerKind, _options.EchoTailMs) : null;
        DoubleTalk = _options.EchoCanceller && _options.DoubleTalkDetector ? doubleTalk ?? (_options.DoubleTalkLevelBins ? new DoubleTalkDetector() : new DoubleTalkDetector { LevelEdgesDb = [] }) : null;
    }

    /// <summary>The VAD in use.</summary>
    public IVoiceActivityDetector Vad { get; }

    /// <summary>The echo gate (fed with what we play).</summary>
    public EchoGate EchoGate { get; }

    /// <summary>The same rule on what we heard before cancellation (the line's own ERL), checked with the canceller on.</summary>
    public EchoGate RawEchoGate { get; }

    /// <summary>The echo canceller in front of the VAD (null when switched off in <see cref="SpeechOptions"/>).</summary>
    public EchoCanceller? EchoCanceller { get; }

    /// <summary>Near-end speech over the canceller's predicted residual echo (null without the canceller or when switched off).</summary>
    public DoubleTalkDetector? DoubleTalk { get; }

    /// <summary>The last VAD probability.</summary>
    public float LastProbability { get; private set; }

    /// <summary>The last frame's decision (for diagnostics).</summary>
    public SpeechFrame LastDecision { get; private set; } = SpeechFrame.Silence;

    /// <summary>Set while no voice is wanted (the reply detector: before our question has been asked): the VAD learns what it hears as background.</summary>
    public bool AssumeBackground { get; set; }

    /// <summary>
    /// True when the last frame showed that the echo path changed under the canceller (it diverged, or the
    /// <see cref="DoubleTalkDetector"/> saw its estimate contradicted: <see cref="DoubleTalkDetector.PathChanged"/>). The
    /// frames just before it may have been the new path's echo passing as speech; the reply detector drops an utterance in
    /// progress then.
    /// </summary>
    public bool EchoPathChanged { get; private set; }

    /// <summary>
    /// How far (dB) the last frame as heard, before cancellation, stood above the raw echo the <see cref="RawEchoGate"/>
    /// predicts (the loudest prompt frame of 160 ms less the line's own ERL); +∞ with nothing played. A frame well above it
    /// is no echo whatever the canceller's state (the Geigel rule of sessions 1–2): the reply detector keeps an utterance
    /// made of such frames through an echo path change.
    /// </summary>
    public double LastRawEchoClearanceDb { get; private set; } = double.PositiveInfinity;

    /// <summary>Level of the last frame after echo cancellation, dBm0.</summary>
    public double LastLevelDbm0 { get; private set; }

    /// <summary>
    /// Judges one frame. <paramref name="farEnd"/> is what we played during this frame (empty if nothing);
    /// <paramref name="toneOn"/> is true when a tone detector claims the frame.
    /// </summary>
    public SpeechFrame Process(AnalysisFrame frame, ReadOnlySpan<short> farEnd, bool toneOn)
    {
        LastDecision = Decide(frame, farEnd, toneOn);
        if (EchoCanceller is { } canceller)
        {
            // Double talk: no training on near-end speech, nor on the 60 ms after it (word endings). Speech
            // that lasts over a second while we play is more likely echo we fail to cancel than a person: train.
            _speechRun = LastDecision is SpeechFrame.Speech or SpeechFrame.Tone ? _speechRun + 1 : 0;
            _hangover = _speechRun > 0 ? HangoverFrames : Math.Max(0, _hangover - 1);
            canceller.Adapt(_hangover > 0 && _speechRun <= MaxFrozenFrames);
            // Session 8: a canceller that adds power once nothing is played any more (the prompt ended or a barge-in stopped it)
            // predicts echo of a signal that is no longer sent: its late taps do not fit (traced: a held-out prompt's periodic
            // voice leaves taps a pitch period late), which says nothing of the path. It still clears itself and the gate still
            // relearns, but no path change is reported, so the reply detector keeps the utterance in progress (traced: a "да"
            // that had stopped the prompt was dropped 60 ms later).
            var farSilent = farEnd.IsEmpty || !farEnd.ContainsAnyExcept((short)0);
            EchoPathChanged = (canceller.Diverged && !(farSilent && _options.SilentFarEndDivergenceIsNoPathChange)) || DoubleTalk?.PathChanged == true;
            if (EchoPathChanged || canceller.Diverged)
            {
                EchoGate.Relearn(RawEchoGate.LossDb - _options.EchoRelearnBelowRawDb);
            }
        }

        return LastDecision;
    }

    private SpeechFrame Decide(AnalysisFrame frame, ReadOnlySpan<short> farEnd, bool toneOn)
    {
        ArgumentNullException.ThrowIfNull(frame);
        EchoGate.ObserveFarEnd(farEnd);
        RawEchoGate.ObserveFarEnd(farEnd);
        var samples = frame.Samples;
        var meanSquare = frame.MeanSquare;
        LastRawEchoClearanceDb = RawEchoGate.ClearanceDb(frame.MeanSquare);
        var cancelled = false;
        if (EchoCanceller is { } canceller && canceller.Filter(frame.Samples, farEnd, _residual))
        {
            samples = _residual;
            meanSquare = Level.MeanSquare(_residual);
            cancelled = true;
        }

        LastLevelDbm0 = Level.MeanSquareToDbm0(meanSquare);
        var nearEnd = cancelled && DoubleTalk is { } dtd && dtd.Observe(frame.Samples, _residual, EchoCanceller!, _residualFloor.MeanSquare);
        _residualFloor.Update(meanSquare);
        if (frame.IsComfortNoise)
        {
            LastProbability = 0;
            return SpeechFrame.ComfortNoise;
        }

        _sinceSpeech = LastDecision == SpeechFrame.Speech ? 1 : Math.Min(_sinceSpeech + 1, LearnHoldFrames);
        // With the canceller, the residual must clear the gate, and the frame must show either no less than the
        // raw echo (the far end less the line's own ERL: someone speaks) or a canceller that is removing echo in
        // this very frame (ERLE ≥ 1 dB: it still fits the path). A residual that is loud because the echo path
        // changed under the filter shows neither (the old prediction adds its own power: ERLE ≤ 0).
        var passesEcho = EchoGate.Passes(meanSquare)
            && (!cancelled || RawEchoGate.Passes(frame.MeanSquare) || EchoCanceller!.LastErleDb >= MinFrameErleDb);
        passesEcho &= !(cancelled && DoubleTalk?.Misfit == true); // the canceller's estimate does not fit this frame: its residual proves nothing
        // Session 9 (a session-8 experiment): a residual the trusted double-talk detector finds ExplainedEchoVetoDb *below* the
        // residual echo it predicts (band by band, for this frame) is echo, whatever the gate's coarser prediction (the loudest
        // prompt frame less a loss learned on other frames) says. Such a frame is then learned by the gate like any echo.
        passesEcho &= !(cancelled && _options.ExplainedEchoVetoDb is { } veto && DoubleTalk is { Trusted: true } dtd2 && dtd2.LastBandExcessDb <= -veto);
        passesEcho |= nearEnd; // the residual stands clear of this frame's predicted residual echo (DoubleTalkDetector)
        // A frame that does not clear the gate may be mostly echo: the VAD should not learn the background from it.
        LastProbability = Vad.Process(samples, (passesEcho ? VadHints.None : VadHints.EchoLikely) | (AssumeBackground ? VadHints.Background : VadHints.None));
        if (toneOn)
        {
            return SpeechFrame.Tone;
        }

        if (passesEcho && LastLevelDbm0 >= _options.MinLevelDbm0 && LastProbability >= _options.Threshold)
        {
            return SpeechFrame.Speech;
        }

        // Not within 300 ms of speech: the rest of a word whose onset was heard (the "га" of "ага") is no echo,
        // and learning it as echo would close the gate on the word itself.
        if (_sinceSpeech >= LearnHoldFrames)
        {
            EchoGate.Learn(meanSquare, _residualFloor.MeanSquare);
            RawEchoGate.Learn(frame.MeanSquare, _residualFloor.MeanSquare);
            DoubleTalk?.Learn();
        }

        return passesEcho ? SpeechFrame.Silence : SpeechFrame.Echo;
    }

    /// <summary>Forgets everything (a new call).</summary>
    public void Reset()
    {
        Vad.Reset();
        EchoGate.Reset();
        RawEchoGate.Reset();
        EchoCanceller?.Reset();
        DoubleTalk?.Reset();
        _residualFloor.Reset();
        LastProbability = 0;
        LastLevelDbm0 = Level.Floor;
        EchoPathChanged = false;
        LastRawEchoClearanceDb = double.PositiveInfinity;
        _speechRun = 0;
        _hangover = 0;
        _sinceSpeech = LearnHoldFrames;
    }
}
