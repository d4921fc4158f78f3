namespace Gateway.Fax.T30;

/// <summary>
/// One instruction from <see cref="T30Session"/> to its physical layer. Transmissions (SendHdlc, SendTcf,
/// SendImage, Silence) run one after another in the order given; after each the physical layer calls
/// <see cref="T30Session.OnTransmitComplete"/> once.
/// </summary>
public sealed class T30Command
{
    private T30Command(T30CommandKind kind, FaxModem modem, IReadOnlyList<byte[]> frames, TimeSpan duration, T30ReceiveContent expect, bool shortTraining)
    {
        Kind = kind;
        Modem = modem;
        Frames = frames;
        Duration = duration;
        Expect = expect;
        ShortTraining = shortTraining;
    }

    /// <summary>What to do.</summary>
    public T30CommandKind Kind { get; }

    /// <summary>The modulation: V.21 for control frames, otherwise the image modem.</summary>
    public FaxModem Modem { get; }

    /// <summary>For <see cref="T30CommandKind.SendHdlc"/>: frames (address, control, FCF, FIF; no FCS), in order.</summary>
    public IReadOnlyList<byte[]> Frames { get; }

    /// <summary>For SendTcf and Silence: how long.</summary>
    public TimeSpan Duration { get; }

    /// <summary>For <see cref="T30CommandKind.Receive"/>: what to expect on the image modem.</summary>
    public T30ReceiveContent Expect { get; }

    /// <summary>V.17 only: use the short training sequence (allowed after a successful long one, T.30 §5.3.2.3).</summary>
    public bool ShortTraining { get; }

    /// <summary>Send HDLC frames.</summary>
    public static T30Command SendHdlc(FaxModem modem, IReadOnlyList<byte[]> frames) => new(T30CommandKind.SendHdlc, modem, frames, TimeSpan.Zero, T30ReceiveContent.Control, false);

    /// <summary>Send TCF.</summary>
    public static T30Command SendTcf(FaxModem modem, TimeSpan duration) => new(T30CommandKind.SendTcf, modem, [], duration, T30ReceiveContent.Control, false);

    /// <summary>Send a non-ECM page.</summary>
    public static T30Command SendImage(FaxModem modem, bool shortTraining) => new(T30CommandKind.SendImage, modem, [], TimeSpan.Zero, T30ReceiveContent.Control, shortTraining);

    /// <summary>Stay silent.</summary>
    public static T30Command Silence(TimeSpan duration) => new(T30CommandKind.Silence, FaxModem.V21, [], duration, T30ReceiveContent.Control, false);

    /// <summary>Listen.</summary>
    public static T30Command Receive(FaxModem modem, T30ReceiveContent expect) => new(T30CommandKind.Receive, modem, [], TimeSpan.Zero, expect, false);

    /// <summary>End the transmissions issued before this command (see <see cref="T30CommandKind.AbortTransmission"/>).</summary>
    public static T30Command AbortTransmission() => new(T30CommandKind.AbortTransmission, FaxModem.V21, [], TimeSpan.Zero, T30ReceiveContent.Control, false);

    /// <summary>Hang up.</summary>
    public static T30Command HangUp() => new(T30CommandKind.HangUp, FaxModem.V21, [], TimeSpan.Zero, T30ReceiveContent.Control, false);

    /// <inheritdoc />
    public override string ToString() => Kind switch
    {
        T30CommandKind.SendHdlc => $"SendHdlc {Modem} [{string.Join(", ", Frames.Select(f => f.Length > 2 ? T30Fcf.Name(f[2]) : "?"))}]",
        T30CommandKind.SendTcf => $"SendTcf {Modem} {Duration.TotalMilliseconds} ms",
        T30CommandKind.SendImage => $"SendImage {Modem}",
        T30CommandKind.Silence => $"Silence {Duration.TotalMilliseconds} ms",
        T30CommandKind.Receive => $"Receive {Modem} {Expect}",
        _ => Kind.ToString(),
    };
}
