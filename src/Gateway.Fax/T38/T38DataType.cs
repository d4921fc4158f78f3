namespace Gateway.Fax.T38;

/// <summary>T30-data values of T.38 Annex A: the modulation that carried the data. 0-8 root, 9-14 extensions (v1+).</summary>
public enum T38DataType
{
    /// <summary>V.21 channel 2 (HDLC control).</summary>
    V21 = 0,
    /// <summary>V.27 ter 2400.</summary>
    V27ter2400,
    /// <summary>V.27 ter 4800.</summary>
    V27ter4800,
    /// <summary>V.29 7200.</summary>
    V29_7200,
    /// <summary>V.29 9600.</summary>
    V29_9600,
    /// <summary>V.17 7200.</summary>
    V17_7200,
    /// <summary>V.17 9600.</summary>
    V17_9600,
    /// <summary>V.17 12000.</summary>
    V17_12000,
    /// <summary>V.17 14400.</summary>
    V17_14400,
    /// <summary>V.8 (extension).</summary>
    V8,
    /// <summary>V.34 primary rate (extension).</summary>
    V34PriRate,
    /// <summary>V.34 CC 1200 (extension).</summary>
    V34Cc1200,
    /// <summary>V.34 primary channel (extension).</summary>
    V34PriCh,
    /// <summary>V.33 12000 (extension).</summary>
    V33_12000,
    /// <summary>V.33 14400 (extension).</summary>
    V33_14400,
}
