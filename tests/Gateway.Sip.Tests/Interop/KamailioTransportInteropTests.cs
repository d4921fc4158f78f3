using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Gateway.Sip.Sdp;
using Gateway.Sip.Transport;
using Gateway.Sip.UserAgent;

namespace Gateway.Sip.Tests.Interop;

/// <summary>
/// Our UAC over TCP and TLS → real Kamailio (Record-Routing, TLS module, self-signed certificate) →
/// real sipp UAS over UDP, and our UAC → sipp over TCP (-t t1). All on 127.0.0.1.
/// </summary>
public class KamailioTransportInteropTests
{
    static readonly TimeSpan Step = TimeSpan.FromSeconds(10);
    static CancellationToken Ct => TestContext.Current.CancellationToken;
    static readonly IPEndPoint Any = new(IPAddress.Loopback, 0);

    static SdpSession Offer() => SdpOfferAnswer.CreateAudioOffer(IPAddress.Loopback, 40000, 11);

    static async Task CallThroughProxyAsync(SipUserAgent ua, SipTrunk trunk, SippProcess sipp, KamailioTransportProxy kamailio, string rrTransport)
    {
        var call = await ua.InviteAsync(trunk, "fax", Offer(), null, Ct);
        var result = await call.Answer.WaitAsync(Step, Ct);
        Assert.True(result.StatusCode == 200, $"status {result.StatusCode}\n{kamailio.Log}");
        // Kamailio double-Record-Routes across transports (inbound leg first for us): ACK and BYE go back over our transport.
        var first = call.Dialog!.RouteSet[0].Uri;
        Assert.Equal(rrTransport, first.Transport, StringComparer.OrdinalIgnoreCase);
        Assert.Equal(SipCallEndReason.LocalHangUp, await call.HangUpAsync().WaitAsync(Step, Ct));
        int code = await sipp.WaitAsync(TimeSpan.FromSeconds(20));
        Assert.True(code == 0, "sipp failed:\n" + sipp.Log + "\n" + kamailio.Log);
        Assert.Contains($"INVITE received over {rrTransport.ToLowerInvariant()}", kamailio.Log, StringComparison.Ordinal);
        Assert.Contains($"in-dialog BYE over {rrTransport.ToLowerInvariant()}", kamailio.Log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Call_over_tcp_through_kamailio_routes_ack_and_bye_over_tcp()
    {
        await using var sipp = await SippProcess.StartUasAsync("proxied_answer.xml");
        await using var kamailio = await KamailioTransportProxy.StartAsync(sipp.Port);
        await using var ua = SipUserAgent.CreateMulti(Any);
        var trunk = new SipTrunk { Name = "k-tcp", Host = "127.0.0.1", Port = kamailio.TcpPort, Transport = SipTransportKind.Tcp, SessionExpires = null };
        await CallThroughProxyAsync(ua, trunk, sipp, kamailio, "tcp");
    }

    [Fact]
    public async Task Call_over_tls_through_kamailio_with_the_trunk_trusting_its_certificate()
    {
        await using var sipp = await SippProcess.StartUasAsync("proxied_answer.xml");
        await using var kamailio = await KamailioTransportProxy.StartAsync(sipp.Port);
        await using var ua = SipUserAgent.CreateMulti(Any, tlsBind: Any);
        var trunk = new SipTrunk
        {
            Name = "k-tls",
            Host = "127.0.0.1",
            Port = kamailio.TlsPort,
            Transport = SipTransportKind.Tls,
            SessionExpires = null,
            Tls = new SipTlsClientOptions { TrustedRoots = [X509CertificateLoader.LoadCertificate(kamailio.Certificate.RawData)], ServerName = "sip.gateway.test" },
        };
        await CallThroughProxyAsync(ua, trunk, sipp, kamailio, "tls");
    }

    [Fact]
    public async Task Call_over_tls_with_a_pinned_certificate_succeeds()
    {
        await using var sipp = await SippProcess.StartUasAsync("proxied_answer.xml");
        await using var kamailio = await KamailioTransportProxy.StartAsync(sipp.Port);
        await using var ua = SipUserAgent.CreateMulti(Any, tlsBind: Any);
        var pin = Convert.ToHexString(SHA256.HashData(kamailio.Certificate.RawData));
        var trunk = new SipTrunk
        {
            Name = "k-pin",
            Host = "127.0.0.1",
            Port = kamailio.TlsPort,
            Transport = SipTransportKind.Tls,
            SessionExpires = null,
            Tls = new SipTlsClientOptions { PinnedCertificateSha256 = pin },
        };
        await CallThroughProxyAsync(ua, trunk, sipp, kamailio, "tls");
    }

    [Fact]
    public async Task Untrusted_tls_certificate_fails_the_call_with_a_transport_error()
    {
        await using var sipp = await SippProcess.StartUasAsync("proxied_answer.xml");
        await using var kamailio = await KamailioTransportProxy.StartAsync(sipp.Port);
        await using var ua = SipUserAgent.CreateMulti(Any, tlsBind: Any);
        // Validation is on by default: the self-signed certificate is not trusted by the system store.
        var trunk = new SipTrunk { Name = "k-tls", Host = "127.0.0.1", Port = kamailio.TlsPort, Transport = SipTransportKind.Tls, SessionExpires = null };
        var call = await ua.InviteAsync(trunk, "fax", Offer(), null, Ct);
        Assert.Equal(SipCallEndReason.TransportError, await call.Completion.WaitAsync(Step, Ct));
        Assert.Equal(503, (await call.Answer).StatusCode);
        Assert.DoesNotContain("INVITE received", kamailio.Log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Answered_call_with_sipp_over_tcp()
    {
        await using var sipp = await SippProcess.StartUasAsync("answer_audio.xml", "-t", "t1");
        await using var ua = SipUserAgent.CreateMulti(Any);
        var trunk = new SipTrunk { Name = "sipp-tcp", Host = "127.0.0.1", Port = sipp.Port, Transport = SipTransportKind.Tcp, SessionExpires = null };
        var call = await ua.InviteAsync(trunk, "fax", Offer(), null, Ct);
        var result = await call.Answer.WaitAsync(Step, Ct);
        Assert.Equal(200, result.StatusCode);
        Assert.Equal(sipp.MediaPort, result.Answer!.AudioMedia!.Port);
        Assert.Equal(1, ua.TransportSet!.Tcp!.ConnectionCount); // INVITE, 1xx, 2xx and ACK on one connection
        Assert.Equal(SipCallEndReason.LocalHangUp, await call.HangUpAsync().WaitAsync(Step, Ct));
        int code = await sipp.WaitAsync(TimeSpan.FromSeconds(20));
        Assert.True(code == 0, "sipp failed:\n" + sipp.Log);
    }
}
