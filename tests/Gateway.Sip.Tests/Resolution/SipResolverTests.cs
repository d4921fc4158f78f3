using Gateway.Sip.Resolution;
using Gateway.Sip.Transport;

namespace Gateway.Sip.Tests.Resolution;

/// <summary>RFC 3263 §4 server location against the real dnsmasq on 127.0.0.1.</summary>
public sealed class SipResolverTests
{
    static CancellationToken Ct => TestContext.Current.CancellationToken;

    static Task<DnsmasqServer> StartAsync() => DnsmasqServer.StartAsync(
        "srv-host=_sip._udp.carrier.test,backup.carrier.test,5090,20,0",
        "srv-host=_sip._udp.carrier.test,main.carrier.test,5070,10,0",
        "srv-host=_sips._tcp.carrier.test,tls.carrier.test,5071,10,0",
        "host-record=main.carrier.test,127.0.0.1",
        "host-record=backup.carrier.test,127.0.0.2",
        "host-record=tls.carrier.test,127.0.0.3",
        "host-record=carrier.test,127.0.0.9",
        "host-record=plain.carrier.test,127.0.0.4");

    [Fact]
    public async Task Srv_targets_come_in_priority_order_with_their_ports()
    {
        await using var dns = await StartAsync();
        var targets = await new SipResolver(dns.Client).ResolveAsync("carrier.test", null, SipTransportKind.Udp, Ct);
        Assert.Equal(["UDP:127.0.0.1:5070", "UDP:127.0.0.2:5090"], targets.Select(t => t.ToString()));
        Assert.All(targets, t => Assert.Equal("carrier.test", t.ServerName));

        var tls = Assert.Single(await new SipResolver(dns.Client).ResolveAsync("carrier.test", null, SipTransportKind.Tls, Ct));
        Assert.Equal("TLS:127.0.0.3:5071", tls.ToString());
        Assert.Equal("carrier.test", tls.ServerName); // RFC 5922: the certificate must match the domain, not the SRV target
    }

    [Fact]
    public async Task Explicit_port_or_no_srv_uses_the_address_records()
    {
        await using var dns = await StartAsync();
        var resolver = new SipResolver(dns.Client);
        Assert.Equal("UDP:127.0.0.9:5080", Assert.Single(await resolver.ResolveAsync("carrier.test", 5080, SipTransportKind.Udp, Ct)).ToString()); // §4.2
        Assert.Equal("TCP:127.0.0.4:5060", Assert.Single(await resolver.ResolveAsync("plain.carrier.test", null, SipTransportKind.Tcp, Ct)).ToString());
        Assert.Empty(await resolver.ResolveAsync("missing.carrier.test", null, SipTransportKind.Udp, Ct));
        Assert.Equal("UDP:127.0.0.7:5060", Assert.Single(await resolver.ResolveAsync("127.0.0.7", null, SipTransportKind.Udp, Ct)).ToString());
    }
}
