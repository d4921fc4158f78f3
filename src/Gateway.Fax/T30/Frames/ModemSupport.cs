namespace Gateway.Fax.T30.Frames;

/// <summary>Image modems a terminal offers in DIS/DTC (T.30 Table 2 bits 11-14).</summary>
[Flags]
public enum ModemSupport
{
    /// <summary>Nothing (not valid on the line: V.27 ter fallback is always implied).</summary>
    None = 0,
    /// <summary>V.27 ter 2400 and 4800.</summary>
    V27ter = 1,
    /// <summary>V.29 7200 and 9600.</summary>
    V29 = 2,
    /// <summary>V.17 7200 to 14400.</summary>
    V17 = 4,
}
