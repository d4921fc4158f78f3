using System.Net;
using Gateway.Sip.UserAgent;
using Microsoft.Extensions.Time.Testing;

namespace Gateway.Sip.Tests.UserAgent;

/// <summary>OPTIONS keepalive against our own UAS over real UDP on 127.0.0.1; probe timing and Timer F on a FakeTimeProvider.</summary>
public class SipTrunkKeepaliveTests
{
    static readonly TimeSpan Step = TimeSpan.FromSeconds(10);
    static CancellationToken Ct => TestContext.Current.CancellationToken;
    static readonly IPEndPoint Any = new(IPAddress.Loopback, 0);

    /// <summary>Advances fake time in small steps (letting socket I/O run) until <paramref name="done"/> or the budget is spent.</summary>
    static async Task AdvanceUntilAsync(FakeTimeProvider time, Func<bool> done, TimeSpan budget)
    {
        var spent = TimeSpan.Zero;
        while (!done() && spent < budget)
        {
            await Task.Delay(5, Ct);
            time.Advance(TimeSpan.FromMilliseconds(500));
            spent += TimeSpan.FromMilliseconds(500);
        }
        for (int i = 0; i < 100 && !done(); i++) await Task.Delay(10, Ct);
        Assert.True(done(), "condition not reached");
    }

    [Fact]
    public async Task Trunk_goes_up_on_a_response_down_after_two_unanswered_probes_and_up_again()
    {
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-11-28T12:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        var far = SipUserAgent.CreateUdp(Any);
        int port = far.LocalEndPoint.EndPoint.Port;
        await using var ua = SipUserAgent.CreateUdp(Any, time: time);
        var trunk = new SipTrunk { Name = "k", Host = "127.0.0.1", Port = port, KeepaliveInterval = TimeSpan.FromSeconds(30), KeepaliveFailuresToDown = 2 };
        var changes = new List<SipTrunkStateChange>();
        await using var keepalive = new SipTrunkKeepalive(ua, trunk);
        keepalive.StateChanged += c => { lock (changes) changes.Add(c); };
        keepalive.Start();
        await AdvanceUntilAsync(time, () => keepalive.State == SipTrunkState.Up, TimeSpan.FromSeconds(1));
        Assert.Equal(200, keepalive.LastStatusCode);

        // The far end goes away: the next probes get no answer (Timer F, 32 s each); the second failure marks it down.
        await far.DisposeAsync();
        await AdvanceUntilAsync(time, () => keepalive.LastStatusCode is null, TimeSpan.FromSeconds(70));
        Assert.Equal(SipTrunkState.Up, keepalive.State);
        await AdvanceUntilAsync(time, () => keepalive.State == SipTrunkState.Down, TimeSpan.FromSeconds(70));

        // It comes back on the same port: the next probe marks it up.
        await using var back = SipUserAgent.CreateUdp(new IPEndPoint(IPAddress.Loopback, port));
        await AdvanceUntilAsync(time, () => keepalive.State == SipTrunkState.Up, TimeSpan.FromSeconds(70));

        lock (changes)
        {
            Assert.Equal([SipTrunkState.Up, SipTrunkState.Down, SipTrunkState.Up], changes.Select(c => c.Current));
            Assert.Null(changes[1].StatusCode);
            Assert.Equal(200, changes[2].StatusCode);
            // Down came after two probes 30 s apart, each waiting Timer F (64·T1 = 32 s).
            Assert.True(changes[1].At - changes[0].At >= TimeSpan.FromSeconds(2 * 30 + 2 * 32 - 1), $"{changes[1].At - changes[0].At}");
        }
    }
}
