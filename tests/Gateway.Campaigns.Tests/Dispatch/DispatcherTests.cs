using Gateway.Campaigns.Domain;
using Gateway.Campaigns.Numbers;
using Gateway.Campaigns.Store;
using static Gateway.Campaigns.Tests.Dispatch.ScriptedPlacer;

namespace Gateway.Campaigns.Tests.Dispatch;

public sealed class DispatcherTests
{
    private static readonly DateTimeOffset Start = new(2026, 3, 10, 8, 0, 0, TimeSpan.Zero);
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static DestinationInput[] Numbers(int count, int first = 0) =>
        Enumerable.Range(first, count).Select(i => new DestinationInput(i + 1, $"+7727250{i:D4}")).ToArray();

    [Fact]
    public async Task Calls_a_due_destination_and_records_success()
    {
        await using var h = await DispatchHarness.CreateAsync(Start);
        var campaign = await h.CampaignAsync(null, Numbers(1));
        using var d = h.NewDispatcher();
        var r = await h.TickAsync(d);
        Assert.Equal(1, r.CallsStarted);
        var job = (await h.Service.ListJobsAsync(new JobQuery(campaign.Id), Ct)).Items[0];
        Assert.Equal(JobState.Succeeded, job.State);
        Assert.Equal(CampaignState.Completed, (await h.Service.GetAsync(campaign.Id, Ct)).State);
        var attempt = Assert.Single(await h.Service.ListAttemptsAsync(job.Id, Ct));
        Assert.Equal((FailureClass.Succeeded, 1, AttemptState.Completed), (attempt.Outcome!.Value, attempt.PagesConfirmed, attempt.State));
    }

    [Fact]
    public async Task Do_not_fax_number_is_refused_and_never_dialed()
    {
        await using var h = await DispatchHarness.CreateAsync(Start);
        await h.Service.AddDoNotFaxAsync("+77272500000", "opted out", cancellationToken: Ct);
        var campaign = await h.CampaignAsync(null, Numbers(2));
        using var d = h.NewDispatcher();
        var r = await h.TickAsync(d);
        Assert.Equal((1, 1), (r.CallsStarted, r.Refused));
        Assert.DoesNotContain(h.Placer.Calls, c => c.Number == "+77272500000");
        Assert.Equal(new CampaignCounts(0, 0, 1, 0, 1, 0), await h.Service.GetCountsAsync(campaign.Id, Ct));
    }

    [Fact]
    public async Task Trunk_channels_cap_concurrent_calls()
    {
        await using var h = await DispatchHarness.CreateAsync(Start);
        var numbers = Numbers(5);
        foreach (var n in numbers)
        {
            h.Placer.Script(new DestinationResolver(null, null).Normalize(n.Number), Step.HangAfter(0, 1));
        }

        await h.CampaignAsync(null, numbers);
        using var d = h.NewDispatcher(o => o.DefaultTrunk = new() { Channels = 2, CallsPerSecond = 100 });
        Assert.Equal(2, (await d.TickAsync(Ct)).CallsStarted);
        Assert.Equal(0, (await d.TickAsync(Ct)).CallsStarted);
        Assert.Equal(2, d.RunningCalls);
        await d.StopAsync(TimeSpan.Zero, Ct);
    }

    [Fact]
    public async Task Campaigns_naming_the_default_trunk_and_its_real_name_share_its_channels()
    {
        await using var h = await DispatchHarness.CreateAsync(Start);
        foreach (var n in Numbers(3, 0).Concat(Numbers(3, 10)))
        {
            h.Placer.Script(new DestinationResolver(null, null).Normalize(n.Number), Step.HangAfter(0, 1));
        }

        var unnamed = await h.CampaignAsync(DispatchHarness.Settings("unnamed") with { Trunk = "default" }, Numbers(3, 0));
        var named = await h.CampaignAsync(DispatchHarness.Settings("named") with { Trunk = "carrier" }, Numbers(3, 10));
        using var d = h.NewDispatcher(o =>
        {
            o.Trunks["carrier"] = new() { Channels = 2, CallsPerSecond = 100 };
            o.DefaultTrunk = o.Trunks["carrier"];
            o.DefaultTrunkName = "carrier";
        });

        Assert.Equal(2, (await d.TickAsync(Ct)).CallsStarted);
        Assert.Equal(0, (await d.TickAsync(Ct)).CallsStarted);
        foreach (var campaign in new[] { unnamed, named })
        {
            foreach (var job in (await h.Service.ListJobsAsync(new JobQuery(campaign.Id), Ct)).Items)
            {
                Assert.All(await h.Service.ListAttemptsAsync(job.Id, Ct), a => Assert.Equal("carrier", a.Trunk));
            }
        }

        await d.StopAsync(TimeSpan.Zero, Ct);
    }

