using Gateway.Campaigns.Dispatch;
using Gateway.Campaigns.Store;
using Microsoft.Extensions.Time.Testing;

namespace Gateway.Campaigns.Tests.Dispatch;

public sealed class TrunkStartGateTests
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 10, 8, 0, 0, TimeSpan.Zero);
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_polly_limiter_refuses_before_the_claim_runs()
    {
        var time = new FakeTimeProvider(T0);
        using var gate = new TrunkStartGate(1, time);
        var claims = 0;
        Task<ClaimResult> Claim(CancellationToken _)
        {
            claims++;
            return Task.FromResult(new ClaimResult(ClaimStatus.Claimed));
        }

        Assert.Equal(ClaimStatus.Claimed, (await gate.ClaimAsync(Claim, Ct))!.Status);
        Assert.Null(await gate.ClaimAsync(Claim, Ct));
        Assert.Equal(1, claims);
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.NotNull(await gate.ClaimAsync(Claim, Ct));
        Assert.Equal(2, claims);
    }

    [Fact]
    public async Task A_failing_claim_propagates_its_exception()
    {
        using var gate = new TrunkStartGate(5, new FakeTimeProvider(T0));
        await Assert.ThrowsAsync<TimeoutException>(async () =>
            await gate.ClaimAsync(_ => Task.FromException<ClaimResult>(new TimeoutException("store down")), Ct));
    }
}
