namespace Gateway.Media.Vad;

/// <summary>Which VAD to use (configuration section "Media:Vad").</summary>
public sealed class VadSelection
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "Media:Vad";

    /// <summary>"dsp" (default, measured better on our corpus, see docs/detection.md) or "silero".</summary>
    public string Kind { get; set; } = "dsp";

    /// <summary>Path to silero_vad.onnx (v5), e.g. as fetched by scripts/corpus/fetch-silero.sh.</summary>
    public string? SileroModelPath { get; set; }
}
