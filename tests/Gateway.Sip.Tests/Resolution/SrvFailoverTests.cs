using System.Net;
using System.Net.Sockets;
using Gateway.Sip.Message;
using Gateway.Sip.Sdp;
using Gateway.Sip.Transactions;
using Gateway.Sip.Transport;
using Gateway.Sip.UserAgent;

namespace Gateway.Sip.Tests.Resolution;

/// <summary>
/// RFC 3263 §4.3 end to end: a trunk named only by its domain, SRV from the real dnsmasq, our UAS agents
/// as the servers; the call moves to the next target on 503, on no response (Timer B) and on a transport error.
/// </summary>
public sealed class SrvFailoverTests
{
    static CancellationToken Ct => TestContext.Current.CancellationToken;
    static readonly IPEndPoint Loopback = new(IPAddress.Loopback, 0);
    static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);

    static SipUserAgent Answering(SipUserAgent ua, int status, List<string> seen, string name)
    {
        ua.IncomingCall += incoming =>
        {
            lock (seen) seen.Add(name);
            if (status != 200) { incoming.Reject(status); return; }
            incoming.Answer(SdpOfferAnswer.CreateAnswer(incoming.Offer!, new SdpOrigin(name, 9, 1, "IN", "IP4", "127.0.0.1"), SdpConnection.For(IPAddress.Loopback),
                m => new SdpMedia { Media = "audio", Port = 50000, Protocol = "RTP/AVP", Formats = { "0" } }));
        };
        return ua;
    }

    static async Task<(SipCall Call, SipInviteResult Result)> CallAsync(DnsmasqServer dns, SipTransportKind kind, SipTimers? timers = null)
    {
        var options = new SipUserAgentOptions { DnsServer = dns.EndPoint, Timers = timers ?? SipTimers.Default };
        var caller = SipUserAgent.CreateMulti(Loopback, options: options);
        var trunk = new SipTrunk { Name = "srv", Host = "carrier.test", Transport = kind, SessionExpires = null };
        Assert.False(trunk.HasExplicitPort);
        var call = await caller.InviteAsync(trunk, "fax", SdpOfferAnswer.CreateAudioOffer(IPAddress.Loopback, 40000, 1), null, Ct);
        var result = await call.Answer.WaitAsync(Wait, Ct);
        await call.HangUpAsync().WaitAsync(Wait, Ct);
        await caller.DisposeAsync();
        return (call, result);
    }

    [Fact]
    public async Task A_503_from_the_first_srv_target_moves_the_call_to_the_second()
    {
        var seen = new List<string>();
        await using var first = Answering(SipUserAgent.CreateUdp(Loopback), 503, seen, "first");
        await using var second = Answering(SipUserAgent.CreateUdp(Loopback), 200, seen, "second");
        await using var dns = await DnsmasqServer.StartAsync(
            $"srv-host=_sip._udp.carrier.test,a.carrier.test,{first.LocalEndPoint.EndPoint.Port},10,0",
            $"srv-host=_sip._udp.carrier.test,b.carrier.test,{second.LocalEndPoint.EndPoint.Port},20,0",
            "host-record=a.carrier.test,127.0.0.1", "host-record=b.carrier.test,127.0.0.1");

        var (_, result) = await CallAsync(dns, SipTransportKind.Udp);

        Assert.Equal(200, result.StatusCode);
        Assert.Equal("second", result.Answer!.Origin.UserName);
        Assert.Equal(["first", "second"], seen);
    }

    [Fact]
    public async Task A_target_that_never_answers_is_left_after_timer_b()
    {
        var seen = new List<string>();
        using var silent = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        silent.Bind(Loopback);
        await using var second = Answering(SipUserAgent.CreateUdp(Loopback), 200, seen, "second");
        await using var dns = await DnsmasqServer.StartAsync(
            $"srv-host=_sip._udp.carrier.test,a.carrier.test,{((IPEndPoint)silent.LocalEndPoint!).Port},10,0",
            $"srv-host=_sip._udp.carrier.test,b.carrier.test,{second.LocalEndPoint.EndPoint.Port},20,0",
            "host-record=a.carrier.test,127.0.0.1", "host-record=b.carrier.test,127.0.0.1");

        // T1 = 20 ms: Timer B (64·T1) ends the first attempt after 1.28 s.
        var (_, result) = await CallAsync(dns, SipTransportKind.Udp, new SipTimers { T1 = TimeSpan.FromMilliseconds(20) });

        Assert.Equal(200, result.StatusCode);
        Assert.Equal(["second"], seen);
        Assert.True(silent.Available > 0); // the first target did get our INVITE
    }

    [Fact]
    public async Task A_refused_tcp_connection_moves_on_at_once()
    {
        var seen = new List<string>();
        int closedPort;
        using (var probe = new TcpListener(IPAddress.Loopback, 0)) { probe.Start(); closedPort = ((IPEndPoint)probe.LocalEndpoint).Port; }
        await using var second = Answering(SipUserAgent.CreateMulti(Loopback), 200, seen, "second");
        int tcpPort = second.TransportSet!.LocalEndPointFor(SipTransportKind.Tcp)!.Value.EndPoint.Port;
        await using var dns = await DnsmasqServer.StartAsync(
            $"srv-host=_sip._tcp.carrier.test,a.carrier.test,{closedPort},10,0",
            $"srv-host=_sip._tcp.carrier.test,b.carrier.test,{tcpPort},20,0",
            "host-record=a.carrier.test,127.0.0.1", "host-record=b.carrier.test,127.0.0.1");

        var started = DateTime.UtcNow;
        var (_, result) = await CallAsync(dns, SipTransportKind.Tcp);

        Assert.Equal(200, result.StatusCode);
        Assert.Equal(["second"], seen);
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(15)); // not after Timer B (32 s)
    }

    [Fact]
    public async Task A_trunk_named_by_its_domain_alone_goes_over_the_transport_naptr_prefers()
    {
        // RFC 3263 §4.1 end to end: NAPTR prefers TCP; the server listens on UDP and TCP; the INVITE, our Contact and Via say TCP.
        var seen = new List<string>();
        await using var server = Answering(SipUserAgent.CreateMulti(Loopback), 200, seen, "server");
        string? viaTransport = null;
        server.IncomingCall += incoming => viaTransport = incoming.Invite.TopVia?.Transport;
        int port = server.LocalEndPoint.EndPoint.Port;
        await using var dns = await DnsmasqServer.StartAsync(
            "naptr-record=carrier.test,10,10,S,SIP+D2T,,_sip._tcp.carrier.test",
            "naptr-record=carrier.test,20,10,S,SIP+D2U,,_sip._udp.carrier.test",
            $"srv-host=_sip._tcp.carrier.test,a.carrier.test,{port},10,0",
            $"srv-host=_sip._udp.carrier.test,a.carrier.test,{port},10,0",
            "host-record=a.carrier.test,127.0.0.1");

        await using var caller = SipUserAgent.CreateMulti(Loopback, options: new SipUserAgentOptions { DnsServer = dns.EndPoint });
        var trunk = new SipTrunk { Name = "naptr", Host = "carrier.test", TransportFromDns = true, SessionExpires = null };
        var call = await caller.InviteAsync(trunk, "fax", SdpOfferAnswer.CreateAudioOffer(IPAddress.Loopback, 40000, 1), null, Ct);
        var result = await call.Answer.WaitAsync(Wait, Ct);
        await call.HangUpAsync().WaitAsync(Wait, Ct);

        Assert.Equal(200, result.StatusCode);
        Assert.Equal(["server"], seen);
        Assert.Equal("TCP", viaTransport);
    }

    [Fact]
    public async Task Options_to_a_trunk_moves_past_an_overloaded_srv_target()
    {
        // RFC 3263 §4.3 for the keepalive probe: the 503 of the first target is not the trunk's answer.
        await using var overloaded = new Support.OverloadedServer();
        await using var second = SipUserAgent.CreateUdp(Loopback);
        await using var dns = await DnsmasqServer.StartAsync(
            $"srv-host=_sip._udp.carrier.test,a.carrier.test,{overloaded.Port},10,0",
            $"srv-host=_sip._udp.carrier.test,b.carrier.test,{second.LocalEndPoint.EndPoint.Port},20,0",
            "host-record=a.carrier.test,127.0.0.1", "host-record=b.carrier.test,127.0.0.1");
        await using var caller = SipUserAgent.CreateUdp(Loopback, new SipUserAgentOptions { DnsServer = dns.EndPoint });

        int? status = await caller.PingAsync(new SipTrunk { Name = "srv", Host = "carrier.test" }, Ct).WaitAsync(Wait, Ct);

        Assert.Equal(200, status);
        Assert.Equal([SipMethod.Options], overloaded.Methods);
    }
}
