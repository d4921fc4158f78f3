namespace Gateway.Fax.Modems.Pump;

/// <summary>Settings of a <see cref="FaxModemPump"/>.</summary>
public sealed record FaxModemPumpOptions
{
    /// <summary>Image modem transmit level (−10 dBm0 by default).</summary>
    public double ImageLevelDbm0 { get; init; } = -10;

    /// <summary>V.21 transmit level.</summary>
    public double V21LevelDbm0 { get; init; } = -14;

    /// <summary>Send the talker echo protection tone before image modem training.</summary>
    public bool Tep { get; init; }

    /// <summary>V.21 HDLC preamble (T.30 §5.3.1: 1 s ± 15 %).</summary>
    public TimeSpan V21Preamble { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Flags before ECM frames at the image rate (T.30 §5.3.1 asks for 200 ms).</summary>
    public TimeSpan ImagePreamble { get; init; } = TimeSpan.FromMilliseconds(200);
}
