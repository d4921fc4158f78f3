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

    static bool UdpAndTcp(SipTransportKind k) => k != SipTransportKind.Tls;

    [Fact]
    public async Task Naptr_chooses_the_transport_in_order_then_preference()
    {
        // RFC 3263 §4.1: the records name SRV names per transport; the lowest order wins, preference within an order.
        await using var dns = await DnsmasqServer.StartAsync(
            "naptr-record=carrier.test,20,10,S,SIP+D2U,,_sip._udp.carrier.test",
            "naptr-record=carrier.test,10,20,S,SIPS+D2T,,_sips._tcp.carrier.test",
            "naptr-record=carrier.test,10,10,S,SIP+D2T,,_sip._tcp.carrier.test",
            "srv-host=_sip._tcp.carrier.test,tcp.carrier.test,5062,10,0",
            "srv-host=_sip._udp.carrier.test,udp.carrier.test,5063,10,0",
            "srv-host=_sips._tcp.carrier.test,tls.carrier.test,5064,10,0",
            "host-record=tcp.carrier.test,127.0.0.1",
            "host-record=udp.carrier.test,127.0.0.2",
            "host-record=tls.carrier.test,127.0.0.3");
        var resolver = new SipResolver(dns.Client);

        var all = await resolver.ResolveAnyTransportAsync("carrier.test", null, secure: false, _ => true, Ct);
        Assert.Equal(["TCP:127.0.0.1:5062", "TLS:127.0.0.3:5064", "UDP:127.0.0.2:5063"], all.Select(t => t.ToString()));
        Assert.All(all, t => Assert.Equal("carrier.test", t.ServerName));

        // A transport we do not have is discarded, not tried.
        var noTls = await resolver.ResolveAnyTransportAsync("carrier.test", null, secure: false, UdpAndTcp, Ct);
        Assert.Equal(["TCP:127.0.0.1:5062", "UDP:127.0.0.2:5063"], noTls.Select(t => t.ToString()));

        // A sips URI takes only SIPS+D2T.
        var secure = await resolver.ResolveAnyTransportAsync("carrier.test", null, secure: true, _ => true, Ct);
        Assert.Equal(["TLS:127.0.0.3:5064"], secure.Select(t => t.ToString()));
    }

    [Fact]
    public async Task Without_usable_naptr_the_srv_of_each_transport_we_have_then_the_address_records()
    {
        await using var dns = await DnsmasqServer.StartAsync(
            // Only TLS and an unknown service: nothing usable for an agent without TLS.
            "naptr-record=tcponly.test,10,10,S,SIPS+D2T,,_sips._tcp.tcponly.test",
            "naptr-record=tcponly.test,10,20,S,SIP+D2X,,_sip._sctp.tcponly.test",
            "srv-host=_sip._tcp.tcponly.test,b.tcponly.test,5070,10,0",
            "host-record=b.tcponly.test,127.0.0.5",
            "host-record=plain.test,127.0.0.6");
        var resolver = new SipResolver(dns.Client);

        // §4.1: no usable NAPTR → SRV for UDP (none) and TCP (one): the domain is reached over TCP.
        Assert.Equal(["TCP:127.0.0.5:5070"], (await resolver.ResolveAnyTransportAsync("tcponly.test", null, false, UdpAndTcp, Ct)).Select(t => t.ToString()));
        // Neither NAPTR nor SRV: A/AAAA, UDP for sip and TLS for sips, default ports.
        Assert.Equal(["UDP:127.0.0.6:5060"], (await resolver.ResolveAnyTransportAsync("plain.test", null, false, UdpAndTcp, Ct)).Select(t => t.ToString()));
        Assert.Equal(["TLS:127.0.0.6:5061"], (await resolver.ResolveAnyTransportAsync("plain.test", null, true, _ => true, Ct)).Select(t => t.ToString()));
        // An explicit port or an IP literal skip NAPTR and SRV (UDP for sip).
        Assert.Equal(["UDP:127.0.0.5:5099"], (await resolver.ResolveAnyTransportAsync("b.tcponly.test", 5099, false, UdpAndTcp, Ct)).Select(t => t.ToString()));
        Assert.Equal(["UDP:127.0.0.8:5060"], (await resolver.ResolveAnyTransportAsync("127.0.0.8", null, false, UdpAndTcp, Ct)).Select(t => t.ToString()));
    }
}
