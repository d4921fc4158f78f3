using Gateway.Campaigns.Dispatch;
using Gateway.Campaigns.Domain;
using Gateway.Campaigns.Numbers;
using Gateway.Campaigns.Store;
using static Gateway.Campaigns.Tests.Dispatch.DispatcherTests;
using static Gateway.Campaigns.Tests.Dispatch.ScriptedPlacer;

namespace Gateway.Campaigns.Tests.Dispatch;

/// <summary>
/// Three dispatchers (three nodes) on one PostgreSQL queue, ticking at the same instant: the per-trunk channel and
/// calls-per-second limits, one call per number and the daily cap hold over all of them, because the store counts
/// them, not the process.
/// </summary>
public sealed class DispatcherClusterTests
{
    private static readonly DateTimeOffset Start = new(2026, 3, 10, 8, 0, 0, TimeSpan.Zero);
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static DestinationInput[] Numbers(int count) =>
        Enumerable.Range(0, count).Select(i => new DestinationInput(i + 1, $"+7727270{i:D4}")).ToArray();

    private static Dispatcher[] Nodes(DispatchHarness h, int channels, double callsPerSecond, int dailyCap = 100) =>
        new[] { "node-a", "node-b", "node-c" }.Select(n => h.NewDispatcher(
            o =>
            {
                o.DefaultTrunk = new TrunkLimits { Channels = channels, CallsPerSecond = callsPerSecond };
                o.DailyCapPerNumber = dailyCap;
            },
            node: n)).ToArray();

    private static Task TickAllAsync(IEnumerable<Dispatcher> nodes) => Task.WhenAll(nodes.Select(n => n.TickAsync(Ct)));

    private static async Task StopAllAsync(IEnumerable<Dispatcher> nodes)
    {
        foreach (var n in nodes)
        {
            await n.StopAsync(TimeSpan.Zero, Ct);
        }
    }

    private static async Task<int> OpenAsync(DispatchHarness h, Guid campaignId) =>
        (await AttemptsAsync(h, campaignId)).Count(a => a.State is AttemptState.Leased or AttemptState.FaxConfirmed);

    [Fact]
    public async Task Trunk_channels_hold_over_three_nodes()
    {
        await using var h = await DispatchHarness.CreateOnPostgresAsync(Start);
        var numbers = Numbers(30);
        foreach (var n in numbers)
        {
            h.Placer.Script(n.Number, Step.HangAfter(0, 1));
        }

        var campaign = await h.CampaignAsync(null, numbers);
        var nodes = Nodes(h, channels: 6, callsPerSecond: 1000);
        await TickAllAsync(nodes); // each node may run 10 calls; the trunk has 6 channels in all
        await TickAllAsync(nodes);
        await WaitUntilAsync(() => Task.FromResult(h.Placer.Calls.Count >= 6));
        Assert.Equal(6, await OpenAsync(h, campaign.Id));
        Assert.Equal(6, nodes.Sum(n => n.RunningCalls));
        Assert.Equal(6, h.Placer.Calls.Count);
        await StopAllAsync(nodes);
        Assert.Equal(0, await OpenAsync(h, campaign.Id));
    }

    [Fact]
    public async Task Trunk_calls_per_second_hold_over_three_nodes()
    {
        await using var h = await DispatchHarness.CreateOnPostgresAsync(Start);
        var numbers = Numbers(30);
        foreach (var n in numbers)
        {
            h.Placer.Script(n.Number, Step.HangAfter(0, 1));
        }

        await h.CampaignAsync(null, numbers);
        var nodes = Nodes(h, channels: 100, callsPerSecond: 4);

        // At one instant: the trunk's burst (4), not 4 per node.
        await TickAllAsync(nodes);
        await WaitUntilAsync(() => Task.FromResult(h.Placer.Calls.Count >= 4));
        Assert.Equal(4, h.Placer.Calls.Count);

        // Then one start per 250 ms over all nodes.
        h.Time.Advance(TimeSpan.FromMilliseconds(250));
        await TickAllAsync(nodes);
        await WaitUntilAsync(() => Task.FromResult(h.Placer.Calls.Count >= 5));
        Assert.Equal(5, h.Placer.Calls.Count);
        h.Time.Advance(TimeSpan.FromSeconds(1));
        await TickAllAsync(nodes);
        await WaitUntilAsync(() => Task.FromResult(h.Placer.Calls.Count >= 9));
        Assert.Equal(9, h.Placer.Calls.Count);
        await StopAllAsync(nodes);
    }

    [Fact]
    public async Task One_call_per_number_and_the_daily_cap_hold_over_three_nodes_and_two_campaigns()
    {
        await using var h = await DispatchHarness.CreateOnPostgresAsync(Start);
        var numbers = Numbers(5);
        foreach (var n in numbers)
        {
            h.Placer.Script(n.Number, Step.HangAfter(0, 1));
        }

        var first = await h.CampaignAsync(DispatchHarness.Settings("first"), numbers);
        var second = await h.CampaignAsync(DispatchHarness.Settings("second"), numbers);
        var nodes = Nodes(h, channels: 100, callsPerSecond: 1000, dailyCap: 1);

        // Ten jobs due on five numbers: one call per number, whichever node and campaign claim it.
        await TickAllAsync(nodes);
        await TickAllAsync(nodes);
        await WaitUntilAsync(() => Task.FromResult(h.Placer.Calls.Count >= 5));
        Assert.Equal(5, (await OpenAsync(h, first.Id)) + (await OpenAsync(h, second.Id)));
        Assert.Equal(numbers.Select(n => n.Number).Order(), h.Placer.Calls.Select(c => c.Number).Order());

        // The calls end (handed back uncounted by a stop); the daily cap of 1 was spent at the claim: no number is
        // called again today, by any node, for either campaign.
        await StopAllAsync(nodes);
        var fresh = Nodes(h, channels: 100, callsPerSecond: 1000, dailyCap: 1);
        h.Time.Advance(TimeSpan.FromMinutes(1));
        await TickAllAsync(fresh);
        await TickAllAsync(fresh); // the planner takes one job per number per tick
        await Task.WhenAll(fresh.Select(n => n.WhenIdleAsync()));
        Assert.Equal(5, h.Placer.Calls.Count);
        var jobs = (await h.Store.ListJobsAsync(new JobQuery(first.Id), Ct)).Items.Concat((await h.Store.ListJobsAsync(new JobQuery(second.Id), Ct)).Items).ToList();
        var almaty = TimeZoneInfo.FindSystemTimeZoneById("Asia/Almaty");
        var localMidnight = new DateTimeOffset(TimeZoneInfo.ConvertTime(Start, almaty).Date.AddDays(1), almaty.GetUtcOffset(Start));
        Assert.All(jobs, j => Assert.True((JobState.Pending, localMidnight) == (j.State, j.NextAttemptAt!.Value), $"{j.Destination.Number} {j.Destination.TimeZone} {j.State} {j.NextAttemptAt:O} {j.LastReason}, expected {localMidnight:O}"));
        await StopAllAsync(fresh);
    }
}
