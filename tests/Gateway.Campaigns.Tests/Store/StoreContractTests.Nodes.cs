using Gateway.Campaigns.Dispatch;
using Gateway.Campaigns.Domain;
using Gateway.Campaigns.Store;
using static Gateway.Campaigns.Tests.Store.StoreFixtures;

namespace Gateway.Campaigns.Tests.Store;

/// <summary>Node identity (docs/store.md "Node identity") and the store-wide trunk rate (docs/store.md "Trunk limits").</summary>
public abstract partial class StoreContractTests
{
    [Fact]
    public async Task Node_lock_has_one_live_holder_per_node_id()
    {
        var ct = TestContext.Current.CancellationToken;
        var a = await Store.TryLockNodeAsync("node-a", ct);
        Assert.NotNull(a);
        Assert.Null(await Store.TryLockNodeAsync("node-a", ct));
        var b = await Store.TryLockNodeAsync("node-b", ct);
        Assert.NotNull(b);
        await a.DisposeAsync();
        var again = await Store.TryLockNodeAsync("node-a", ct);
        Assert.NotNull(again);
        await again.DisposeAsync();
        await b.DisposeAsync();
    }

    [Fact]
    public async Task Own_dead_lease_is_recovered_before_expiry_only_by_its_own_node()
    {
        var ct = TestContext.Current.CancellationToken;
        var (_, jobs) = await SeedAsync(Store, CampaignState.Active, "+77270000001", "+77270000002");
        var first = (await Store.TryClaimAsync(Claim(jobs[0].Id, "node-a"), ct)).Attempt!;
        await Store.TryClaimAsync(Claim(jobs[1].Id, "node-b"), ct);
        var open = Assert.Single(await Store.GetOpenAttemptsAsync("node-a", 10, ct));
        Assert.Equal(first.Id, open.Id);

        AttemptCompletion Own(string node) =>
            new(open.Id, node, T0.AddSeconds(5), Dispatcher.LostCallOutcome(open), new JobDecision(JobState.Pending, T0.AddMinutes(2), 0), Recovery: true, OwnerDead: true);
        Assert.False(await Store.CompleteAttemptAsync(Own("node-b"), ct)); // not node-b's lease, and not expired
        Assert.True(await Store.CompleteAttemptAsync(Own("node-a"), ct));
        Assert.Equal(AttemptState.Expired, (await Store.GetAttemptAsync(open.Id, ct))!.State);
        Assert.Empty(await Store.GetOpenAttemptsAsync("node-a", 10, ct));
        Assert.Single(await Store.GetOpenAttemptsAsync("node-b", 10, ct));
        Assert.Equal(ClaimStatus.Claimed, (await Store.TryClaimAsync(Claim(jobs[0].Id, "node-a", T0.AddMinutes(2)), ct)).Status); // number and trunk freed
    }

    [Fact]
    public async Task Trunk_call_starts_per_second_are_counted_over_all_claimants()
    {
        var ct = TestContext.Current.CancellationToken;
        var (_, jobs) = await SeedAsync(Store, CampaignState.Active, Enumerable.Range(0, 8).Select(i => $"+7727000{i:D4}").ToArray());
        ClaimRequest At(int job, string node, DateTimeOffset now) => Claim(jobs[job].Id, node, now) with { TrunkCallsPerSecond = 2 };

        // Rate 2/s: a burst of 2 at one instant over all nodes, then one start per 500 ms.
        Assert.Equal(ClaimStatus.Claimed, (await Store.TryClaimAsync(At(0, "node-a", T0), ct)).Status);
        Assert.Equal(ClaimStatus.Claimed, (await Store.TryClaimAsync(At(1, "node-b", T0), ct)).Status);
        Assert.Equal(ClaimStatus.TrunkRateLimited, (await Store.TryClaimAsync(At(2, "node-c", T0), ct)).Status);
        Assert.Equal(ClaimStatus.TrunkRateLimited, (await Store.TryClaimAsync(At(2, "node-a", T0.AddMilliseconds(499)), ct)).Status);
        Assert.Equal(ClaimStatus.Claimed, (await Store.TryClaimAsync(At(2, "node-c", T0.AddMilliseconds(500)), ct)).Status);
        Assert.Equal(ClaimStatus.TrunkRateLimited, (await Store.TryClaimAsync(At(3, "node-b", T0.AddMilliseconds(999)), ct)).Status);
        Assert.Equal(ClaimStatus.Claimed, (await Store.TryClaimAsync(At(3, "node-b", T0.AddMilliseconds(1000)), ct)).Status);

        // After a quiet spell the burst is available again, never more.
        Assert.Equal(ClaimStatus.Claimed, (await Store.TryClaimAsync(At(4, "node-a", T0.AddSeconds(10)), ct)).Status);
        Assert.Equal(ClaimStatus.Claimed, (await Store.TryClaimAsync(At(5, "node-b", T0.AddSeconds(10)), ct)).Status);
        Assert.Equal(ClaimStatus.TrunkRateLimited, (await Store.TryClaimAsync(At(6, "node-c", T0.AddSeconds(10)), ct)).Status);

        // A full trunk says so, not rate limited; a refused claim leaves the job Pending.
        Assert.Equal(ClaimStatus.TrunkFull, (await Store.TryClaimAsync(At(6, "node-c", T0.AddSeconds(20)) with { TrunkChannels = 6 }, ct)).Status);
        Assert.Equal(JobState.Pending, (await Store.GetJobAsync(jobs[6].Id, ct))!.State);
    }
}
