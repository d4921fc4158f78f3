namespace Gateway.Fax.T30;

/// <summary>
/// The modulations T.30 uses: V.21 channel 2 for control (300 bit/s) and the image modems of the
/// fallback list (T.30 §5.3.2 and Table 2 bits 11-14).
/// </summary>
public enum FaxModem
{
    /// <summary>V.21 channel 2, 300 bit/s: HDLC control frames.</summary>
    V21 = 0,
    /// <summary>V.27 ter at 2400 bit/s.</summary>
    V27ter2400,
    /// <summary>V.27 ter at 4800 bit/s.</summary>
    V27ter4800,
    /// <summary>V.29 at 7200 bit/s.</summary>
    V29_7200,
    /// <summary>V.29 at 9600 bit/s.</summary>
    V29_9600,
    /// <summary>V.17 at 7200 bit/s.</summary>
    V17_7200,
    /// <summary>V.17 at 9600 bit/s.</summary>
    V17_9600,
    /// <summary>V.17 at 12000 bit/s.</summary>
    V17_12000,
    /// <summary>V.17 at 14400 bit/s.</summary>
    V17_14400,
}
