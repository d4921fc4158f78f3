using Gateway.Campaigns.Domain;
using Gateway.Campaigns.Numbers;
using Gateway.Campaigns.Store;
using static Gateway.Campaigns.Tests.Dispatch.ScriptedPlacer;

namespace Gateway.Campaigns.Tests.Dispatch;

/// <summary>
/// A week of fake time, ticking every 5 minutes, with destinations in New York (DST starts Sunday 2026-03-08),
/// Moscow and Almaty; weekday windows with a lunch break and a holiday on Monday 2026-03-09; a per-destination
/// override; retries rolling over the weekend; an overnight retry batch.
/// </summary>
public sealed class SimulatedWeekTests
{
    private static readonly DateTimeOffset FridayAfternoon = new(2026, 3, 6, 14, 30, 0, TimeSpan.Zero); // 09:30 EST, 17:30 MSK, 19:30 Almaty
    private static readonly DateOnly Holiday = new(2026, 3, 9);
    private static readonly TimeSpan Tick = TimeSpan.FromMinutes(5);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static CallWindows Office => new()
    {
        Weekly = new[] { DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday }
            .SelectMany(d => new[] { new WeeklyRange(d, TimeSpan.FromHours(9), TimeSpan.FromHours(13)), new WeeklyRange(d, TimeSpan.FromHours(14), TimeSpan.FromHours(18)) })
            .ToArray(),
        Holidays = [Holiday],
    };

