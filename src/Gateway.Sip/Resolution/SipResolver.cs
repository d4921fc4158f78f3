using System.Net;
using Gateway.Sip.Transport;

namespace Gateway.Sip.Resolution;

/// <summary>
/// Locates SIP servers per RFC 3263 §4 for a host whose transport is known (the trunk configuration fixes
/// it, so the NAPTR step of §4.1 is not needed): an IP literal is used as is; a name with an explicit port
/// gets A/AAAA only (§4.2); otherwise SRV for <c>_sip._udp</c>, <c>_sip._tcp</c> or <c>_sips._tcp</c>
/// (RFC 2782 order), and without SRV records A/AAAA with the default port. The result is the ordered
/// list of targets to try on transport error, timeout or 503 (§4.3).
/// </summary>
public sealed class SipResolver(DnsClient? dns, Random? random = null)
{
    readonly Random _random = random ?? Random.Shared;

    /// <summary>The DNS client for SRV and A/AAAA; null uses System.Net.Dns for A/AAAA and skips SRV.</summary>
    public DnsClient? Dns => dns;

    public async Task<IReadOnlyList<SipEndPoint>> ResolveAsync(string host, int? port, SipTransportKind transport, CancellationToken ct = default)
    {
        int defaultPort = transport == SipTransportKind.Tls ? 5061 : 5060;
        if (IPAddress.TryParse(host, out var literal)) return [new SipEndPoint(transport, new IPEndPoint(literal, port ?? defaultPort))];
        if (port is null && dns is not null)
        {
            var service = transport switch { SipTransportKind.Tls => "_sips._tcp.", SipTransportKind.Tcp => "_sip._tcp.", _ => "_sip._udp." };
            var srv = await dns.QuerySrvAsync(service + host, ct).ConfigureAwait(false);
            if (srv.Count > 0)
            {
                var targets = new List<SipEndPoint>();
                foreach (var r in SrvOrdering.Order(srv, _random))
                    foreach (var a in await AddressesAsync(r.Target, ct).ConfigureAwait(false))
                        // RFC 5922 §4.1: TLS checks the certificate against the URI's domain, not the SRV target.
                        targets.Add(new SipEndPoint(transport, new IPEndPoint(a, r.Port)) { ServerName = host });
                return targets;
            }
        }
        return [.. (await AddressesAsync(host, ct).ConfigureAwait(false)).Select(a => new SipEndPoint(transport, new IPEndPoint(a, port ?? defaultPort)) { ServerName = host })];
    }

    async Task<IReadOnlyList<IPAddress>> AddressesAsync(string name, CancellationToken ct) =>
        dns is not null
            ? await dns.QueryAddressesAsync(name, ct).ConfigureAwait(false)
            : await System.Net.Dns.GetHostAddressesAsync(name, ct).ConfigureAwait(false);
}
