namespace Gateway.Sip.Parsing;

/// <summary>A typed parse failure with the 1-based line number and the text of the offending line.</summary>
public sealed record SipParseError(SipParseErrorKind Kind, int LineNumber, string Line, string Detail)
{
    /// <summary>The status a UAS answers with for this error (RFC 3261 §8.2.2–§8.2.3, §21.5.20).</summary>
    public int SuggestedStatus => Kind switch
    {
        SipParseErrorKind.UnsupportedVersion => 505,
        _ => 400,
    };

    public override string ToString() => $"{Kind} at line {LineNumber}: {Detail} ('{Line}')";
}