    [Fact]
    public async Task A_trunk_that_is_down_gets_no_claims_and_costs_no_attempts()
    {
        await using var h = await DispatchHarness.CreateAsync(Start);
        var campaign = await h.CampaignAsync(null, Numbers(2));
        bool up = false;
        using var d = h.NewDispatcher(o => o.TrunkAvailable = _ => up);

        Assert.Equal(0, (await h.TickAsync(d)).CallsStarted);
        var job = (await h.Service.ListJobsAsync(new JobQuery(campaign.Id), Ct)).Items[0];
        Assert.Empty(await h.Service.ListAttemptsAsync(job.Id, Ct));
        Assert.Empty(h.Placer.Calls);

        up = true;
        Assert.Equal(2, (await h.TickAsync(d)).CallsStarted);
    }

    [Fact]
    public async Task Calls_per_second_limit_spaces_call_starts()
    {
        await using var h = await DispatchHarness.CreateAsync(Start);
        await h.CampaignAsync(null, Numbers(4));
        using var d = h.NewDispatcher(o => o.DefaultTrunk = new() { Channels = 10, CallsPerSecond = 1 });
        Assert.Equal(1, (await h.TickAsync(d)).CallsStarted);
        Assert.Equal(0, (await h.TickAsync(d)).CallsStarted);
        h.Time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(1, (await h.TickAsync(d)).CallsStarted);
    }

    [Fact]
    public async Task Campaigns_of_equal_priority_share_channels_and_higher_priority_goes_first()
    {
        await using var h = await DispatchHarness.CreateAsync(Start);
        var a = await h.CampaignAsync(DispatchHarness.Settings("a"), Numbers(4, 0));
        var b = await h.CampaignAsync(DispatchHarness.Settings("b"), Numbers(4, 10));
        using var d = h.NewDispatcher(o => o.MaxConcurrentCalls = 2);
        await h.TickAsync(d);
        Assert.Equal(new[] { a.Id, b.Id }.Order(), h.Placer.Calls.Select(c => c.CampaignId).Order());

        var urgent = await h.CampaignAsync(DispatchHarness.Settings("urgent", priority: 250), Numbers(4, 20));
        await h.TickAsync(d);
        Assert.Equal([urgent.Id, urgent.Id], h.Placer.Calls.Skip(2).Select(c => c.CampaignId));
    }

    [Fact]
    public async Task One_call_at_a_time_per_number_across_campaigns()
    {
        await using var h = await DispatchHarness.CreateAsync(Start);
        h.Placer.Script("+77272500000", Step.HangAfter(0, 1));
        await h.CampaignAsync(DispatchHarness.Settings("a"), Numbers(1));
        await h.CampaignAsync(DispatchHarness.Settings("b"), Numbers(1));
        using var d = h.NewDispatcher();
        Assert.Equal(1, (await d.TickAsync(Ct)).CallsStarted);
        Assert.Equal(0, (await d.TickAsync(Ct)).CallsStarted);
        await WaitUntilAsync(() => Task.FromResult(!h.Placer.Calls.IsEmpty));
        Assert.Single(h.Placer.Calls);
        await d.StopAsync(TimeSpan.Zero, Ct);
    }

    [Fact]
    public async Task Minimum_interval_per_number_delays_the_second_campaign()
    {
        await using var h = await DispatchHarness.CreateAsync(Start);
        await h.CampaignAsync(DispatchHarness.Settings("a"), Numbers(1));
        await h.CampaignAsync(DispatchHarness.Settings("b"), Numbers(1));
        using var d = h.NewDispatcher(o => o.MinIntervalPerNumber = TimeSpan.FromMinutes(5));
        await h.TickAsync(d);
        await h.TickAsync(d); // rested: rescheduled five minutes after the first call
        Assert.Single(h.Placer.Calls);
        h.Time.Advance(TimeSpan.FromMinutes(5));
        await h.TickAsync(d);
        Assert.Equal([Start, Start.AddMinutes(5)], h.Placer.Calls.Select(c => c.At));
    }

    [Fact]
    public async Task Graceful_stop_releases_calls_without_confirmed_pages_and_keeps_partial_progress()
    {
        await using var h = await DispatchHarness.CreateAsync(Start);
        h.Placer.Script("+77272500000", Step.HangAfter(0, 3)).Script("+77272500001", Step.HangAfter(2, 3));
        var campaign = await h.CampaignAsync(null, Numbers(2));
        using var d = h.NewDispatcher();
        await d.TickAsync(Ct);
        await WaitUntilAsync(async () => (await h.Store.ListJobsAsync(new JobQuery(campaign.Id), Ct)).Items.All(j => j.State == JobState.InCall));
        await WaitUntilAsync(async () => (await AttemptsAsync(h, campaign.Id)).Any(a => a.PagesConfirmed == 2));
        await d.StopAsync(TimeSpan.Zero, Ct);
        Assert.Equal(0, (await d.TickAsync(Ct)).CallsStarted);
        var jobs = (await h.Store.ListJobsAsync(new JobQuery(campaign.Id), Ct)).Items;
        var released = jobs.Single(j => j.Destination.Number == "+77272500000");
        Assert.Equal((JobState.Pending, 0), (released.State, released.AttemptCount));
        var partial = jobs.Single(j => j.Destination.Number == "+77272500001");
        Assert.Equal((JobState.Pending, 2, FailureClass.PartialSend), (partial.State, partial.ResumePage, partial.LastFailure!.Value));
    }

