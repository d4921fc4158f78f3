namespace Gateway.Fax.T30.Frames;

/// <summary>
/// The minimum scan line time code of T.30 Table 2 bits 21-23, as the value b21 + 2·b22 + 4·b23.
/// "Half" codes mean the time at fine resolution is half the standard time.
/// </summary>
public enum MinScanLineTime
{
    /// <summary>20 ms.</summary>
    Ms20 = 0,
    /// <summary>5 ms.</summary>
    Ms5 = 1,
    /// <summary>10 ms.</summary>
    Ms10 = 2,
    /// <summary>20 ms at standard, 10 ms at fine (DIS only).</summary>
    Ms20HalfAtFine = 3,
    /// <summary>40 ms.</summary>
    Ms40 = 4,
    /// <summary>40 ms at standard, 20 ms at fine (DIS only).</summary>
    Ms40HalfAtFine = 5,
    /// <summary>10 ms at standard, 5 ms at fine (DIS only).</summary>
    Ms10HalfAtFine = 6,
    /// <summary>0 ms.</summary>
    Ms0 = 7,
}
