namespace Gateway.Sip.Sdp;

/// <summary>a= line (RFC 8866 §5.13): a property attribute (no value) or name:value.</summary>
public sealed record SdpAttribute(string Name, string? Value)
{
    public override string ToString() => Value is null ? Name : Name + ":" + Value;
}
