using System.Net.Sockets;

namespace Gateway.Sip.Resolution;

/// <summary>
/// A DNS query failed; <see cref="Kind"/> says how. NXDOMAIN is not an error (an empty answer). It is a
/// <see cref="SocketException"/> (HostNotFound, TryAgain for timeouts) so callers that handle a name that
/// does not resolve handle this too.
/// </summary>
public sealed class DnsException : SocketException
{
    public DnsException(DnsErrorKind kind, string message)
        : base((int)(kind is DnsErrorKind.Timeout or DnsErrorKind.Network ? SocketError.TryAgain : SocketError.HostNotFound), message) => Kind = kind;

    public DnsException() : this(DnsErrorKind.Malformed, "DNS error") { }

    public DnsException(string message) : this(DnsErrorKind.Malformed, message) { }

    public DnsErrorKind Kind { get; }

    /// <summary>The response code when <see cref="Kind"/> is <see cref="DnsErrorKind.ServerError"/> (RFC 1035 §4.1.1).</summary>
    public int ResponseCode { get; init; }
}
