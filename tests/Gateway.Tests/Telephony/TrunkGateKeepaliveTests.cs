using Gateway.Calls;
using Gateway.Sip.UserAgent;
using Gateway.Telephony;
using Microsoft.Extensions.Time.Testing;

namespace Gateway.Tests.Telephony;

public sealed class TrunkGateKeepaliveTests
{
    private readonly FakeTimeProvider _time = new(DateTimeOffset.Parse("2026-11-29T03:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
    private readonly SipTrunk _trunk = new() { Name = "main", Host = "127.0.0.1" };

    [Fact]
    public async Task While_the_keepalive_says_down_no_call_is_dialed_and_once_up_again_calls_go()
    {
        var gate = new TrunkGate(_trunk, new TrunkBreakerOptions(), _ => Task.FromResult<int?>(200), _time);
        int dialed = 0;
        Task<FaxCallOutcome> Call(CancellationToken _)
        {
            dialed++;
            return Task.FromResult(new FaxCallOutcome { Failure = FailureClass.Succeeded, Reason = "ok" });
        }

        gate.OnKeepalive(new SipTrunkStateChange(_trunk, SipTrunkState.Unknown, SipTrunkState.Down, null, _time.GetUtcNow()));
        Assert.True(gate.KeepaliveDown);
        Assert.False(gate.AcceptsCalls);
        FaxCallOutcome refused = await gate.RunAsync(Call, TestContext.Current.CancellationToken);
        Assert.Equal(FailureClass.NetworkError, refused.Failure);
        Assert.Contains("keepalive", refused.Reason, StringComparison.Ordinal);
        Assert.Equal(0, dialed);

        gate.OnKeepalive(new SipTrunkStateChange(_trunk, SipTrunkState.Down, SipTrunkState.Up, 200, _time.GetUtcNow()));
        Assert.True(gate.AcceptsCalls);
        Assert.Equal(FailureClass.Succeeded, (await gate.RunAsync(Call, TestContext.Current.CancellationToken)).Failure);
        Assert.Equal(1, dialed);
    }

    [Fact]
    public async Task Refusals_while_down_do_not_open_the_breaker()
    {
        var gate = new TrunkGate(_trunk, new TrunkBreakerOptions { MinimumThroughput = 2, FailureRatio = 0.5 }, _ => Task.FromResult<int?>(200), _time);
        gate.OnKeepalive(new SipTrunkStateChange(_trunk, SipTrunkState.Unknown, SipTrunkState.Down, 503, _time.GetUtcNow()));
        for (int i = 0; i < 5; i++)
        {
            await gate.RunAsync(_ => throw new InvalidOperationException("not dialed"), TestContext.Current.CancellationToken);
        }

        gate.OnKeepalive(new SipTrunkStateChange(_trunk, SipTrunkState.Down, SipTrunkState.Up, 200, _time.GetUtcNow()));
        Assert.Equal(Polly.CircuitBreaker.CircuitState.Closed, gate.State);
    }
}
