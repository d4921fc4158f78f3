using Gateway.Campaigns.Dispatch;
using Gateway.Campaigns.Domain;
using Gateway.Campaigns.Scheduling;

namespace Gateway.Campaigns.Tests.Scheduling;

public sealed class RetryPlannerTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 10, 8, 0, 0, TimeSpan.Zero); // Tuesday 11:00 MSK
    private static readonly TimeZoneInfo Moscow = TimeZoneInfo.FindSystemTimeZoneById("Europe/Moscow");
    private static readonly CallWindowCalendar Always = new(CallWindows.Always, Moscow);

    private static Job Job(int attempts = 0, bool answered = false, int resume = 0, params (FailureClass, int)[] counts) => new()
    {
        Id = Guid.NewGuid(),
        CampaignId = Guid.NewGuid(),
        Destination = new Destination("+74951234567", "Europe/Moscow", TimeZoneSource.Number, ["Europe/Moscow"]),
        State = JobState.InCall,
        AttemptCount = attempts,
        EverAnswered = answered,
        ResumePage = resume,
        FailureCounts = counts.ToDictionary(c => c.Item1, c => c.Item2),
        CreatedAt = Now,
        UpdatedAt = Now,
    };

    private static CallOutcome Outcome(FailureClass f, bool answered = false, int pages = 0, int total = 0) =>
        new() { Failure = f, Reason = f.ToString(), Answered = answered, PagesConfirmed = pages, PagesTotal = total };

    [Fact]
    public void Busy_retries_after_three_minutes_then_backs_off()
    {
        var first = RetryPlanner.Decide(Job(), Outcome(FailureClass.Busy), RetryPolicy.Default, Always, Now);
        Assert.Equal((JobState.Pending, Now.AddMinutes(3)), (first.State, first.NextAttemptAt!.Value));
        var third = RetryPlanner.Decide(Job(2, false, 0, (FailureClass.Busy, 2)), Outcome(FailureClass.Busy), RetryPolicy.Default, Always, Now);
        Assert.Equal(Now.AddMinutes(3 * 1.5 * 1.5), third.NextAttemptAt);
    }

    [Fact]
    public void Backoff_is_capped_at_max_delay()
    {
        var rule = new RetryRule(TimeSpan.FromMinutes(2), 10, 2.0, TimeSpan.FromMinutes(30));
        Assert.Equal(TimeSpan.FromMinutes(16), rule.DelayAfter(4));
        Assert.Equal(TimeSpan.FromMinutes(30), rule.DelayAfter(5));
    }

    [Fact]
    public void Max_delay_caps_the_growth_but_never_shortens_the_first_delay()
    {
        // An API request that sets only delaySeconds = 4 h on NoAnswer (default cap 1 h) must wait 4 h.
        var rule = new RetryRule(TimeSpan.FromHours(4), 2, 2.0, TimeSpan.FromHours(1));
        Assert.Equal(TimeSpan.FromHours(4), rule.DelayAfter(1));
        Assert.Equal(TimeSpan.FromHours(4), rule.DelayAfter(2));
    }

    [Fact]
    public void Class_cap_fails_the_job()
    {
        var d = RetryPlanner.Decide(Job(3, true, 0, (FailureClass.NotAFax, 1)), Outcome(FailureClass.NotAFax, answered: true), RetryPolicy.Default, Always, Now);
        Assert.Equal(JobState.Failed, d.State);
        Assert.Contains("NotAFax", d.Note);
    }

    [Fact]
    public void Total_cap_fails_the_job()
    {
        var policy = RetryPolicy.Default with { MaxTotalAttempts = 4 };
        var d = RetryPlanner.Decide(Job(3, true, 0, (FailureClass.Busy, 3)), Outcome(FailureClass.Busy), policy, Always, Now);
        Assert.Equal(JobState.Failed, d.State);
    }

    [Fact]
    public void Number_never_answered_gets_the_small_cap_but_busy_does_not_count()
    {
        // NoAnswer twice on a number nobody ever answered: stop (HylaFAX retries "no carrier" once).
        var second = RetryPlanner.Decide(Job(1, false, 0, (FailureClass.NoAnswer, 1)), Outcome(FailureClass.NoAnswer), RetryPolicy.Default, Always, Now);
        Assert.Equal(JobState.Failed, second.State);
        Assert.Contains("never answered", second.Note);

        // Busy signals show a line in use: they do not count toward the never-answered cap.
        var afterBusy = RetryPlanner.Decide(Job(4, false, 0, (FailureClass.Busy, 4)), Outcome(FailureClass.NoAnswer), RetryPolicy.Default, Always, Now);
        Assert.Equal(JobState.Pending, afterBusy.State);

        // A number once answered by a person keeps the normal class caps.
        var answered = RetryPlanner.Decide(Job(1, true, 0, (FailureClass.NoAnswer, 1)), Outcome(FailureClass.NoAnswer), RetryPolicy.Default, Always, Now);
        Assert.Equal(JobState.Pending, answered.State);
    }

    [Fact]
    public void Retry_outside_the_window_moves_to_the_next_opening()
    {
        // Window 09:00–18:00 MSK weekdays; a busy at 17:59 MSK Friday retries Monday 09:00 MSK.
        var calendar = new CallWindowCalendar(CallWindows.Weekdays(TimeSpan.FromHours(9), TimeSpan.FromHours(18)), Moscow);
        var friday = new DateTimeOffset(2026, 3, 13, 14, 59, 0, TimeSpan.Zero);
        var d = RetryPlanner.Decide(Job(), Outcome(FailureClass.Busy), RetryPolicy.Default, calendar, friday);
        Assert.Equal(new DateTimeOffset(2026, 3, 16, 6, 0, 0, TimeSpan.Zero), d.NextAttemptAt);
    }

    [Fact]
    public void Partial_send_resumes_at_the_first_unconfirmed_page()
    {
        var d = RetryPlanner.Decide(Job(1, true, 2), Outcome(FailureClass.PartialSend, true, 3, 10), RetryPolicy.Default, Always, Now);
        Assert.Equal((JobState.Pending, 5, Now.AddMinutes(1)), (d.State, d.ResumePage, d.NextAttemptAt!.Value));
    }

    [Fact]
    public void Every_page_confirmed_is_success_whatever_the_class()
    {
        var d = RetryPlanner.Decide(Job(1, true, 2), Outcome(FailureClass.NetworkError, true, 3, 5), RetryPolicy.Default, Always, Now);
        Assert.Equal((JobState.Succeeded, 5), (d.State, d.ResumePage));
    }

    [Fact]
    public void Refused_is_never_retried_and_unknown_rule_is_not_retried()
    {
        Assert.Equal(JobState.Refused, RetryPlanner.Decide(Job(), Outcome(FailureClass.Refused), RetryPolicy.Default, Always, Now).State);
        var policy = RetryPolicy.Default with { Rules = new Dictionary<FailureClass, RetryRule>() };
        Assert.Equal(JobState.Failed, RetryPlanner.Decide(Job(), Outcome(FailureClass.Busy), policy, Always, Now).State);
    }

    [Fact]
    public void Policy_validation_names_the_bad_rule()
    {
        var policy = RetryPolicy.Default with { Rules = new Dictionary<FailureClass, RetryRule> { [FailureClass.Busy] = new(TimeSpan.FromMinutes(-1), 3) } };
        var e = Assert.Throws<ArgumentException>(policy.Validate);
        Assert.Contains("Busy", e.Message);
        Assert.Throws<ArgumentException>((RetryPolicy.Default with { Rules = new Dictionary<FailureClass, RetryRule> { [FailureClass.Refused] = new(TimeSpan.Zero, 1) } }).Validate);
    }
}
