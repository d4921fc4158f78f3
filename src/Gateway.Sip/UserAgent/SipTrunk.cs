using Gateway.Sip.Auth;
using Gateway.Sip.Transport;

namespace Gateway.Sip.UserAgent;

/// <summary>Where and as whom calls go out: the next-hop proxy or carrier, identity and credentials.</summary>
public sealed record SipTrunk
{
    public required string Name { get; init; }
    /// <summary>Host name or IP literal of the trunk (RFC 3263 resolution: A/AAAA through the system resolver).</summary>
    public required string Host { get; init; }
    public int Port { get; init; } = 5060;
    public SipTransportKind Transport { get; init; } = SipTransportKind.Udp;
    /// <summary>User part of From; the From host is <see cref="FromHost"/> or the trunk host.</summary>
    public string FromUser { get; init; } = "gateway";
    public string? FromHost { get; init; }
    public string? FromDisplayName { get; init; }
    /// <summary>Value of P-Asserted-Identity (RFC 3325), e.g. "&lt;sip:+4930123@carrier&gt;", or null.</summary>
    public string? PAssertedIdentity { get; init; }
    public DigestCredentials? Credentials { get; init; }
    /// <summary>RFC 4028 Session-Expires we ask for (seconds); null disables session timers on our side.</summary>
    public int? SessionExpires { get; init; } = 1800;
    /// <summary>RFC 4028 §5: our Min-SE (at least 90).</summary>
    public int MinSessionExpires { get; init; } = 90;
}
