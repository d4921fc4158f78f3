using Gateway.Sip.Auth;
using Gateway.Sip.Transport;

namespace Gateway.Sip.UserAgent;

/// <summary>Where and as whom calls go out: the next-hop proxy or carrier, identity and credentials.</summary>
public sealed record SipTrunk
{
    public required string Name { get; init; }
    /// <summary>Host name or IP literal of the trunk (RFC 3263 resolution through the agent's <see cref="Resolution.SipResolver"/>: NAPTR, SRV, A/AAAA).</summary>
    public required string Host { get; init; }
    int? _port;

    /// <summary>Port of the trunk; when not set, 5061 for TLS and 5060 otherwise (RFC 3261 §19.1.2), and SRV may choose (RFC 3263 §4.2).</summary>
    public int Port { get => _port ?? (Transport == SipTransportKind.Tls ? 5061 : 5060); init => _port = value; }

    /// <summary>True when <see cref="Port"/> was given (RFC 3263 §4.2: then no SRV lookup).</summary>
    public bool HasExplicitPort => _port is not null;

    public SipTransportKind Transport { get; init; } = SipTransportKind.Udp;

    /// <summary>
    /// True when the trunk's URI named no transport and no port on a host name: RFC 3263 §4.1 then lets the
    /// domain's NAPTR and SRV records choose among the transports the agent has, and <see cref="Transport"/>
    /// (UDP, or TLS for sips) is only what is used when DNS has neither.
    /// </summary>
    public bool TransportFromDns { get; init; }

    /// <summary>
    /// RFC 3261 §18.1.1: a request over the agent's large-request threshold goes over TCP to this trunk.
    /// False keeps everything on UDP (a carrier without TCP).
    /// </summary>
    public bool TcpForLargeRequests { get; init; } = true;

    /// <summary>How the trunk's TLS certificate is checked (<see cref="SipTransportKind.Tls"/> only); null = chain and name validation.</summary>
    public SipTlsClientOptions? Tls { get; init; }
    /// <summary>User part of From; the From host is <see cref="FromHost"/> or the trunk host.</summary>
    public string FromUser { get; init; } = "gateway";
    public string? FromHost { get; init; }
    public string? FromDisplayName { get; init; }
    /// <summary>Value of P-Asserted-Identity (RFC 3325), e.g. "&lt;sip:+4930123@carrier&gt;", or null.</summary>
    public string? PAssertedIdentity { get; init; }
    public DigestCredentials? Credentials { get; init; }
    /// <summary>RFC 4028 Session-Expires we ask for (seconds); null disables session timers on our side.</summary>
    public int? SessionExpires { get; init; } = 1800;
    /// <summary>True when the trunk needs REGISTER before it takes calls (run a <see cref="SipRegistration"/> for it).</summary>
    public bool Register { get; init; }

    /// <summary>User part of the address-of-record we register; null uses <see cref="FromUser"/>.</summary>
    public string? RegisterUser { get; init; }

    /// <summary>Expires we ask for in REGISTER (seconds); the registrar may grant less.</summary>
    public int RegisterExpires { get; init; } = 3600;

    /// <summary>Wait before trying again after a failed REGISTER.</summary>
    public TimeSpan RegisterRetryInterval { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Time between OPTIONS keepalive probes (<see cref="SipTrunkKeepalive"/>), counted from the end of the previous probe.</summary>
    public TimeSpan KeepaliveInterval { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Consecutive failed probes (no response, transport error or 503) before the trunk is down.</summary>
    public int KeepaliveFailuresToDown { get; init; } = 2;

    /// <summary>RFC 4028 §5: our Min-SE (at least 90).</summary>
    public int MinSessionExpires { get; init; } = 90;
}
