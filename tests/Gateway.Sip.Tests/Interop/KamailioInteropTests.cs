using System.Net;
using Gateway.Sip.Auth;
using Gateway.Sip.Sdp;
using Gateway.Sip.Tests.Support;
using Gateway.Sip.Transport;
using Gateway.Sip.UserAgent;

namespace Gateway.Sip.Tests.Interop;

/// <summary>Our UAC → real Kamailio (digest-challenging, Record-Routing proxy) → real sipp UAS, all on 127.0.0.1.</summary>
public class KamailioInteropTests
{
    static readonly TimeSpan Step = TimeSpan.FromSeconds(10);
    static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("SHA-256")]
    [InlineData("MD5")]
    public async Task Call_through_authenticating_record_routing_proxy_routes_ack_and_bye_via_the_proxy(string algorithm)
    {
        await using var sipp = await SippProcess.StartUasAsync("proxied_answer.xml");
        await using var kamailio = await KamailioProcess.StartAsync(sipp.Port, algorithm, "pr0xy-pass");
        var transport = new RecordingTransport(new UdpSipTransport(new IPEndPoint(IPAddress.Loopback, 0)));
        await using var ua = new SipUserAgent(transport);
        var trunk = new SipTrunk { Name = "kamailio", Host = "127.0.0.1", Port = kamailio.Port, FromUser = "gateway", Credentials = new DigestCredentials("gateway", "pr0xy-pass") };
        var call = await ua.InviteAsync(trunk, "fax", SdpOfferAnswer.CreateAudioOffer(IPAddress.Loopback, 40000, 7), null, Ct);
        var result = await call.Answer.WaitAsync(Step, Ct);
        Assert.True(result.StatusCode == 200, $"status {result.StatusCode}\n{kamailio.Log}");
        var route = Assert.Single(call.Dialog!.RouteSet);
        Assert.Equal(kamailio.Port, route.Uri.Port);
        Assert.True(route.Uri.IsLooseRouter);
        await call.HangUpAsync().WaitAsync(Step, Ct);
        int code = await sipp.WaitAsync(TimeSpan.FromSeconds(20));
        Assert.True(code == 0, "sipp failed:\n" + sipp.Log + "\n" + kamailio.Log);

        var sent = transport.Sent;
        // The first INVITE was challenged with the requested algorithm; the retry carried Proxy-Authorization.
        var invites = sent.Where(s => s.Text.StartsWith("INVITE ", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, invites.Count);
        Assert.Contains($"Proxy-Authorization: Digest username=\"gateway\", realm=\"127.0.0.1\"", invites[1].Text);
        Assert.Contains($"algorithm={algorithm}", invites[1].Text);
        // ACK for the 2xx and BYE went to the proxy with a Route header (loose routing, §12.2.1.1).
        foreach (var method in new[] { "ACK sip:127.0.0.1:" + sipp.Port, "BYE sip:127.0.0.1:" + sipp.Port })
        {
            var m = Assert.Single(sent, s => s.Text.StartsWith(method, StringComparison.Ordinal));
            Assert.Equal(kamailio.Port, m.To.EndPoint.Port);
            Assert.Contains($"Route: <sip:127.0.0.1:{kamailio.Port};lr", m.Text);
        }
    }
}
