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
}
