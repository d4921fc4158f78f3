using Gateway.Sip.Message;
using Gateway.Sip.Tests.Support;
using Gateway.Sip.Transactions;
using Microsoft.Extensions.Time.Testing;

namespace Gateway.Sip.Tests.Transactions;

public class ServerTransactionTests
{
    readonly FakeTimeProvider _time = new();

    static void Step(FakeTimeProvider t, double seconds) { for (int i = 0; i < seconds * 10; i++) t.Advance(TimeSpan.FromMilliseconds(100)); }

    static SipRequest AckFor(SipRequest invite) => (SipRequest)Messages.Parse(
        "ACK sip:bob@127.0.0.1:5099 SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:5060;branch=z9hG4bKtest1\r\n" +
        "From: <sip:gw@127.0.0.1>;tag=ft1\r\nTo: <sip:bob@127.0.0.1>;tag=tt1\r\nCall-ID: call-1@127.0.0.1\r\nCSeq: 1 ACK\r\nContent-Length: 0\r\n\r\n");

    [Fact]
    public void Retransmits_error_response_with_timer_g_until_ack_then_timer_i()
    {
        var sender = new RecordingSender(_time);
        var invite = Messages.Invite();
        var tx = new ServerInviteTransaction(invite, RecordingSender.Udp, sender, _time);
        tx.SendResponse(Messages.Response(invite, 100, null));
        tx.SendResponse(Messages.Response(invite, 486));
        Step(_time, 7.6);
        Assert.Equal([0, 0, 0.5, 1.5, 3.5, 7.5], sender.Sent.Select(s => Math.Round(s.At.TotalSeconds, 1)));
        tx.OnAck(AckFor(invite));
        Assert.Equal(TransactionState.Confirmed, tx.State);
        Step(_time, 5);
        Assert.Equal(6, sender.Sent.Count);
        Assert.Equal(TransactionState.Terminated, tx.State);
    }

    [Fact]
    public void Timer_h_reports_missing_ack()
    {
        var sender = new RecordingSender(_time);
        var invite = Messages.Invite();
        var tx = new ServerInviteTransaction(invite, RecordingSender.Udp, sender, _time);
        bool timeout = false;
        tx.AckTimedOut += () => timeout = true;
        tx.SendResponse(Messages.Response(invite, 603));
        Step(_time, 32);
        Assert.True(timeout);
        Assert.Equal(TransactionState.Terminated, tx.State);
    }

    [Fact]
    public void Retransmits_2xx_until_the_ack_and_passes_the_ack_up()
    {
        var sender = new RecordingSender(_time);
        var invite = Messages.Invite();
        var tx = new ServerInviteTransaction(invite, RecordingSender.Udp, sender, _time);
        SipRequest? ack = null;
        tx.AckReceived += a => ack = a;
        tx.SendResponse(Messages.Response(invite, 200));
        Step(_time, 1.6);
        Assert.Equal(3, sender.Sent.Count);
        tx.OnAck(AckFor(invite));
        Assert.NotNull(ack);
        Step(_time, 10);
        Assert.Equal(3, sender.Sent.Count);
        Assert.Equal(TransactionState.Terminated, tx.State);
    }

    [Fact]
    public void Retransmitted_invite_gets_the_last_provisional_again()
    {
        var sender = new RecordingSender(_time);
        var invite = Messages.Invite();
        var tx = new ServerInviteTransaction(invite, RecordingSender.Udp, sender, _time);
        tx.SendResponse(Messages.Response(invite, 180));
        tx.OnRetransmittedRequest();
        Assert.Equal(2, sender.Sent.Count);
        Assert.Equal(sender.Sent[0].Bytes, sender.Sent[1].Bytes);
    }

    [Fact]
    public void Non_invite_server_repeats_final_for_retransmissions_until_timer_j()
    {
        var sender = new RecordingSender(_time);
        var req = Messages.Options();
        var tx = new ServerNonInviteTransaction(req, RecordingSender.Udp, sender, _time);
        tx.SendResponse(Messages.Response(req, 200));
        tx.OnRetransmittedRequest();
        Assert.Equal(2, sender.Sent.Count);
        Step(_time, 31.9);
        Assert.Equal(TransactionState.Completed, tx.State);
        Step(_time, 0.1);
        Assert.Equal(TransactionState.Terminated, tx.State);
        Assert.Throws<InvalidOperationException>(() => tx.SendResponse(Messages.Response(req, 500)));
    }
}
