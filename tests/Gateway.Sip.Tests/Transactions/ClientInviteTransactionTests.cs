using Gateway.Sip.Message;
using Gateway.Sip.Tests.Support;
using Gateway.Sip.Transactions;
using Microsoft.Extensions.Time.Testing;

namespace Gateway.Sip.Tests.Transactions;

public class ClientInviteTransactionTests
{
    readonly FakeTimeProvider _time = new();

    static void Step(FakeTimeProvider t, double seconds) { for (int i = 0; i < seconds * 10; i++) t.Advance(TimeSpan.FromMilliseconds(100)); }

    [Fact]
    public void Retransmits_invite_with_doubling_interval_until_timer_b()
    {
        var sender = new RecordingSender(_time);
        var tx = new ClientInviteTransaction(Messages.Invite(), RecordingSender.Udp, sender, _time);
        bool timedOut = false, terminated = false;
        tx.TimedOut += () => timedOut = true;
        tx.Terminated += _ => terminated = true;
        tx.Start();
        Step(_time, 31.9);
        Assert.Equal([0, 0.5, 1.5, 3.5, 7.5, 15.5, 31.5], sender.Sent.Select(s => s.At.TotalSeconds));
        Assert.False(timedOut);
        Step(_time, 0.1);
        Assert.True(timedOut);
        Assert.True(terminated);
        Assert.Equal(TransactionState.Terminated, tx.State);
        Assert.All(sender.Sent, s => Assert.Equal(sender.Sent[0].Bytes, s.Bytes));
    }

    [Fact]
    public void Provisional_response_stops_retransmission_and_timer_b()
    {
        var sender = new RecordingSender(_time);
        var invite = Messages.Invite();
        var tx = new ClientInviteTransaction(invite, RecordingSender.Udp, sender, _time);
        var got = new List<int>();
        bool timedOut = false;
        tx.ResponseReceived += r => got.Add(r.StatusCode);
        tx.TimedOut += () => timedOut = true;
        tx.Start();
        Step(_time, 0.7);
        tx.OnResponse(Messages.Response(invite, 180));
        Step(_time, 60);
        Assert.Equal(2, sender.Sent.Count);
        Assert.False(timedOut);
        Assert.Equal([180], got);
        Assert.Equal(TransactionState.Proceeding, tx.State);
    }

    [Fact]
    public void Acks_non_2xx_final_in_transaction_and_absorbs_retransmissions_until_timer_d()
    {
        var sender = new RecordingSender(_time);
        var invite = Messages.Invite();
        var tx = new ClientInviteTransaction(invite, RecordingSender.Udp, sender, _time);
        var got = new List<int>();
        tx.ResponseReceived += r => got.Add(r.StatusCode);
        tx.Start();
        var busy = Messages.Response(invite, 486);
        tx.OnResponse(busy);
        Assert.Equal(TransactionState.Completed, tx.State);
        Assert.Equal(
            "ACK sip:bob@127.0.0.1:5099 SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:5060;branch=z9hG4bKtest1;rport\r\nMax-Forwards: 70\r\n" +
            "From: <sip:gw@127.0.0.1>;tag=ft1\r\nTo: <sip:bob@127.0.0.1>;tag=tt1\r\nCall-ID: call-1@127.0.0.1\r\nCSeq: 1 ACK\r\n" +
            "Route: <sip:proxy.example;lr>\r\nContent-Length: 0\r\n\r\n", sender.Text(1));
        tx.OnResponse(busy);
        Assert.Equal(3, sender.Sent.Count);
        Assert.Equal(sender.Sent[1].Bytes, sender.Sent[2].Bytes);
        Assert.Equal([486], got);
        Step(_time, 31.9);
        Assert.Equal(TransactionState.Completed, tx.State);
        Step(_time, 0.1);
        Assert.Equal(TransactionState.Terminated, tx.State);
    }

    [Fact]
    public void Two_hundred_enters_accepted_and_passes_retransmitted_and_forked_2xx_until_timer_m()
    {
        var sender = new RecordingSender(_time);
        var invite = Messages.Invite();
        var tx = new ClientInviteTransaction(invite, RecordingSender.Udp, sender, _time);
        var tags = new List<string?>();
        tx.ResponseReceived += r => tags.Add(r.To!.Tag);
        tx.Start();
        tx.OnResponse(Messages.Response(invite, 200, "a"));
        Assert.Equal(TransactionState.Accepted, tx.State);
        tx.OnResponse(Messages.Response(invite, 200, "a"));
        tx.OnResponse(Messages.Response(invite, 200, "b"));
        tx.OnResponse(Messages.Response(invite, 486, "c"));
        Assert.Equal(["a", "a", "b"], tags);
        Assert.Single(sender.Sent); // no ACK from the transaction for 2xx (§13.2.2.4)
        Step(_time, 32);
        Assert.Equal(TransactionState.Terminated, tx.State);
    }

    [Fact]
    public void Reliable_transport_sends_once_and_terminates_on_final_without_timer_d()
    {
        var sender = new RecordingSender(_time);
        var invite = Messages.Invite();
        var tx = new ClientInviteTransaction(invite, RecordingSender.Tcp, sender, _time);
        tx.Start();
        Step(_time, 10);
        Assert.Single(sender.Sent);
        tx.OnResponse(Messages.Response(invite, 503));
        Assert.Equal(TransactionState.Terminated, tx.State);
        Assert.Equal(SipMethod.Ack, ((SipRequest)sender.Parsed(1)).Method);
    }
}
