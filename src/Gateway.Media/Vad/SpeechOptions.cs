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

    /// <summary>Cancel the prompt's echo (NLMS, <see cref="Vad.EchoCanceller"/>) before the VAD and the gate (off by default until its false-accept figures are in; docs/detection.md).</summary>
    public bool EchoCanceller { get; set; }

    /// <summary>Echo canceller length: the longest echo delay plus dispersion it covers, ms (G.168: 64 ms tails).</summary>
    public int EchoTailMs { get; set; } = 80;
}
