using System.Collections.Concurrent;
using System.Net;
using Gateway.Sip.Resolution;
using Gateway.Sip.UserAgent;

namespace Gateway.Sip.Transport;

/// <summary>
/// The addresses a user agent accepts SIP requests from (its trunks, a simulator): a request from any
/// other source is dropped without an answer, so the service cannot be probed or used by strangers.
/// IPv4-mapped IPv6 addresses match their IPv4 form.
/// </summary>
public sealed class SipSourceFilter
{
    readonly ConcurrentDictionary<IPAddress, bool> _allowed = new();

    public SipSourceFilter(IEnumerable<IPAddress>? addresses = null)
    {
        foreach (var a in addresses ?? []) Allow(a);
    }

    public void Allow(IPAddress address) => _allowed[Normalize(address)] = true;

    public bool IsAllowed(IPAddress address) => _allowed.ContainsKey(Normalize(address));

    public IReadOnlyCollection<IPAddress> Addresses => [.. _allowed.Keys];

    /// <summary>
    /// Allows every address <paramref name="trunk"/> resolves to (all RFC 3263 targets: SRV and A/AAAA, or
    /// the IP literal; for a trunk that leaves the transport to DNS, the targets of every transport its NAPTR
    /// and SRV records name).
    /// </summary>
    public async Task AllowTrunkAsync(SipResolver resolver, SipTrunk trunk, CancellationToken ct = default)
    {
        int? port = trunk.HasExplicitPort ? trunk.Port : null;
        var targets = trunk.TransportFromDns
            ? await resolver.ResolveAnyTransportAsync(trunk.Host, port, trunk.Transport == SipTransportKind.Tls, _ => true, ct).ConfigureAwait(false)
            : await resolver.ResolveAsync(trunk.Host, port, trunk.Transport, ct).ConfigureAwait(false);
        foreach (var t in targets) Allow(t.EndPoint.Address);
    }

    static IPAddress Normalize(IPAddress a) => a.IsIPv4MappedToIPv6 ? a.MapToIPv4() : a;
}
