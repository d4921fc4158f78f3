namespace Gateway.Sip.Sdp;

/// <summary>o= line (RFC 8866 §5.2). The version goes up by one for each changed offer (RFC 3264 §8).</summary>
public sealed record SdpOrigin(string UserName, ulong SessionId, ulong SessionVersion, string NetType, string AddrType, string Address)
{
    public override string ToString() => $"{UserName} {SessionId} {SessionVersion} {NetType} {AddrType} {Address}";
}
