using Gateway.Calls;
using Gateway.Sip.UserAgent;
using Gateway.Telephony;
using Microsoft.Extensions.Time.Testing;
using Polly.CircuitBreaker;

namespace Gateway.Tests.Telephony;

public sealed class TrunkGateTests
{
    private readonly FakeTimeProvider _time = new(DateTimeOffset.Parse("2026-11-28T09:00:00Z"));
    private readonly Queue<int?> _probeAnswers = new();
    private int _probes;
    private int _calls;

    private TrunkGate NewGate() => new(
        new SipTrunk { Name = "main", Host = "127.0.0.1" },
        new TrunkBreakerOptions { FailureRatio = 0.5, MinimumThroughput = 4, SamplingSeconds = 60, BreakSeconds = 30 },
        _ =>
        {
            _probes++;
            return Task.FromResult(_probeAnswers.Dequeue());
        },
        _time);

    private Func<CancellationToken, Task<FaxCallOutcome>> Call(FailureClass failure) => _ =>
    {
        _calls++;
        return Task.FromResult(new FaxCallOutcome { Failure = failure, Reason = failure.ToString() });
    };

    [Fact]
    public async Task Opens_after_repeated_network_errors_and_stops_dialing()
    {
        var gate = NewGate();
        for (int i = 0; i < 4; i++)
        {
            await gate.RunAsync(Call(FailureClass.NetworkError), CancellationToken.None);
        }

        var refused = await gate.RunAsync(Call(FailureClass.Succeeded), CancellationToken.None);

        Assert.Equal(CircuitState.Open, gate.State);
        Assert.False(gate.AcceptsCalls);
        Assert.Equal(4, _calls);
        Assert.Equal(FailureClass.NetworkError, refused.Failure);
        Assert.Contains("is down", refused.Reason);
    }

    [Fact]
    public async Task Busy_and_no_answer_do_not_count_against_the_trunk()
    {
        var gate = NewGate();
        for (int i = 0; i < 10; i++)
        {
            await gate.RunAsync(Call(i % 2 == 0 ? FailureClass.Busy : FailureClass.NoAnswer), CancellationToken.None);
        }

        Assert.Equal(CircuitState.Closed, gate.State);
        Assert.Equal(10, _calls);
    }

    [Fact]
    public async Task After_the_break_an_options_probe_decides_before_any_call_is_dialed()
    {
        var gate = NewGate();
        for (int i = 0; i < 4; i++)
        {
            await gate.RunAsync(Call(FailureClass.NetworkError), CancellationToken.None);
        }

        Assert.False(gate.AcceptsCalls);
        _time.Advance(TimeSpan.FromSeconds(31));
        Assert.True(gate.AcceptsCalls); // the break is over: the next call probes first
        _probeAnswers.Enqueue(null); // nothing answered OPTIONS
        var stillDown = await gate.RunAsync(Call(FailureClass.Succeeded), CancellationToken.None);
        Assert.Equal((1, 4), (_probes, _calls));
        Assert.Contains("did not answer the OPTIONS probe", stillDown.Reason);
        Assert.Equal(CircuitState.Open, gate.State);

        _time.Advance(TimeSpan.FromSeconds(31));
        _probeAnswers.Enqueue(200);
        var dialed = await gate.RunAsync(Call(FailureClass.Succeeded), CancellationToken.None);
        Assert.Equal((2, 5), (_probes, _calls));
        Assert.Equal(FailureClass.Succeeded, dialed.Failure);
        Assert.Equal(CircuitState.Closed, gate.State);

        await gate.RunAsync(Call(FailureClass.Succeeded), CancellationToken.None);
        Assert.Equal((2, 6), (_probes, _calls)); // closed again: no more probes
    }
}
