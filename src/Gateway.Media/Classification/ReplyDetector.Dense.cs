using Gateway.Media.Vad;

namespace Gateway.Media.Classification;

/// <summary>
/// Dense babble (session 8). The contrast rule asks 7 dB over the upper quartile of the line around an utterance wherever
/// that line fluctuates, because a crowd of a few talkers makes syllables that stand 7–13 dB over it: when most of them
/// pause, one talker speaks alone (docs/detection.md, sessions 5–7). A babble of many talkers has no such gaps: its level
/// moves within a narrow band, so its own frames seldom rise 5 dB over its upper quartile, while a "да" said 5 dB over it
/// stands 5–7 dB over that quartile and was lost to the 7 dB rule (17 of the 27 first-prompt misses at 5 dB SNR on the
/// tuning set). How dense the background is can be read from the VAD's own model of it, learned since the answer: the
/// spread of its background frame levels over the last 3 s (<see cref="DspVoiceActivityDetector.BackgroundPercentileDbm0"/>,
/// 90th less 10th percentile; frames of a reply or greeting are kept out of it by the VAD). Where that spread is at most
/// <see cref="ReplyDetectorOptions.DenseBackgroundSpreadDb"/> (10 dB; the tuning set's babble behind a reply 6.5–10 dB, every
/// crowd-only candidate utterance in 4,800 reply windows 10.5 dB or more) an utterance needs only
/// <see cref="ReplyDetectorOptions.DenseContrastDb"/> (5 dB). Only for babble: not over steady noise (a spread under
/// <see cref="DenseMinBackgroundSpreadDb"/>, where the steady-context rule applies, and where a fluctuating 800 ms context
/// means our prompt's residual echo), and not for an utterance heard while the echo gate was active (over the prompt or its
/// tail: echo-only prompts must never gain a lower bar). Read once when an utterance begins (two walks of a 280-bin
/// histogram), never per frame; allocation-free. Another VAD (Silero) has no such model: the rule is then off.
/// </summary>
public sealed partial class ReplyDetector
{
    /// <summary>Background frames the VAD's 3 s histogram must hold before its spread is trusted (2 s).</summary>
    public const int DenseMinBackgroundFrames = 100;

    /// <summary>The VAD's background spread over 3 s (90th less 10th percentile, dB) when the last utterance began; NaN when unknown.</summary>
    public double LastBackgroundRangeDb { get; private set; } = double.NaN;

    /// <summary>
    /// A background spread under this (dB) is steady noise, not babble (white or line noise: 1–3.5 dB over 3 s; the corpus
    /// babble behind a reply 6.5 dB or more): a fluctuating context over it is our prompt's residual echo or the utterance's
    /// own neighbourhood, which the rule is not about.
    /// </summary>
    public const double DenseMinBackgroundSpreadDb = 4;

    private bool DenseBackground =>
        _options.DenseBackgroundSpreadDb > 0 && !_underEcho
        && LastBackgroundRangeDb >= DenseMinBackgroundSpreadDb && LastBackgroundRangeDb <= _options.DenseBackgroundSpreadDb;

    private void DenseStart() =>
        LastBackgroundRangeDb = Speech.Vad is DspVoiceActivityDetector dsp && dsp.BackgroundFrames >= DenseMinBackgroundFrames
            ? dsp.BackgroundPercentileDbm0(0.9) - dsp.BackgroundPercentileDbm0(0.1)
            : double.NaN;
}
