namespace Gateway.Sip.Sdp;

/// <summary>c= line (RFC 8866 §5.7): network type, address type, address (TTL/count suffixes kept in the address).</summary>
public sealed record SdpConnection(string NetType, string AddrType, string Address)
{
    public static SdpConnection For(System.Net.IPAddress a) =>
        new("IN", a.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? "IP6" : "IP4", a.ToString());

    /// <summary>RFC 3264 §8.4 legacy hold: c=IN IP4 0.0.0.0.</summary>
    public bool IsLegacyHold => Address == "0.0.0.0";

    public override string ToString() => $"{NetType} {AddrType} {Address}";
}
