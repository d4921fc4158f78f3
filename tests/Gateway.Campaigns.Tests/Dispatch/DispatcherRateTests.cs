using Gateway.Campaigns.Dispatch;
using Gateway.Campaigns.Numbers;

namespace Gateway.Campaigns.Tests.Dispatch;

/// <summary>The node's Polly rate limiter in front of the store's cross-node count (docs/campaigns.md "Calls per second: two layers").</summary>
public sealed class DispatcherRateTests
{
    private static readonly DateTimeOffset Start = new(2026, 3, 10, 8, 0, 0, TimeSpan.Zero);
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static DestinationInput[] Numbers(int count, int first = 0) =>
        Enumerable.Range(first, count).Select(i => new DestinationInput(i + 1, $"+7727250{i:D4}")).ToArray();

    private static Dispatcher NodeOver(DispatchHarness h, Gateway.Campaigns.Store.IJobStore jobs, double callsPerSecond) =>
        new(h.Store, jobs, h.Placer, h.Time, new DispatcherOptions
        {
            NodeId = "node-a",
            MinIntervalPerNumber = TimeSpan.Zero,
            MaxConcurrentCalls = 20,
            DefaultTrunk = new TrunkLimits { Channels = 20, CallsPerSecond = callsPerSecond },
        });

    [Fact]
    public async Task Node_limiter_keeps_claims_beyond_the_rate_from_reaching_the_store()
    {
        await using var h = await DispatchHarness.CreateAsync(Start);
        await h.CampaignAsync(null, Numbers(10));
        var (jobs, counter) = CountingJobStore.Wrap(h.Store);
        using var d = NodeOver(h, jobs, 2);

        Assert.Equal(2, (await h.TickAsync(d)).CallsStarted);
        Assert.Equal(2, counter.Claims); // 10 due, the store saw two claims: the burst of ceil(2)
        Assert.Equal(0, (await h.TickAsync(d)).CallsStarted);
        Assert.Equal(2, counter.Claims); // same instant: refused on the node, no round trip

        h.Time.Advance(TimeSpan.FromMilliseconds(500));
        Assert.Equal(1, (await h.TickAsync(d)).CallsStarted);
        Assert.Equal(3, counter.Claims);
        h.Time.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(2, (await h.TickAsync(d)).CallsStarted); // idle time refills the burst, not more
        Assert.Equal(5, counter.Claims);
    }

    [Fact]
    public async Task A_claim_that_starts_no_call_gives_its_permit_back()
    {
        await using var h = await DispatchHarness.CreateAsync(Start);
        foreach (var n in Numbers(3))
        {
            await h.Service.AddDoNotFaxAsync(n.Number, "opted out", cancellationToken: Ct);
        }

        await h.CampaignAsync(DispatchHarness.Settings("listed"), Numbers(3));
        var (jobs, counter) = CountingJobStore.Wrap(h.Store);
        using var d = NodeOver(h, jobs, 1);

        var r = await h.TickAsync(d);
        Assert.Equal((0, 3), (r.CallsStarted, r.Refused)); // at 1/s, three claims in one instant: each refusal gave its permit back
        Assert.Equal(3, counter.Claims);

        await h.CampaignAsync(DispatchHarness.Settings("open"), Numbers(2, 10));
        Assert.Equal(1, (await h.TickAsync(d)).CallsStarted); // the permit is still there, and only one
        Assert.Equal(4, counter.Claims);
    }

    [Fact]
    public async Task Store_count_holds_the_rate_when_another_node_used_it()
    {
        // Two nodes on one store at 2/s: each node's limiter would allow two starts, the trunk row allows two in all.
        await using var h = await DispatchHarness.CreateAsync(Start);
        await h.CampaignAsync(null, Numbers(10));
        using var a = NodeOver(h, h.Store, 2);
        var (jobs, counter) = CountingJobStore.Wrap(h.Store);
        using var b = new Dispatcher(h.Store, jobs, h.Placer, h.Time, new DispatcherOptions
        {
            NodeId = "node-b",
            MinIntervalPerNumber = TimeSpan.Zero,
            MaxConcurrentCalls = 20,
            DefaultTrunk = new TrunkLimits { Channels = 20, CallsPerSecond = 2 },
        });

        Assert.Equal(2, (await h.TickAsync(a)).CallsStarted);
        Assert.Equal(0, (await h.TickAsync(b)).CallsStarted);
        Assert.Equal(1, counter.Claims); // b's limiter let one through, the store refused it and b gave the permit back
        h.Time.Advance(TimeSpan.FromMilliseconds(500));
        Assert.Equal(1, (await h.TickAsync(b)).CallsStarted);
    }
}
