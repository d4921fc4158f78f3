namespace Gateway.Fax.T38;

/// <summary>Data-Field field-type values of T.38 Annex A. 0-7 root (3 bits in v0), 8-11 extensions (v1+ only).</summary>
public enum T38FieldType
{
    /// <summary>HDLC octets (part of a frame, no FCS).</summary>
    HdlcData = 0,
    /// <summary>End of the HDLC carrier.</summary>
    HdlcSigEnd,
    /// <summary>The frame just sent ended with a good FCS.</summary>
    HdlcFcsOk,
    /// <summary>The frame just sent ended with a bad FCS.</summary>
    HdlcFcsBad,
    /// <summary>Good FCS and end of carrier.</summary>
    HdlcFcsOkSigEnd,
    /// <summary>Bad FCS and end of carrier.</summary>
    HdlcFcsBadSigEnd,
    /// <summary>Non-ECM image data (and TCF).</summary>
    T4NonEcmData,
    /// <summary>End of non-ECM data (may carry the last octets).</summary>
    T4NonEcmSigEnd,
    /// <summary>V.8 CM message (extension).</summary>
    CmMessage,
    /// <summary>V.8 JM message (extension).</summary>
    JmMessage,
    /// <summary>V.8 CI message (extension).</summary>
    CiMessage,
    /// <summary>V.34 rate (extension).</summary>
    V34Rate,
}
