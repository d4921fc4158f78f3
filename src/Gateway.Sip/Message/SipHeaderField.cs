namespace Gateway.Sip.Message;

/// <summary>
/// One header line. A parsed field refers to its value bytes in the message source (no string is made
/// until asked); a field set by code carries a string.
/// </summary>
internal readonly struct SipHeaderField(string name, string? text, int start, int length)
{
    public readonly string Name = name;
    public readonly string? Text = text;
    public readonly int Start = start;
    public readonly int Length = length;
}
