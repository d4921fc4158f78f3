using Gateway.Hosting;
using Gateway.Media.Classification;
using Gateway.Media.Vad;

namespace Gateway.Telephony;

/// <summary>
/// The detection settings of every call, from <c>Media:AnswerClassifier</c>, <c>Media:Reply</c>, <c>Media:Speech</c>
/// and <c>Media:Vad</c> (defaults and measured effect: docs/detection.md).
/// </summary>
public sealed class DetectionOptions
{
    /// <summary>Who answered: timing rules after Asterisk AMD's (<c>Media:AnswerClassifier</c>).</summary>
    public AnswerClassifierOptions AnswerClassifier { get; init; } = new();

    /// <summary>The "да" after (and during) the prompt (<c>Media:Reply</c>).</summary>
    public ReplyDetectorOptions Reply { get; init; } = new();

    /// <summary>Frame decisions: echo canceller, gate, double talk (<c>Media:Speech</c>).</summary>
    public SpeechOptions Speech { get; init; } = new();

    /// <summary>The VAD: <c>dsp</c> (default) or <c>silero</c> with a model file (<c>Media:Vad</c>).</summary>
    public VadSelection Vad { get; init; } = new();

    /// <summary>Reads the four sections; absent keys keep their defaults.</summary>
    public static DetectionOptions FromConfiguration(IConfiguration config) => new()
    {
        AnswerClassifier = GatewayHost.Bind<AnswerClassifierOptions>(config, "Media:AnswerClassifier"),
        Reply = GatewayHost.Bind<ReplyDetectorOptions>(config, "Media:Reply"),
        Speech = GatewayHost.Bind<SpeechOptions>(config, "Media:Speech"),
        Vad = GatewayHost.Bind<VadSelection>(config, "Media:Vad"),
    };

    /// <summary>
    /// Why the configured VAD cannot be used (Silero chosen but its model file missing: calls then use the DSP
    /// detector), or null when it can.
    /// </summary>
    public string? VadFallbackReason()
    {
        if (!string.Equals(Vad.Kind, "silero", StringComparison.OrdinalIgnoreCase))
        {
            return string.Equals(Vad.Kind, "dsp", StringComparison.OrdinalIgnoreCase) ? null : $"Media:Vad:Kind '{Vad.Kind}' is not dsp or silero; using the DSP VAD";
        }

        return string.IsNullOrEmpty(Vad.SileroModelPath) || !File.Exists(Vad.SileroModelPath)
            ? $"Media:Vad:SileroModelPath '{Vad.SileroModelPath}' not found; using the DSP VAD"
            : null;
    }
}
