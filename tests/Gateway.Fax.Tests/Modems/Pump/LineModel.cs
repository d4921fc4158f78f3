namespace Gateway.Fax.Tests.Modems.Pump;

/// <summary>Which direction of the call a 20 ms frame may be dropped in.</summary>
public enum DropDirection
{
    Both,
    /// <summary>Only frames we send (libspandsp's receivers lose them).</summary>
    ToThem,
    /// <summary>Only frames libspandsp sends (our V.21 receiver loses them).</summary>
    ToUs,
}

/// <summary>
/// An impairment of one of our transmissions only: from <paramref name="From"/> to <paramref name="To"/> after the
/// start of our <paramref name="Occurrence"/>-th (1-based) transmission of <paramref name="Kind"/>, the line
/// drops the audio (<paramref name="SnrDb"/> null) or adds noise at <paramref name="SnrDb"/>. Transmissions are
/// counted separately on V.21 and on the image modems (<paramref name="ImageModem"/>).
/// </summary>
public sealed record Burst(Gateway.Fax.T30.T30CommandKind Kind, int Occurrence, TimeSpan From, TimeSpan To, double? SnrDb = null, bool ImageModem = true);

/// <summary>
/// How the line between the two terminals treats the audio (both directions alike).
/// </summary>
/// <param name="Law">"alaw" or "ulaw".</param>
/// <param name="SnrDb">Signal-to-noise ratio of white Gaussian noise against a −10 dBm0 signal after <paramref name="LossDb"/>.</param>
/// <param name="Ppm">Our sample clock's offset from theirs (applied to what we send).</param>
/// <param name="DropProbability">Chance that a 20 ms frame is replaced by silence.</param>
/// <param name="Seed">Random seed.</param>
/// <param name="GatedNoise">
/// True: noise only where a signal is (the SNR while a modem sends; the idle line is quiet): sample by sample where
/// the transmission has energy (<see cref="SignalGate"/>), so a modem's own silent training segment stays silent.
/// False: a continuous noise floor, also in the gaps between transmissions.
/// </param>
/// <param name="LossDb">Attenuation of the line (a −10 dBm0 image signal arrives at −10 − LossDb dBm0).</param>
/// <param name="Drops">Which direction frames are dropped in.</param>
/// <param name="Bursts">Impairments of particular transmissions of ours (e.g. only during the first TCF).</param>
/// <param name="FrameGatedNoise">
/// With <paramref name="GatedNoise"/>: the session-3 model instead, noise over every whole 20 ms frame that carries
/// some signal (so it starts up to 20 ms before a transmission's first energy: in V.27 ter's silent segment 2).
/// </param>
public sealed record LineModel(
    string Law = "alaw",
    double SnrDb = double.PositiveInfinity,
    double Ppm = 0,
    double DropProbability = 0,
    int Seed = 1,
    bool GatedNoise = true,
    double LossDb = 0,
    DropDirection Drops = DropDirection.Both,
    IReadOnlyList<Burst>? Bursts = null,
    bool FrameGatedNoise = false)
{
    /// <summary>The noise level in dBm0.</summary>
    public double NoiseDbm0 => -10 - LossDb - SnrDb;
}
