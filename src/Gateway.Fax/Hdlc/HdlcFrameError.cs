namespace Gateway.Fax.Hdlc;

/// <summary>Why a received HDLC frame was rejected.</summary>
public enum HdlcFrameError
{
    /// <summary>No error.</summary>
    None,
    /// <summary>The FCS did not match (T.30 §5.3.7); T.30 treats it as "frame received with errors".</summary>
    BadFcs,
    /// <summary>Seven or more consecutive ones arrived inside a frame (ISO/IEC 13239 §4.4.1).</summary>
    Aborted,
    /// <summary>The bits between two flags were not a whole number of octets.</summary>
    NotOctetAligned,
    /// <summary>Fewer than three octets (one octet and an FCS) between flags.</summary>
    TooShort,
    /// <summary>Longer than the deframer's maximum frame length.</summary>
    TooLong,
}
