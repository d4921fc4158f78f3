namespace Gateway.Fax.T30;

/// <summary>Facts about each <see cref="FaxModem"/>: bit rate, family, the fallback order and training times.</summary>
public static class FaxModemInfo
{
    /// <summary>
    /// The order T.30 transmitters step down after FTT (T.30 §5.3.2; the same list as spandsp's
    /// fallback_sequence): 14400 → 12000 → 9600 (V.17) → 9600 (V.29) → 7200 (V.17) → 7200 (V.29) → 4800 → 2400.
    /// </summary>
    public static IReadOnlyList<FaxModem> FallbackOrder { get; } =
    [
        FaxModem.V17_14400, FaxModem.V17_12000, FaxModem.V17_9600, FaxModem.V29_9600,
        FaxModem.V17_7200, FaxModem.V29_7200, FaxModem.V27ter4800, FaxModem.V27ter2400,
    ];

    /// <summary>The signalling rate in bit/s.</summary>
    public static int BitRate(this FaxModem modem) => modem switch
    {
        FaxModem.V21 => 300,
        FaxModem.V27ter2400 => 2400,
        FaxModem.V27ter4800 => 4800,
        FaxModem.V29_7200 or FaxModem.V17_7200 => 7200,
        FaxModem.V29_9600 or FaxModem.V17_9600 => 9600,
        FaxModem.V17_12000 => 12000,
        FaxModem.V17_14400 => 14400,
        _ => throw new ArgumentOutOfRangeException(nameof(modem)),
    };

    /// <summary>True for V.17 (its training can be long or short, V.17 §1.5).</summary>
    public static bool IsV17(this FaxModem modem) => modem is >= FaxModem.V17_7200 and <= FaxModem.V17_14400;

    /// <summary>True for V.29.</summary>
    public static bool IsV29(this FaxModem modem) => modem is FaxModem.V29_7200 or FaxModem.V29_9600;

    /// <summary>True for V.27 ter.</summary>
    public static bool IsV27ter(this FaxModem modem) => modem is FaxModem.V27ter2400 or FaxModem.V27ter4800;

    /// <summary>
    /// How long the modem's training sequence lasts before data (V.27 ter §2.5, V.29 §3, V.17 §1.5);
    /// the values spandsp uses to pace T.38 (t38_core.c). V.21 returns the 1 s HDLC flag preamble (T.30 §5.3.1).
    /// </summary>
    public static TimeSpan TrainingTime(this FaxModem modem, bool shortTraining = false) => modem switch
    {
        FaxModem.V21 => TimeSpan.FromSeconds(1),
        FaxModem.V27ter2400 => TimeSpan.FromMilliseconds(943),
        FaxModem.V27ter4800 => TimeSpan.FromMilliseconds(708),
        FaxModem.V29_7200 or FaxModem.V29_9600 => TimeSpan.FromMilliseconds(234),
        _ when modem.IsV17() => shortTraining ? TimeSpan.FromMilliseconds(142) : TimeSpan.FromMilliseconds(1393),
        _ => throw new ArgumentOutOfRangeException(nameof(modem)),
    };
}
