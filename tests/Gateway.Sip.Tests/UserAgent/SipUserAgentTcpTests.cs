using System.Net;
using Gateway.Sip.Sdp;
using Gateway.Sip.Transport;
using Gateway.Sip.UserAgent;

namespace Gateway.Sip.Tests.UserAgent;

/// <summary>Our UAC against our own UAS over real TCP (and UDP) sockets on 127.0.0.1.</summary>
public class SipUserAgentTcpTests
{
    static readonly TimeSpan Step = TimeSpan.FromSeconds(10);
    static CancellationToken Ct => TestContext.Current.CancellationToken;
    static readonly IPEndPoint Any = new(IPAddress.Loopback, 0);

    static SdpSession Answer(SdpSession offer) =>
        SdpOfferAnswer.CreateAnswer(offer, new SdpOrigin("far", 9, 1, "IN", "IP4", "127.0.0.1"), SdpConnection.For(IPAddress.Loopback),
            m => new SdpMedia { Media = "audio", Port = 50000, Protocol = "RTP/AVP", Formats = { "0" } });

    /// <summary>An offer whose INVITE is well over 1300 bytes (many a= lines, as some SBCs send).</summary>
    static SdpSession LargeOffer()
    {
        var offer = SdpOfferAnswer.CreateAudioOffer(IPAddress.Loopback, 40000, 1);
        for (int i = 0; i < 40; i++) offer.Attributes.Add(new SdpAttribute("x-padding-" + i, "0123456789abcdef0123456789"));
        return offer;
    }

    static (SipUserAgent Uas, TaskCompletionSource<SipIncomingCall> Incoming) AnsweringUas()
    {
        var uas = SipUserAgent.CreateMulti(Any);
        var incoming = new TaskCompletionSource<SipIncomingCall>(TaskCreationOptions.RunContinuationsAsynchronously);
        uas.IncomingCall += c => { incoming.TrySetResult(c); c.Answer(Answer(c.Offer!)); };
        return (uas, incoming);
    }

    [Fact]
    public async Task Call_over_a_tcp_trunk_uses_tcp_via_and_contact_and_ends_with_bye()
    {
        var (uas, incoming) = AnsweringUas();
        await using var _ = uas;
        await using var uac = SipUserAgent.CreateMulti(Any);
        var trunk = new SipTrunk { Name = "tcp", Host = "127.0.0.1", Port = uas.LocalEndPoint.EndPoint.Port, Transport = SipTransportKind.Tcp, SessionExpires = null };
        var call = await uac.InviteAsync(trunk, "fax", SdpOfferAnswer.CreateAudioOffer(IPAddress.Loopback, 40000, 1), null, Ct);
        Assert.Equal(200, (await call.Answer.WaitAsync(Step, Ct)).StatusCode);
        var inc = await incoming.Task.WaitAsync(Step, Ct);
        Assert.Equal(SipTransportKind.Tcp, inc.Source.Transport);
        Assert.Equal("TCP", inc.Invite.TopVia!.Transport);
        Assert.Equal(uac.LocalEndPoint.EndPoint.Port, inc.Invite.TopVia.Port);
        Assert.Contains(";transport=tcp", inc.Invite.GetHeader("Contact"), StringComparison.Ordinal);
        // One connection carried INVITE, ACK and BYE; the UAS answered on it.
        Assert.Equal(SipCallEndReason.LocalHangUp, await call.HangUpAsync().WaitAsync(Step, Ct));
        Assert.Equal(1, uac.TransportSet!.Tcp!.ConnectionCount);
    }

    [Fact]
    public async Task Request_over_1300_bytes_to_a_udp_trunk_goes_over_tcp()
    {
        var (uas, incoming) = AnsweringUas();
        await using var _ = uas;
        await using var uac = SipUserAgent.CreateMulti(Any);
        var trunk = new SipTrunk { Name = "udp", Host = "127.0.0.1", Port = uas.LocalEndPoint.EndPoint.Port, SessionExpires = null };
        var call = await uac.InviteAsync(trunk, "fax", LargeOffer(), null, Ct);
        Assert.Equal(200, (await call.Answer.WaitAsync(Step, Ct)).StatusCode);
        var inc = await incoming.Task.WaitAsync(Step, Ct);
        Assert.True(inc.Invite.ToBytes().Length > 1300);
        // §18.1.1: switched to TCP, and the top Via says so.
        Assert.Equal(SipTransportKind.Tcp, inc.Source.Transport);
        Assert.Equal("TCP", inc.Invite.TopVia!.Transport);
        await call.HangUpAsync().WaitAsync(Step, Ct);
    }

    [Fact]
    public async Task Large_request_stays_on_udp_when_the_trunk_forbids_tcp()
    {
        var (uas, incoming) = AnsweringUas();
        await using var _ = uas;
        await using var uac = SipUserAgent.CreateMulti(Any);
        var trunk = new SipTrunk { Name = "udp-only", Host = "127.0.0.1", Port = uas.LocalEndPoint.EndPoint.Port, SessionExpires = null, TcpForLargeRequests = false };
        var call = await uac.InviteAsync(trunk, "fax", LargeOffer(), null, Ct);
        Assert.Equal(200, (await call.Answer.WaitAsync(Step, Ct)).StatusCode);
        var inc = await incoming.Task.WaitAsync(Step, Ct);
        Assert.Equal(SipTransportKind.Udp, inc.Source.Transport);
        Assert.Equal("UDP", inc.Invite.TopVia!.Transport);
        await call.HangUpAsync().WaitAsync(Step, Ct);
    }

    [Fact]
    public async Task Invite_to_a_closed_tcp_port_fails_at_once_with_a_transport_error()
    {
        // Held for the whole test, so the agent's own TCP listener cannot be given the port (see RefusedTcpPort).
        using var refused = new RefusedTcpPort();
        var closedPort = refused.Port;
        await using var uac = SipUserAgent.CreateMulti(Any);
        var trunk = new SipTrunk { Name = "down", Host = "127.0.0.1", Port = closedPort, Transport = SipTransportKind.Tcp, SessionExpires = null };
        var call = await uac.InviteAsync(trunk, "fax", SdpOfferAnswer.CreateAudioOffer(IPAddress.Loopback, 40000, 1), null, Ct);
        // §17.1.4: a transport error, not Timer B (32 s).
        Assert.Equal(SipCallEndReason.TransportError, await call.Completion.WaitAsync(Step, Ct));
        Assert.Equal(503, (await call.Answer).StatusCode);
    }
}
