namespace Gateway.Fax.T30;

/// <summary>What the session expects on the image modem when it issues <see cref="T30CommandKind.Receive"/>.</summary>
public enum T30ReceiveContent
{
    /// <summary>V.21 HDLC control frames only.</summary>
    Control,
    /// <summary>The training check: measure the longest run of zero bits and report <see cref="T30Session.OnTcfReceived"/>.</summary>
    Tcf,
    /// <summary>Non-ECM T.4/T.6 page data: report it with <see cref="T30Session.OnImageData"/>.</summary>
    Image,
    /// <summary>ECM: HDLC frames at the image modem, reported with <see cref="T30Session.OnHdlcFrame"/>.</summary>
    EcmFrames,
}
