using Gateway.Sip.Message;
using Gateway.Sip.Tests.Support;
using Gateway.Sip.Transactions;
using Gateway.Sip.Transport;
using Microsoft.Extensions.Time.Testing;

namespace Gateway.Sip.Tests.Transactions;

public sealed class SipTransactionLayerTests
{
    readonly FakeTimeProvider _time = new();

    /// <summary>Sends the first <paramref name="allowed"/> messages, then throws like a closed socket.</summary>
    sealed class FailingSender(int allowed) : ISipSender
    {
        public int Sent;
        public void Send(SipMessage message, SipEndPoint destination)
        {
            ObjectDisposedException.ThrowIf(Sent >= allowed, this);
            Sent++;
        }
    }

    [Fact]
    public void Dispose_stops_the_timers_of_every_transaction_kind()
    {
        var sender = new RecordingSender(_time);
        var layer = new SipTransactionLayer(sender, _time, SipTimers.Default);
        var invite = Messages.Invite("z9hG4bKsrv");
        var server = layer.CreateServerInvite(invite, RecordingSender.Udp);
        server.SendResponse(Messages.Response(invite, 486));              // Timer G and H
        layer.CreateClientInvite(Messages.Invite("z9hG4bKcli"), RecordingSender.Udp).Start();   // Timer A and B
        layer.CreateClientNonInvite(Messages.Options("z9hG4bKopt"), RecordingSender.Udp).Start(); // Timer E and F
        var opt = Messages.Options("z9hG4bKsrvopt");
        layer.CreateServerNonInvite(opt, RecordingSender.Udp).SendResponse(Messages.Response(opt, 200)); // Timer J
        _time.Advance(TimeSpan.FromMilliseconds(500));
        Assert.Equal(7, sender.Sent.Count); // 4 first sends + G, A and E retransmissions
        Assert.Equal(4, layer.Count);

        layer.Dispose();
        for (int i = 0; i < 70; i++) _time.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal(7, sender.Sent.Count);
        Assert.Equal(0, layer.Count);
        Assert.Equal(TransactionState.Terminated, server.State);
        Assert.Throws<ObjectDisposedException>(() => layer.CreateClientInvite(Messages.Invite("z9hG4bKlate"), RecordingSender.Udp));
    }

    [Fact]
    public void Timer_g_retransmission_into_a_closed_transport_is_reported_not_thrown()
    {
        var sender = new FailingSender(allowed: 1);
        var invite = Messages.Invite();
        var tx = new ServerInviteTransaction(invite, RecordingSender.Udp, sender, _time);
        Exception? reported = null;
        tx.TimerFaulted += (_, e) => reported = e;
        tx.SendResponse(Messages.Response(invite, 200));

        var escaped = Record.Exception(() => _time.Advance(TimeSpan.FromMilliseconds(500)));

        Assert.Null(escaped);
        Assert.IsType<ObjectDisposedException>(reported);
        Assert.Equal(1, sender.Sent);
    }

    [Fact]
    public void A_throwing_timeout_handler_does_not_escape_timer_b()
    {
        var tx = new ClientInviteTransaction(Messages.Invite(), RecordingSender.Tcp, new RecordingSender(_time), _time);
        Exception? reported = null;
        tx.TimerFaulted += (_, e) => reported = e;
        tx.TimedOut += () => throw new InvalidOperationException("handler bug");
        tx.Start();

        var escaped = Record.Exception(() => _time.Advance(TimeSpan.FromSeconds(32)));

        Assert.Null(escaped);
        Assert.IsType<InvalidOperationException>(reported);
        Assert.Equal(TransactionState.Terminated, tx.State);
    }
}
