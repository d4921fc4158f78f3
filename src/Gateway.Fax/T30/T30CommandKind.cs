namespace Gateway.Fax.T30;

/// <summary>What the physical layer (modem pump or T.38 terminal) is asked to do.</summary>
public enum T30CommandKind
{
    /// <summary>
    /// Send <see cref="T30Command.Frames"/> as HDLC frames with <see cref="T30Command.Modem"/>: V.21 control
    /// frames (preceded by a 1 s flag preamble, T.30 §5.3.1) or ECM image frames at the image modem
    /// (preceded by 200 ms of flags). The physical layer adds flags, FCS and bit stuffing (audio) or the
    /// IFP fields (T.38). Then report <see cref="T30Session.OnTransmitComplete"/>.
    /// </summary>
    SendHdlc,
    /// <summary>Send the training check: <see cref="T30Command.Duration"/> (1.5 s) of zeros at <see cref="T30Command.Modem"/> after its training (T.30 §5.3.2.1).</summary>
    SendTcf,
    /// <summary>
    /// Send one non-ECM page at <see cref="T30Command.Modem"/>: train, then pull T.4 data with
    /// <see cref="T30Session.ReadImageData"/> until it returns 0, then drop the carrier.
    /// </summary>
    SendImage,
    /// <summary>Send nothing for <see cref="T30Command.Duration"/> (the 75 ms gap between modulations, T.30 §5.3.2.4; 1 s before DCN's hang-up).</summary>
    Silence,
    /// <summary>
    /// From now on, listen for <see cref="T30Command.Modem"/> carrying <see cref="T30Command.Expect"/>, while still
    /// watching V.21 for HDLC flags (a transmitter may give up and send a command instead). Not a transmission:
    /// no <see cref="T30Session.OnTransmitComplete"/> follows.
    /// </summary>
    Receive,
    /// <summary>The call is over: release the line. <see cref="T30Session.Result"/> holds the outcome.</summary>
    HangUp,
    /// <summary>
    /// Not a transmission: end every transmission issued before this command. The one on the line ends at once
    /// the way its modem ends a signal (audio: the bit source stops and the modulator sends its turn-off; an
    /// HDLC frame cut short is aborted by those marking ones, ISO/IEC 13239 §4.3.2; T.38: sig-end, then
    /// no-signal); those not started are dropped. <see cref="T30Session.OnTransmitComplete"/> follows once for
    /// each of them, so the count stays exact. The session sends it when the far end shows it no longer
    /// receives what we send (DIS or DCN heard during our image transmission).
    /// </summary>
    AbortTransmission,
}
