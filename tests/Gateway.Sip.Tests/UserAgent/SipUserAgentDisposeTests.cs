using System.Net;
using Gateway.Sip.Message;
using Gateway.Sip.Sdp;
using Gateway.Sip.Tests.Support;
using Gateway.Sip.Transport;
using Gateway.Sip.UserAgent;
using Microsoft.Extensions.Time.Testing;

namespace Gateway.Sip.Tests.UserAgent;

/// <summary>
/// Disposing the agent stops every transaction timer on every transport: nothing is sent afterwards,
/// no timer callback throws (a CI run once lost its test host to an ObjectDisposedException from a
/// Timer G retransmission after the UDP socket closed), and pending requests complete as cancelled.
/// </summary>
public sealed class SipUserAgentDisposeTests
{
    static CancellationToken Ct => TestContext.Current.CancellationToken;
    static readonly IPEndPoint Loopback = new(IPAddress.Loopback, 0);

    /// <summary>Counts sends and fails like a naive transport would once closed.</summary>
    sealed class ClosingAwareTransport(ISipTransport inner) : ISipTransport
    {
        int _sent, _afterClose, _closed;
        public int Sent => Volatile.Read(ref _sent);
        public int SentAfterClose => Volatile.Read(ref _afterClose);
        public SipEndPoint LocalEndPoint => inner.LocalEndPoint;
        public event Action<SipMessage, SipEndPoint>? MessageReceived { add => inner.MessageReceived += value; remove => inner.MessageReceived -= value; }

        public void Send(SipMessage message, SipEndPoint destination)
        {
            bool closed = Volatile.Read(ref _closed) != 0;
            if (closed) Interlocked.Increment(ref _afterClose);
            ObjectDisposedException.ThrowIf(closed, this);
            Interlocked.Increment(ref _sent);
            inner.Send(message, destination);
        }

        public ValueTask DisposeAsync()
        {
            Volatile.Write(ref _closed, 1);
            return inner.DisposeAsync();
        }
    }

    /// <summary>A far end that receives and never answers, so our timers keep running.</summary>
    static ISipTransport SilentPeer(SipTransportKind kind) => kind switch
    {
        SipTransportKind.Udp => new UdpSipTransport(Loopback),
        SipTransportKind.Tcp => new TcpSipTransport(Loopback),
        _ => new TlsSipTransport(Loopback, TestCertificates.SelfSigned()),
    };

    static async Task WaitForAsync(Func<bool> condition)
    {
        for (int i = 0; i < 3000 && !condition(); i++) await Task.Delay(10, Ct);
        Assert.True(condition());
    }

