namespace Gateway.Media.Tones;

/// <summary>Level and purity thresholds shared by the tone detectors.</summary>
public sealed class ToneThresholds
{
    /// <summary>
    /// Minimum level of a tone frame. −43.5 dBm0 sits between the "detect at −43 dBm0" and "reject at
    /// −44 dBm0" limits used for answer tones (V.25/T.30 receivers, as in spandsp's modem_connect_tones tests).
    /// </summary>
    public double MinLevelDbm0 { get; set; } = -43.5;

    /// <summary>
    /// Minimum tone-to-total power ratio of a tone frame (0.5 = the tone carries half the frame's power).
    /// With a 160-sample Hann window this accepts a tone up to about ±37 Hz off nominal and rejects it
    /// beyond about ±45 Hz.
    /// </summary>
    public double MinPurity { get; set; } = 0.5;

    /// <summary>Default thresholds.</summary>
    public static ToneThresholds Default { get; } = new();
}