    [Fact]
    public async Task Node_lost_after_fax_confirmed_is_recorded_succeeded_and_never_sent_again()
    {
        await using var h = await DispatchHarness.CreateAsync(Start);
        h.Placer.Script("+77272500000", Step.HangAfter(3, 3));
        var campaign = await h.CampaignAsync(null, Numbers(1));
        using var lost = h.NewDispatcher();
        await lost.TickAsync(Ct);
        await WaitUntilAsync(async () => (await AttemptsAsync(h, campaign.Id)).Any(a => a.State == AttemptState.FaxConfirmed));

        var other = new ScriptedPlacer(h.Time);
        using var survivor = h.NewDispatcher(placer: other, node: "node-b");
        h.Time.Advance(TimeSpan.FromSeconds(91));
        Assert.Equal(1, (await h.TickAsync(survivor)).LeasesRecovered);
        Assert.Empty(other.Calls);
        Assert.Equal(JobState.Succeeded, (await h.Store.ListJobsAsync(new JobQuery(campaign.Id), Ct)).Items[0].State);
        Assert.Equal(CampaignState.Completed, (await h.Service.GetAsync(campaign.Id, Ct)).State);

        await lost.StopAsync(TimeSpan.Zero, Ct); // the "dead" node's late ending changes nothing
        var attempt = Assert.Single(await AttemptsAsync(h, campaign.Id));
        Assert.Equal((AttemptState.Expired, FailureClass.Succeeded), (attempt.State, attempt.Outcome!.Value));
    }

    [Fact]
    public async Task Node_lost_mid_call_is_retried_by_another_node()
    {
        await using var h = await DispatchHarness.CreateAsync(Start);
        h.Placer.Script("+77272500000", Step.HangAfter(0, 2));
        var campaign = await h.CampaignAsync(null, Numbers(1));
        using var lost = h.NewDispatcher();
        await lost.TickAsync(Ct);
        var other = new ScriptedPlacer(h.Time);
        using var survivor = h.NewDispatcher(placer: other, node: "node-b");
        h.Time.Advance(TimeSpan.FromSeconds(91));
        Assert.Equal(1, (await h.TickAsync(survivor)).LeasesRecovered);
        h.Time.Advance(TimeSpan.FromMinutes(2)); // NetworkError retry delay
        await h.TickAsync(survivor);
        Assert.Single(other.Calls);
        var job = (await h.Store.ListJobsAsync(new JobQuery(campaign.Id), Ct)).Items[0];
        Assert.Equal((JobState.Succeeded, 2), (job.State, job.AttemptCount));
        await lost.StopAsync(TimeSpan.Zero, Ct);
    }

    [Fact]
    public async Task Closed_window_moves_the_job_to_the_next_opening_without_calling()
    {
        await using var h = await DispatchHarness.CreateAsync(new DateTimeOffset(2026, 3, 10, 14, 0, 0, TimeSpan.Zero)); // 19:00 Almaty
        var settings = DispatchHarness.Settings() with { Windows = CallWindows.Weekdays(TimeSpan.FromHours(9), TimeSpan.FromHours(18)) };
        var campaign = await h.CampaignAsync(settings, Numbers(1));
        using var d = h.NewDispatcher();
        Assert.Equal((0, 1), ((await h.TickAsync(d)).CallsStarted, (await h.Store.ListJobsAsync(new JobQuery(campaign.Id), Ct)).Items.Count));
        var job = (await h.Store.ListJobsAsync(new JobQuery(campaign.Id), Ct)).Items[0];
        Assert.Equal(new DateTimeOffset(2026, 3, 11, 4, 0, 0, TimeSpan.Zero), job.NextAttemptAt);
        Assert.Empty(h.Placer.Calls);
    }

    internal static async Task<List<Attempt>> AttemptsAsync(DispatchHarness h, Guid campaignId)
    {
        var all = new List<Attempt>();
        foreach (var job in (await h.Store.ListJobsAsync(new JobQuery(campaignId) { Limit = 1000 }, Ct)).Items)
        {
            all.AddRange(await h.Store.ListAttemptsAsync(job.Id, Ct));
        }

        return all;
    }

    internal static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        for (var i = 0; i < 500; i++)
        {
            if (await condition())
            {
                return;
            }

            await Task.Delay(10, Ct);
        }

        Assert.Fail("condition not reached within 5 s");
    }
}
