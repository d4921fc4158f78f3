namespace Gateway.Sip.Sdp;

/// <summary>A typed SDP parse failure with the 1-based line number and the line text.</summary>
public sealed record SdpParseError(int LineNumber, string Line, string Detail)
{
    public override string ToString() => $"SDP line {LineNumber}: {Detail} ('{Line}')";
}
