using System.Net;

namespace Gateway.Sip.Transport;

/// <summary>A transport plus an IP endpoint: where a message goes or came from.</summary>
public readonly record struct SipEndPoint(SipTransportKind Transport, IPEndPoint EndPoint)
{
    /// <summary>
    /// The host name the destination was resolved from (TLS: SNI and the name the certificate must
    /// match, RFC 5922 §7); null for IP literals and received messages.
    /// </summary>
    public string? ServerName { get; init; }

    public bool IsReliable => Transport != SipTransportKind.Udp;

    public string ViaTransport => Transport switch { SipTransportKind.Tcp => "TCP", SipTransportKind.Tls => "TLS", _ => "UDP" };

    public override string ToString() => $"{ViaTransport}:{EndPoint}";
}
