namespace Gateway.Media.Vad;

/// <summary>
/// Creates the configured VAD: "dsp" (default) or "silero" when <see cref="VadSelection.SileroModelPath"/> exists.
/// A missing model falls back to the DSP detector and says so in <see cref="VadSelection"/>, so a node without
/// the optional model still runs.
/// </summary>
public static class VoiceActivityDetectorFactory
{
    /// <summary>Creates a detector per call (detectors keep per-call state).</summary>
    public static IVoiceActivityDetector Create(VadSelection selection, out string? fallbackReason)
    {
        ArgumentNullException.ThrowIfNull(selection);
        fallbackReason = null;
        if (!string.Equals(selection.Kind, "silero", StringComparison.OrdinalIgnoreCase))
        {
            return new DspVoiceActivityDetector();
        }

        if (string.IsNullOrEmpty(selection.SileroModelPath) || !File.Exists(selection.SileroModelPath))
        {
            fallbackReason = $"Silero model '{selection.SileroModelPath}' not found; using the DSP VAD.";
            return new DspVoiceActivityDetector();
        }

        return new SileroVoiceActivityDetector(selection.SileroModelPath);
    }
}
