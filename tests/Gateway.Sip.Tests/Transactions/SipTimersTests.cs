using Gateway.Sip.Tests.Support;
using Gateway.Sip.Transactions;
using Gateway.Sip.Transport;
using Microsoft.Extensions.Time.Testing;

namespace Gateway.Sip.Tests.Transactions;

/// <summary>RFC 3261 §17 Table 4 with a non-default T1/T4, observed on the transactions themselves.</summary>
public sealed class SipTimersTests
{
    static readonly SipTimers Fast = new() { T1 = TimeSpan.FromMilliseconds(100), T2 = TimeSpan.FromMilliseconds(400), T4 = TimeSpan.FromSeconds(2) };
    readonly FakeTimeProvider _time = new();

    /// <summary>Advances in 10 ms steps until the state changes; returns the elapsed time.</summary>
    TimeSpan UntilTerminated(SipTransaction tx, TimeSpan limit)
    {
        var start = _time.GetUtcNow();
        while (tx.State != TransactionState.Terminated && _time.GetUtcNow() - start < limit) _time.Advance(TimeSpan.FromMilliseconds(10));
        return _time.GetUtcNow() - start;
    }

    [Fact]
    public void Timer_b_and_f_are_64_t1()
    {
        var invite = new ClientInviteTransaction(Messages.Invite(), RecordingSender.Udp, new RecordingSender(_time), _time, Fast);
        var options = new ClientNonInviteTransaction(Messages.Options(), RecordingSender.Udp, new RecordingSender(_time), _time, Fast);
        invite.Start(); options.Start();
        Assert.Equal(TimeSpan.FromMilliseconds(6400), UntilTerminated(invite, TimeSpan.FromSeconds(60)));
        Assert.Equal(TransactionState.Terminated, options.State);
    }

    [Theory]
    [InlineData(SipTransportKind.Udp, 32_000)] // Timer D: at least 32 s for unreliable transports, even with a small T1
    [InlineData(SipTransportKind.Tcp, 0)]
    public void Timer_d(SipTransportKind kind, int ms)
    {
        var to = kind == SipTransportKind.Udp ? RecordingSender.Udp : RecordingSender.Tcp;
        var invite = Messages.Invite();
        var tx = new ClientInviteTransaction(invite, to, new RecordingSender(_time), _time, Fast);
        tx.Start();
        tx.OnResponse(Messages.Response(invite, 486));
        Assert.Equal(TimeSpan.FromMilliseconds(ms), UntilTerminated(tx, TimeSpan.FromSeconds(60)));
    }

    [Theory]
    [InlineData(SipTransportKind.Udp, 2_000)] // Timer K = T4
    [InlineData(SipTransportKind.Tcp, 0)]
    public void Timer_k(SipTransportKind kind, int ms)
    {
        var req = Messages.Options();
        var tx = new ClientNonInviteTransaction(req, kind == SipTransportKind.Udp ? RecordingSender.Udp : RecordingSender.Tcp, new RecordingSender(_time), _time, Fast);
        tx.Start();
        tx.OnResponse(Messages.Response(req, 200));
        Assert.Equal(TimeSpan.FromMilliseconds(ms), UntilTerminated(tx, TimeSpan.FromSeconds(60)));
    }

    [Theory]
    [InlineData(SipTransportKind.Udp, 6_400)] // Timer J = 64·T1
    [InlineData(SipTransportKind.Tcp, 0)]
    public void Timer_j(SipTransportKind kind, int ms)
    {
        var req = Messages.Options();
        var tx = new ServerNonInviteTransaction(req, kind == SipTransportKind.Udp ? RecordingSender.Udp : RecordingSender.Tcp, new RecordingSender(_time), _time, Fast);
        tx.SendResponse(Messages.Response(req, 200));
        Assert.Equal(TimeSpan.FromMilliseconds(ms), UntilTerminated(tx, TimeSpan.FromSeconds(60)));
    }

    [Fact]
    public void Timer_g_doubles_to_t2_and_timer_h_is_64_t1()
    {
        var sender = new RecordingSender(_time);
        var invite = Messages.Invite();
        var tx = new ServerInviteTransaction(invite, RecordingSender.Udp, sender, _time, Fast);
        tx.SendResponse(Messages.Response(invite, 486));
        Assert.Equal(TimeSpan.FromMilliseconds(6400), UntilTerminated(tx, TimeSpan.FromSeconds(60)));
        var gaps = sender.Sent.Zip(sender.Sent.Skip(1), (a, b) => (int)Math.Round((b.At - a.At).TotalMilliseconds)).Take(5);
        Assert.Equal([100, 200, 400, 400, 400], gaps);
    }

    [Fact]
    public void Timer_m_is_64_t1()
    {
        var invite = Messages.Invite();
        var tx = new ClientInviteTransaction(invite, RecordingSender.Udp, new RecordingSender(_time), _time, Fast);
        tx.Start();
        tx.OnResponse(Messages.Response(invite, 200));
        Assert.Equal(TransactionState.Accepted, tx.State);
        Assert.Equal(TimeSpan.FromMilliseconds(6400), UntilTerminated(tx, TimeSpan.FromSeconds(60)));
    }
}
