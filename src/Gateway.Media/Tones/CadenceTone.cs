namespace Gateway.Media.Tones;

/// <summary>
/// One call-progress tone of a national plan: its frequencies (one, or two summed) and its on/off cadence.
/// An <see cref="OffMs"/> of 3 s or more marks a ringback-like cadence, declared after one matching "on"
/// followed by <see cref="CallProgressDetector.RingbackOffMs"/> of silence.
/// </summary>
/// <param name="Kind">Busy, congestion or ringback.</param>
/// <param name="Name">Where it comes from, for logs and docs.</param>
/// <param name="Frequency1">First frequency in Hz.</param>
/// <param name="Frequency2">Second frequency in Hz, or 0 for a single tone.</param>
/// <param name="OnMs">Nominal tone-on time.</param>
/// <param name="OffMs">Nominal tone-off time.</param>
public sealed record CadenceTone(ToneKind Kind, string Name, double Frequency1, double Frequency2, int OnMs, int OffMs)
{
    /// <summary>True when the cadence is one long burst then a long pause.</summary>
    public bool IsRingbackLike => OffMs >= 3000;

    /// <summary>Accepted deviation for a segment: ±15 % (GOST 45-223-2001 / ETSI TR 101 041) plus 20 ms for framing.</summary>
    public static int Tolerance(int nominalMs) => (nominalMs * 15 / 100) + 20;
}
