using Gateway.Fax.Pages;

namespace Gateway.Fax.Coding;

/// <summary>
/// A decoded page. <see cref="BadRows"/> counts rows that could not be decoded (each replaced by the row
/// above, as receivers do); <see cref="EndSeen"/> is false when the data ended without RTC/EOFB.
/// </summary>
public sealed record T4DecodeResult(FaxPage Page, int BadRows, bool EndSeen, string? FirstError)
{
    /// <summary>The most bad rows in a row (a burst of line noise; T.30 §5.3.6.1.7 leaves the threshold to the receiver).</summary>
    public int LongestBadRun { get; init; }
}