    /// <summary>Independent of CallWindowCalendar: local weekday, holiday and hour checked from TimeZoneInfo.</summary>
    private static bool InsideOffice(DateTimeOffset at, string zone)
    {
        var local = TimeZoneInfo.ConvertTimeFromUtc(at.UtcDateTime, TimeZoneInfo.FindSystemTimeZoneById(zone));
        var hour = local.TimeOfDay;
        return local.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday)
            && DateOnly.FromDateTime(local) != Holiday
            && ((hour >= TimeSpan.FromHours(9) && hour < TimeSpan.FromHours(13)) || (hour >= TimeSpan.FromHours(14) && hour < TimeSpan.FromHours(18)));
    }

    [Fact]
    public async Task Week_across_dst_lunch_breaks_holiday_and_retry_rollover()
    {
        await using var h = await DispatchHarness.CreateAsync(FridayAfternoon);
        h.Placer
            .Script("+12125550100", Step.Busy, Step.Busy, Step.Ok(2))
            .Script("+74951234567", new Step(FailureClass.Rejected, false, 0, 0), Step.Ok(2))
            .Script("+77272501234", Step.Partial(1, 3), Step.Ok(2))
            .Script("+13125550100", Step.Ok(3));
        var mondayMorning = new CallWindows { Weekly = [new WeeklyRange(DayOfWeek.Monday, TimeSpan.FromHours(9), TimeSpan.FromHours(10))] };
        var campaign = await h.CampaignAsync(
            DispatchHarness.Settings() with { Windows = Office },
            new DestinationInput(1, "+1 212 555 0100"),
            new DestinationInput(2, "+7 495 123 45 67"),
            new DestinationInput(3, "+7 727 250 12 34"),
            new DestinationInput(4, "+1 312 555 0100", Windows: mondayMorning));
        using var d = h.NewDispatcher(o => o.MinIntervalPerNumber = TimeSpan.FromMinutes(1));

        for (var t = FridayAfternoon; t < FridayAfternoon.AddDays(7); t += Tick)
        {
            await h.TickAsync(d);
            if ((await h.Service.GetAsync(campaign.Id, Ct)).State == CampaignState.Completed)
            {
                break;
            }

            h.Time.Advance(Tick);
        }

        var calls = h.Placer.Calls.ToList();
        static DateTimeOffset U(int day, int hour, int minute = 0) => new(2026, 3, day, hour, minute, 0, TimeSpan.Zero);
        Assert.Equal(
            [
                ("+12125550100", U(6, 14, 30), 0),  // Friday 09:30 EST: busy
                ("+74951234567", U(6, 14, 30), 0),  // Friday 17:30 MSK: rejected; +30 min is 18:00, closed
                ("+12125550100", U(6, 14, 35), 0),  // busy again after 3 min
                ("+12125550100", U(6, 14, 40), 0),  // after 4.5 min: delivered
                ("+13125550100", U(9, 14, 0), 0),   // own window, Monday 09:00 CDT (DST began Sunday): 14:00Z, not 15:00Z
                ("+77272501234", U(10, 4, 0), 0),   // Almaty closed Friday evening, Monday holiday: Tuesday 09:00 +05
                ("+77272501234", U(10, 4, 5), 1),   // partial send resumes at page 2 (0-based 1)
                ("+74951234567", U(10, 6, 0), 0),   // Moscow: Monday holiday, Tuesday 09:00 MSK
            ],
            calls.Select(c => (c.Number, c.At, c.StartPage)).OrderBy(c => c.At).ThenBy(c => c.Number, StringComparer.Ordinal).ToList());

        var jobs = (await h.Store.ListJobsAsync(new JobQuery(campaign.Id), Ct)).Items;
        foreach (var call in calls.Where(c => c.Number != "+13125550100"))
        {
            var zone = jobs.Single(j => j.Destination.Number == call.Number).Destination.TimeZone;
            Assert.True(InsideOffice(call.At, zone), $"{call.Number} called at {call.At:u} outside its {zone} window");
        }

        Assert.All(jobs, j => Assert.Equal(JobState.Succeeded, j.State));
        Assert.Equal(["America/New_York", "Europe/Moscow", "Asia/Almaty", "America/Chicago"], jobs.Select(j => j.Destination.TimeZone));
    }

    [Fact]
    public async Task Overnight_retry_batch_resets_failed_jobs_which_then_wait_for_the_window()
    {
        await using var h = await DispatchHarness.CreateAsync(new DateTimeOffset(2026, 3, 10, 4, 0, 0, TimeSpan.Zero)); // Tuesday 09:00 Almaty
        h.Placer.Script("+77272501234", Step.NoAnswer, Step.NoAnswer, Step.Ok(1));
        var campaign = await h.CampaignAsync(DispatchHarness.Settings() with { Windows = Office }, new DestinationInput(1, "+7 727 250 12 34"));
        using var d = h.NewDispatcher();
        for (var i = 0; i < 12; i++)
        {
            await h.TickAsync(d);
            h.Time.Advance(Tick);
        }

        var job = (await h.Store.ListJobsAsync(new JobQuery(campaign.Id), Ct)).Items[0];
        Assert.Equal(JobState.Failed, job.State); // never answered: the small cap (2) ended it
        Assert.Equal(CampaignState.Completed, (await h.Service.GetAsync(campaign.Id, Ct)).State);

        var batch = await h.Service.ScheduleRetryBatchAsync(campaign.Id, null, TimeSpan.FromHours(2), "Asia/Almaty", cancellationToken: Ct);
        Assert.Equal(new DateTimeOffset(2026, 3, 10, 21, 0, 0, TimeSpan.Zero), batch.RunAt); // 02:00 Wednesday Almaty
        while (h.Time.GetUtcNow() < new DateTimeOffset(2026, 3, 11, 5, 0, 0, TimeSpan.Zero))
        {
            await h.TickAsync(d);
            h.Time.Advance(Tick);
        }

        Assert.Equal(3, h.Placer.Calls.Count);
        Assert.Equal(new DateTimeOffset(2026, 3, 11, 4, 0, 0, TimeSpan.Zero), h.Placer.Calls.Last().At); // 09:00 local, not 02:00
        Assert.Equal(JobState.Succeeded, (await h.Store.ListJobsAsync(new JobQuery(campaign.Id), Ct)).Items[0].State);
        var after = (await h.Service.ListRetryBatchesAsync(campaign.Id, Ct)).Single();
        Assert.Equal((RetryBatchState.Scheduled, new DateTimeOffset(2026, 3, 11, 21, 0, 0, TimeSpan.Zero), 1), (after.State, after.RunAt, after.LastRunJobs));
    }
}
