using Gateway.Sip.Tests.Support;
using Gateway.Sip.Transactions;
using Microsoft.Extensions.Time.Testing;

namespace Gateway.Sip.Tests.Transactions;

public class ClientNonInviteTransactionTests
{
    readonly FakeTimeProvider _time = new();

    static void Step(FakeTimeProvider t, double seconds) { for (int i = 0; i < seconds * 10; i++) t.Advance(TimeSpan.FromMilliseconds(100)); }

    [Fact]
    public void Retransmits_with_interval_capped_at_t2_until_timer_f()
    {
        var sender = new RecordingSender(_time);
        var tx = new ClientNonInviteTransaction(Messages.Options(), RecordingSender.Udp, sender, _time);
        bool timedOut = false;
        tx.TimedOut += () => timedOut = true;
        tx.Start();
        Step(_time, 31.9);
        Assert.Equal([0, 0.5, 1.5, 3.5, 7.5, 11.5, 15.5, 19.5, 23.5, 27.5, 31.5], sender.Sent.Select(s => Math.Round(s.At.TotalSeconds, 1)));
        Assert.False(timedOut);
        Step(_time, 0.1);
        Assert.True(timedOut);
    }

    [Fact]
    public void Retransmits_every_t2_in_proceeding()
    {
        var sender = new RecordingSender(_time);
        var req = Messages.Options();
        var tx = new ClientNonInviteTransaction(req, RecordingSender.Udp, sender, _time);
        tx.Start();
        tx.OnResponse(Messages.Response(req, 100, null));
        Step(_time, 9.5);
        Assert.Equal([0, 0.5, 4.5, 8.5], sender.Sent.Select(s => Math.Round(s.At.TotalSeconds, 1)));
    }

    [Fact]
    public void Final_response_completes_and_timer_k_terminates_after_t4()
    {
        var sender = new RecordingSender(_time);
        var req = Messages.Options();
        var tx = new ClientNonInviteTransaction(req, RecordingSender.Udp, sender, _time);
        int delivered = 0;
        tx.ResponseReceived += _ => delivered++;
        tx.Start();
        tx.OnResponse(Messages.Response(req, 200));
        tx.OnResponse(Messages.Response(req, 200));
        Assert.Equal(1, delivered);
        Assert.Equal(TransactionState.Completed, tx.State);
        Step(_time, 4.9);
        Assert.Equal(TransactionState.Completed, tx.State);
        Step(_time, 0.1);
        Assert.Equal(TransactionState.Terminated, tx.State);
        Assert.Single(sender.Sent);
    }
}
