using System.Net;

namespace Gateway.Sip.Transport;

/// <summary>A transport plus an IP endpoint: where a message goes or came from.</summary>
public readonly record struct SipEndPoint(SipTransportKind Transport, IPEndPoint EndPoint)
{
    public bool IsReliable => Transport != SipTransportKind.Udp;

    public string ViaTransport => Transport switch { SipTransportKind.Tcp => "TCP", SipTransportKind.Tls => "TLS", _ => "UDP" };

    public override string ToString() => $"{ViaTransport}:{EndPoint}";
}
