using System.Net;
using Gateway.Sip.Transport;

namespace Gateway.Sip.Resolution;

/// <summary>
/// Locates SIP servers per RFC 3263 §4. With the transport fixed (<see cref="ResolveAsync"/>): an IP
/// literal is used as is; a name with an explicit port gets A/AAAA only (§4.2); otherwise SRV for
/// <c>_sip._udp</c>, <c>_sip._tcp</c> or <c>_sips._tcp</c> (RFC 2782 order), and without SRV records A/AAAA
/// with the default port. With the transport left to DNS (<see cref="ResolveAnyTransportAsync"/>) the NAPTR
/// step of §4.1 chooses it first. The result is the ordered list of targets to try on transport error,
/// timeout or 503 (§4.3).
/// </summary>
public sealed class SipResolver(DnsClient? dns, Random? random = null)
{
    readonly Random _random = random ?? Random.Shared;

    /// <summary>The DNS client for NAPTR, SRV and A/AAAA; null uses System.Net.Dns for A/AAAA and skips NAPTR and SRV.</summary>
    public DnsClient? Dns => dns;

    public async Task<IReadOnlyList<SipEndPoint>> ResolveAsync(string host, int? port, SipTransportKind transport, CancellationToken ct = default)
    {
        if (IPAddress.TryParse(host, out var literal)) return [new SipEndPoint(transport, new IPEndPoint(literal, port ?? DefaultPort(transport)))];
        if (port is null && dns is not null)
        {
            var srv = await SrvTargetsAsync(ServicePrefix(transport) + host, host, transport, ct).ConfigureAwait(false);
            if (srv.Count > 0) return srv;
        }
        return await AddressTargetsAsync(host, port, transport, ct).ConfigureAwait(false);
    }

    /// <summary>
    /// RFC 3263 §4.1 for a URI that names no transport: an IP literal or an explicit port means UDP
    /// (TLS for sips); otherwise the domain's NAPTR records choose among the transports
    /// <paramref name="supported"/> says we have ("SIP+D2U", "SIP+D2T", "SIPS+D2T"; a sips URI takes only
    /// "SIPS+D2T"), in order then preference, each followed by its SRV name. Without usable NAPTR records
    /// the SRV names of every transport we have are tried (UDP before TCP for sip), and without SRV the
    /// address records with UDP (TLS for sips) on the default port.
    /// </summary>
    public async Task<IReadOnlyList<SipEndPoint>> ResolveAnyTransportAsync(string host, int? port, bool secure, Func<SipTransportKind, bool> supported, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(supported);
        var fallback = secure ? SipTransportKind.Tls : SipTransportKind.Udp;
        if (port is not null || dns is null || IPAddress.TryParse(host, out _)) return await ResolveAsync(host, port, fallback, ct).ConfigureAwait(false);

        var targets = new List<SipEndPoint>();
        var naptr = await dns.QueryNaptrAsync(host, ct).ConfigureAwait(false);
        foreach (var (record, transport) in NaptrChoices(naptr, secure, supported))
            Append(targets, await SrvTargetsAsync(record.Replacement, host, transport, ct).ConfigureAwait(false));
        if (targets.Count > 0) return targets;

        // §4.1: no (usable) NAPTR records: an SRV query for each transport we support.
        SipTransportKind[] ours = secure ? [SipTransportKind.Tls] : [SipTransportKind.Udp, SipTransportKind.Tcp];
        foreach (var transport in ours.Where(supported))
            Append(targets, await SrvTargetsAsync(ServicePrefix(transport) + host, host, transport, ct).ConfigureAwait(false));
        if (targets.Count > 0) return targets;
        return await AddressTargetsAsync(host, null, fallback, ct).ConfigureAwait(false);
    }

    /// <summary>
    /// §4.1: NAPTR records whose service is SIP over a transport we support, flag "S" (the replacement is an
    /// SRV name), ordered by order then preference (RFC 3403 §4.1). Others are discarded.
    /// </summary>
    internal static IEnumerable<(NaptrRecord Record, SipTransportKind Transport)> NaptrChoices(IEnumerable<NaptrRecord> records, bool secure, Func<SipTransportKind, bool> supported)
    {
        foreach (var r in records.OrderBy(r => r.Order).ThenBy(r => r.Preference))
        {
            if (!r.Flags.Equals("S", StringComparison.OrdinalIgnoreCase) || r.Replacement is "" or ".") continue;
            SipTransportKind? transport = r.Services.ToUpperInvariant() switch
            {
                "SIP+D2U" when !secure => SipTransportKind.Udp,
                "SIP+D2T" when !secure => SipTransportKind.Tcp,
                "SIPS+D2T" => SipTransportKind.Tls,
                _ => null,
            };
            if (transport is { } t && supported(t)) yield return (r, t);
        }
    }

    async Task<IReadOnlyList<SipEndPoint>> SrvTargetsAsync(string service, string host, SipTransportKind transport, CancellationToken ct)
    {
        var srv = await dns!.QuerySrvAsync(service, ct).ConfigureAwait(false);
        var targets = new List<SipEndPoint>();
        foreach (var r in SrvOrdering.Order(srv, _random))
            foreach (var a in await AddressesAsync(r.Target, ct).ConfigureAwait(false))
                // RFC 5922 §4.1: TLS checks the certificate against the URI's domain, not the SRV target.
                targets.Add(new SipEndPoint(transport, new IPEndPoint(a, r.Port)) { ServerName = host });
        return targets;
    }

    async Task<IReadOnlyList<SipEndPoint>> AddressTargetsAsync(string host, int? port, SipTransportKind transport, CancellationToken ct) =>
        [.. (await AddressesAsync(host, ct).ConfigureAwait(false)).Select(a => new SipEndPoint(transport, new IPEndPoint(a, port ?? DefaultPort(transport))) { ServerName = host })];

    async Task<IReadOnlyList<IPAddress>> AddressesAsync(string name, CancellationToken ct) =>
        dns is not null
            ? await dns.QueryAddressesAsync(name, ct).ConfigureAwait(false)
            : await System.Net.Dns.GetHostAddressesAsync(name, ct).ConfigureAwait(false);

    /// <summary>Two NAPTR records may lead to the same server; it is tried once.</summary>
    static void Append(List<SipEndPoint> targets, IReadOnlyList<SipEndPoint> more)
    {
        foreach (var t in more)
            if (!targets.Any(x => x.Transport == t.Transport && x.EndPoint.Equals(t.EndPoint))) targets.Add(t);
    }

    static int DefaultPort(SipTransportKind transport) => transport == SipTransportKind.Tls ? 5061 : 5060;

    static string ServicePrefix(SipTransportKind transport) =>
        transport switch { SipTransportKind.Tls => "_sips._tcp.", SipTransportKind.Tcp => "_sip._tcp.", _ => "_sip._udp." };
}
