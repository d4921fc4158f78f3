using Gateway.Campaigns.Dispatch;
using Gateway.Campaigns.Domain;
using Gateway.Campaigns.Numbers;
using Gateway.Campaigns.Store;
using static Gateway.Campaigns.Tests.Dispatch.DispatcherTests;
using static Gateway.Campaigns.Tests.Dispatch.ScriptedPlacer;

namespace Gateway.Campaigns.Tests.Dispatch;

/// <summary>Node identity and hand-back (docs/store.md "Node identity"): no work waits for a lease that is known dead.</summary>
public sealed class DispatcherNodeTests
{
    private static readonly DateTimeOffset Start = new(2026, 3, 10, 8, 0, 0, TimeSpan.Zero);
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static DestinationInput[] Numbers(int count) =>
        Enumerable.Range(0, count).Select(i => new DestinationInput(i + 1, $"+7727260{i:D4}")).ToArray();

    [Fact]
    public async Task Graceful_stop_hands_running_calls_back_and_another_node_dials_them_at_once()
    {
        await using var h = await DispatchHarness.CreateAsync(Start);
        h.Placer.Script("+77272600000", Step.HangAfter(0, 1)).Script("+77272600001", Step.HangAfter(0, 1));
        var campaign = await h.CampaignAsync(null, Numbers(2));
        using var stopping = h.NewDispatcher();
        Assert.Equal(2, (await stopping.TickAsync(Ct)).CallsStarted);
        await WaitUntilAsync(async () => (await AttemptsAsync(h, campaign.Id)).Count == 2);
        await stopping.StopAsync(TimeSpan.Zero, Ct);

        // Same instant: nothing waits for the 90 s lease.
        var other = new ScriptedPlacer(h.Time);
        using var survivor = h.NewDispatcher(placer: other, node: "node-b");
        Assert.Equal(2, (await h.TickAsync(survivor)).CallsStarted);
        Assert.Equal(2, other.Calls.Count);
        Assert.All(other.Calls, c => Assert.Equal(Start, c.At));
        var attempts = await AttemptsAsync(h, campaign.Id);
        Assert.Equal(2, attempts.Count(a => a.State == AttemptState.Released && a.NodeId == "node-a"));
        Assert.Equal(2, attempts.Count(a => a.State == AttemptState.Completed && a.NodeId == "node-b"));
        var jobs = (await h.Store.ListJobsAsync(new JobQuery(campaign.Id), Ct)).Items;
        Assert.All(jobs, j => Assert.Equal((JobState.Succeeded, 1), (j.State, j.AttemptCount))); // the released attempt is not counted
    }

    [Fact]
    public async Task Restarted_node_ends_its_dead_process_calls_without_waiting_for_the_lease()
    {
        await using var h = await DispatchHarness.CreateAsync(Start);
        h.Placer.Script("+77272600000", Step.HangAfter(0, 2)).Script("+77272600001", Step.HangAfter(2, 2));
        var campaign = await h.CampaignAsync(null, Numbers(2));
        using var killed = h.NewDispatcher(); // never took the node lock: stands for a process that is gone
        await killed.TickAsync(Ct);
        await WaitUntilAsync(async () => (await AttemptsAsync(h, campaign.Id)).Any(a => a.State == AttemptState.FaxConfirmed));

        var other = new ScriptedPlacer(h.Time);
        using var restarted = h.NewDispatcher(placer: other);
        Assert.Equal(2, await restarted.TakeOverNodeAsync(Ct)); // at Start: the 90 s leases have not expired
        var attempts = await AttemptsAsync(h, campaign.Id);
        Assert.All(attempts, a => Assert.Equal(AttemptState.Expired, a.State));
        var jobs = (await h.Store.ListJobsAsync(new JobQuery(campaign.Id), Ct)).Items;
        Assert.Equal(JobState.Succeeded, jobs.Single(j => j.Destination.Number == "+77272600001").State); // confirmed: never sent again
        var lost = jobs.Single(j => j.Destination.Number == "+77272600000");
        Assert.Equal((JobState.Pending, FailureClass.NetworkError), (lost.State, lost.LastFailure!.Value));

        h.Time.Advance(lost.NextAttemptAt!.Value - Start);
        await h.TickAsync(restarted);
        Assert.Equal("+77272600000", Assert.Single(other.Calls).Number);
        await killed.StopAsync(TimeSpan.Zero, Ct); // the old process's late ending changes nothing
        Assert.Equal(3, (await AttemptsAsync(h, campaign.Id)).Count);
        Assert.Equal(JobState.Succeeded, (await h.Store.GetJobAsync(lost.Id, Ct))!.State);
        await restarted.StopAsync(TimeSpan.Zero, Ct);
    }

    [Fact]
    public async Task A_second_live_process_with_the_same_node_id_is_refused()
    {
        await using var h = await DispatchHarness.CreateAsync(Start);
        using var first = h.NewDispatcher();
        Assert.Equal(0, await first.TakeOverNodeAsync(Ct));
        using var twin = h.NewDispatcher(o => o.NodeLockWait = TimeSpan.Zero);
        var e = await Assert.ThrowsAsync<NodeIdInUseException>(() => twin.TakeOverNodeAsync(Ct));
        Assert.Equal("node-a", e.NodeId);
        using var other = h.NewDispatcher(node: "node-b");
        Assert.Equal(0, await other.TakeOverNodeAsync(Ct));
        await first.StopAsync(TimeSpan.Zero, Ct); // a stopped node frees its id
        Assert.Equal(0, await twin.TakeOverNodeAsync(Ct));
        await twin.StopAsync(TimeSpan.Zero, Ct);
        await other.StopAsync(TimeSpan.Zero, Ct);
    }
}
