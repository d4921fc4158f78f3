using Gateway.Media.Vad;

namespace Gateway.Media.Tests.Evaluation;

/// <summary>
/// The VAD the evaluation runs: the DSP detector, or Silero when GATEWAY_MEDIA_SILERO_MODEL names the model
/// file (scripts/corpus/fetch-silero.sh). Used to compare the two on the same corpus.
/// </summary>
public static class EvaluationVad
{
    public static string? SileroModel => Environment.GetEnvironmentVariable("GATEWAY_MEDIA_SILERO_MODEL") is { Length: > 0 } p && File.Exists(p) ? p : null;

    public static string Name => SileroModel is null ? "dsp" : "silero";

    public static SpeechDetector CreateSpeech() =>
        new(SileroModel is { } model ? new SileroVoiceActivityDetector(model) : CreateDsp());

    // Experiment knobs (GATEWAY_MEDIA_VAD_<PROPERTY>); unset: the shipped defaults.
    private static DspVoiceActivityDetector CreateDsp()
    {
        var d = new DspVoiceActivityDetector();
        return new DspVoiceActivityDetector
        {
            OnsetDb = Knob("ONSET", d.OnsetDb),
            HangDb = Knob("HANG", d.HangDb),
            TailPercentile = Knob("TAILP", d.TailPercentile),
            TailOffsetDb = Knob("TAILOFFSET", d.TailOffsetDb),
            TailExcludeDb = Knob("TAILEXCLUDE", d.TailExcludeDb),
            TailMinFrames = (int)Knob("TAILMIN", d.TailMinFrames),
            TailHoldDropDb = Knob("TAILDROP", d.TailHoldDropDb),
        };
    }

    private static double Knob(string name, double value) =>
        double.TryParse(Environment.GetEnvironmentVariable("GATEWAY_MEDIA_VAD_" + name), System.Globalization.CultureInfo.InvariantCulture, out var v) ? v : value;
}
