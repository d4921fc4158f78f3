using System.Net;
using System.Net.Sockets;
using Gateway.Sip.Resolution;

namespace Gateway.Sip.Tests.Resolution;

/// <summary>Our DNS client against the real dnsmasq on 127.0.0.1.</summary>
public sealed class DnsClientTests
{
    static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Reads_srv_a_and_aaaa_records_from_dnsmasq()
    {
        await using var dns = await DnsmasqServer.StartAsync(
            "srv-host=_sip._udp.carrier.test,sip1.carrier.test,5070,10,60",
            "srv-host=_sip._udp.carrier.test,sip2.carrier.test,5080,20,0",
            "host-record=sip1.carrier.test,127.0.0.1",
            "host-record=sip2.carrier.test,127.0.0.2,::1");
        var client = dns.Client;

        var srv = await client.QuerySrvAsync("_sip._udp.carrier.test", Ct);
        Assert.Equal([new SrvRecord(10, 60, 5070, "sip1.carrier.test"), new SrvRecord(20, 0, 5080, "sip2.carrier.test")], srv.OrderBy(r => r.Priority));
        Assert.Equal([IPAddress.Parse("127.0.0.2"), IPAddress.IPv6Loopback], await client.QueryAddressesAsync("sip2.carrier.test", Ct));
        Assert.Empty(await client.QueryAddressesAsync("nowhere.carrier.test", Ct)); // NXDOMAIN
        Assert.Empty(await client.QuerySrvAsync("_sip._tcp.carrier.test", Ct));
    }

    [Fact]
    public async Task A_server_that_never_answers_is_a_timeout_after_every_attempt()
    {
        using var silent = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        silent.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var client = new DnsClient((IPEndPoint)silent.LocalEndPoint!) { Timeout = TimeSpan.FromMilliseconds(200), Attempts = 2 };

        var e = await Assert.ThrowsAsync<DnsException>(() => client.QuerySrvAsync("_sip._udp.carrier.test", Ct));

        Assert.Equal(DnsErrorKind.Timeout, e.Kind);
        Assert.Equal(2, silent.Available > 0 ? CountDatagrams(silent) : 0);
    }

    static int CountDatagrams(Socket s)
    {
        int n = 0;
        var buf = new byte[512];
        while (s.Available > 0) { s.Receive(buf); n++; }
        return n;
    }
}
