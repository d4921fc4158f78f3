using System.Net;
using System.Net.Sockets;
using System.Text;
using Gateway.Sip.Auth;
using Gateway.Sip.Message;
using Gateway.Sip.Tests.Resolution;
using Gateway.Sip.Tests.Support;
using Gateway.Sip.Transport;
using Gateway.Sip.UserAgent;
using Microsoft.Extensions.Logging;

namespace Gateway.Sip.Tests.UserAgent;

/// <summary>Issue 8: we answer SIP only from our trunks, and the message log never shows credentials.</summary>
public sealed class SipUserAgentSecurityTests
{
    static CancellationToken Ct => TestContext.Current.CancellationToken;
    static readonly SipEndPoint Stranger = new(SipTransportKind.Udp, new IPEndPoint(IPAddress.Parse("192.0.2.7"), 5060));

    static string Options(string branch) =>
        $"OPTIONS sip:gateway@127.0.0.1:5060 SIP/2.0\r\nVia: SIP/2.0/UDP 192.0.2.7:5060;branch={branch}\r\nMax-Forwards: 70\r\n" +
        $"From: <sip:scan@192.0.2.7>;tag=s{branch}\r\nTo: <sip:gateway@127.0.0.1>\r\nCall-ID: {branch}@scan\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n";

    static string Invite(string branch) => Options(branch).Replace("OPTIONS", "INVITE", StringComparison.Ordinal);

    [Fact]
    public async Task Requests_from_unknown_sources_get_no_answer_and_are_counted_and_logged_at_debug_with_a_rate_limit()
    {
        var log = new ListLogger();
        await using var h = new InProcessCall(logger: log);
        h.Ua.SourceFilter = new SipSourceFilter([IPAddress.Loopback]);

        h.Net.Receive(Options("z9hG4bKs1"), Stranger);
        h.Net.Receive(Invite("z9hG4bKs2"), Stranger);
        h.Net.Receive(Options("z9hG4bKs3"), Stranger);
        Assert.Empty(h.Net.Sent);
        Assert.Equal(3, h.Ua.DroppedRequests);
        Assert.Single(log.Entries, e => e.Level == LogLevel.Debug);

        h.Time.Advance(SipUserAgent.DropLogInterval);
        h.Net.Receive(Options("z9hG4bKs4"), Stranger);
        Assert.Equal(2, log.Entries.Count(e => e.Level == LogLevel.Debug));
        Assert.DoesNotContain(log.Entries, e => e.Level > LogLevel.Debug);

        h.Net.Receive(Options("z9hG4bKok"), MemoryTransport.Far); // the trunk (127.0.0.1) is answered
        Assert.Equal(200, ((SipResponse)Assert.Single(h.Net.Sent).Message).StatusCode);
        Assert.Equal(4, h.Ua.DroppedRequests);
    }

    [Fact]
    public async Task Over_real_udp_only_the_allowed_source_address_is_answered()
    {
        await using var ua = SipUserAgent.CreateUdp(new IPEndPoint(IPAddress.Loopback, 0));
        ua.SourceFilter = new SipSourceFilter([IPAddress.Parse("127.0.0.2")]);
        int port = ua.LocalEndPoint.EndPoint.Port;

        async Task<bool> AnsweredFrom(string address)
        {
            using var s = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            s.Bind(new IPEndPoint(IPAddress.Parse(address), 0));
            var text = Options("z9hG4bK" + address.Replace(".", "", StringComparison.Ordinal)).Replace("192.0.2.7:5060", $"{address}:{((IPEndPoint)s.LocalEndPoint!).Port}", StringComparison.Ordinal);
            await s.SendToAsync(Encoding.ASCII.GetBytes(text), new IPEndPoint(IPAddress.Loopback, port), Ct);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct);
            timeout.CancelAfter(TimeSpan.FromSeconds(1));
            try { await s.ReceiveAsync(new byte[4096], timeout.Token); return true; }
            catch (OperationCanceledException) when (!Ct.IsCancellationRequested) { return false; }
        }

        Assert.False(await AnsweredFrom("127.0.0.1"));
        Assert.True(await AnsweredFrom("127.0.0.2"));
        Assert.Equal(1, ua.DroppedRequests);
    }

    [Fact]
    public async Task A_trunk_name_allows_every_address_it_resolves_to()
    {
        await using var dns = await DnsmasqServer.StartAsync(
            "srv-host=_sip._udp.carrier.test,a.carrier.test,5070,10,0", "srv-host=_sip._udp.carrier.test,b.carrier.test,5080,20,0",
            "host-record=a.carrier.test,127.0.0.5", "host-record=b.carrier.test,127.0.0.6");
        var filter = new SipSourceFilter();
        await filter.AllowTrunkAsync(new Gateway.Sip.Resolution.SipResolver(dns.Client), new SipTrunk { Name = "c", Host = "carrier.test" }, Ct);
        await filter.AllowTrunkAsync(new Gateway.Sip.Resolution.SipResolver(null), new SipTrunk { Name = "ip", Host = "127.0.0.9", Port = 5062 }, Ct);

        Assert.Equal(["127.0.0.5", "127.0.0.6", "127.0.0.9"], filter.Addresses.Select(a => a.ToString()).Order());
        Assert.True(filter.IsAllowed(IPAddress.Parse("127.0.0.5").MapToIPv6()));
        Assert.False(filter.IsAllowed(IPAddress.Loopback));
    }

    [Fact]
    public async Task Message_log_switch_logs_both_directions_without_the_digest_response()
    {
        var log = new ListLogger();
        await using var h = new InProcessCall(new SipUserAgentOptions { LogMessages = true }, log);
        var trunk = InProcessCall.Trunk() with { Credentials = new DigestCredentials("alice", "s3cret") };
        var call = await h.InviteAsync(trunk);
        h.Respond(h.LastInvite, 401, headers: (HeaderNames.WwwAuthenticate, "Digest realm=\"carrier.example\", nonce=\"abc123\", qop=\"auth\", algorithm=MD5"));
        var authorized = h.LastInvite;
        var response = authorized.GetHeader(HeaderNames.Authorization)!.Split("response=\"")[1].Split('"')[0];

        var logged = log.Entries.Where(e => e.Level == LogLevel.Information).Select(e => e.Text).ToList();
        Assert.Contains(logged, t => t.StartsWith("SIP from", StringComparison.Ordinal) && t.Contains("401", StringComparison.Ordinal));
        Assert.Equal(2, logged.Count(t => t.StartsWith("SIP to", StringComparison.Ordinal) && t.Contains("INVITE sip:", StringComparison.Ordinal)));
        Assert.Contains(logged, t => t.Contains("Authorization: Digest username=\"alice\", realm=\"carrier.example\", credentials=***", StringComparison.Ordinal));
        Assert.DoesNotContain(logged, t => t.Contains(response, StringComparison.Ordinal) || t.Contains("s3cret", StringComparison.Ordinal));
        _ = call;
    }

    [Fact]
    public async Task Without_the_switch_no_message_is_logged()
    {
        var log = new ListLogger();
        await using var h = new InProcessCall(logger: log);
        await h.InviteAsync();
        h.Respond(h.LastInvite, 486);
        Assert.DoesNotContain(log.Entries, e => e.Text.StartsWith("SIP ", StringComparison.Ordinal));
    }
}