    [Theory]
    [InlineData(SipTransportKind.Udp)]
    [InlineData(SipTransportKind.Tcp)]
    [InlineData(SipTransportKind.Tls)]
    public async Task Dispose_stops_invite_and_options_timers_and_cancels_pending_requests(SipTransportKind kind)
    {
        var time = new FakeTimeProvider();
        await using var peer = SilentPeer(kind);
        int peerReceived = 0;
        peer.MessageReceived += (_, _) => Interlocked.Increment(ref peerReceived);
        var set = SipTransportSet.Bind(Loopback, tcp: true, tlsBind: Loopback);
        set.Tls!.SetClientOptions("127.0.0.1", new SipTlsClientOptions { ValidateCertificate = false }); // the agent sees only the wrapper
        var transport = new ClosingAwareTransport(set);
        var ua = new SipUserAgent(transport, time: time);
        var trunk = new SipTrunk
        {
            Name = "silent",
            Host = "127.0.0.1",
            Port = peer.LocalEndPoint.EndPoint.Port,
            Transport = kind,
            SessionExpires = null,
            Tls = new SipTlsClientOptions { ValidateCertificate = false },
        };

        var call = await ua.InviteAsync(trunk, "fax", SdpOfferAnswer.CreateAudioOffer(IPAddress.Loopback, 40000, 1), null, Ct);
        var ping = ua.PingAsync(trunk, Ct);
        await WaitForAsync(() => Volatile.Read(ref peerReceived) == 2);
        if (kind == SipTransportKind.Udp)
        {
            // Timers A and E are running: the first retransmissions leave at T1.
            time.Advance(TimeSpan.FromMilliseconds(500));
            Assert.Equal(4, transport.Sent);
        }
        Assert.Equal(2, ua.Transactions.Count);

        await ua.DisposeAsync();
        Assert.Equal(0, ua.Transactions.Count); // abandoned at once, not left for Timers B and F
        int sentAtDispose = transport.Sent;
        var escaped = Record.Exception(() => { for (int i = 0; i < 70; i++) time.Advance(TimeSpan.FromSeconds(1)); });

        Assert.Null(escaped);
        Assert.Equal(0, transport.SentAfterClose);
        Assert.Equal(sentAtDispose, transport.Sent);
        Assert.Equal(0, ua.Transactions.Count);
        Assert.Equal(SipCallEndReason.TransportError, await call.Completion.WaitAsync(TimeSpan.FromSeconds(5), Ct));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => ping.WaitAsync(TimeSpan.FromSeconds(5), Ct));
        await Assert.ThrowsAsync<ObjectDisposedException>(() => ua.InviteAsync(trunk, "fax", SdpOfferAnswer.CreateAudioOffer(IPAddress.Loopback, 40000, 1), null, Ct));
    }

    [Theory]
    [InlineData(SipTransportKind.Udp)]
    [InlineData(SipTransportKind.Tcp)]
    [InlineData(SipTransportKind.Tls)]
    public async Task Answered_call_awaiting_its_ack_sends_nothing_after_dispose(SipTransportKind kind)
    {
        // The UAS side: our 200 waits for an ACK that never comes (Timer G on UDP, Timer H on all).
        var time = new FakeTimeProvider();
        var set = SipTransportSet.Bind(Loopback, tcp: true, tlsBind: Loopback, tlsCertificate: TestCertificates.SelfSigned());
        var transport = new ClosingAwareTransport(set);
        var uas = new SipUserAgent(transport, time: time);
        var answered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        uas.IncomingCall += incoming =>
        {
            incoming.Answer(SdpOfferAnswer.CreateAnswer(incoming.Offer!, new SdpOrigin("far", 9, 1, "IN", "IP4", "127.0.0.1"), SdpConnection.For(IPAddress.Loopback),
                m => new SdpMedia { Media = "audio", Port = 50000, Protocol = "RTP/AVP", Formats = { "0" } }));
            answered.TrySetResult();
        };
        await using var peer = SilentPeer(kind);
        (peer as TlsSipTransport)?.SetClientOptions("127.0.0.1", new SipTlsClientOptions { ValidateCertificate = false });
        int port = set.LocalEndPointFor(kind)!.Value.EndPoint.Port;
        // A bare transport sends the INVITE, so nobody will ever ACK our 200.
        var sdp = SdpWriter.ToBytes(SdpOfferAnswer.CreateAudioOffer(IPAddress.Loopback, 40000, 1));
        var invite = (SipRequest)Messages.Parse(
            $"INVITE sip:fax@127.0.0.1:{port} SIP/2.0\r\nVia: SIP/2.0/{peer.LocalEndPoint.ViaTransport} 127.0.0.1:{peer.LocalEndPoint.EndPoint.Port};branch=z9hG4bKdispose\r\n" +
            "Max-Forwards: 70\r\nFrom: <sip:peer@127.0.0.1>;tag=p1\r\nTo: <sip:fax@127.0.0.1>\r\nCall-ID: dispose@127.0.0.1\r\nCSeq: 1 INVITE\r\n" +
            $"Contact: <sip:peer@127.0.0.1:{peer.LocalEndPoint.EndPoint.Port}>\r\nContent-Type: application/sdp\r\nContent-Length: 0\r\n\r\n");
        invite.Body = sdp;
        peer.Send(invite, new SipEndPoint(kind, new IPEndPoint(IPAddress.Loopback, port)) { ServerName = "127.0.0.1" });
        await answered.Task.WaitAsync(TimeSpan.FromSeconds(30), Ct);
        Assert.Equal(1, uas.Transactions.Count);

        await uas.DisposeAsync();
        Assert.Equal(0, uas.Transactions.Count);
        var escaped = Record.Exception(() => { for (int i = 0; i < 70; i++) time.Advance(TimeSpan.FromSeconds(1)); });

        Assert.Null(escaped);
        Assert.Equal(0, transport.SentAfterClose);
        Assert.Equal(0, uas.Transactions.Count);
    }
}
