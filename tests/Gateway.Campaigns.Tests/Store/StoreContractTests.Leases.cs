using Gateway.Campaigns.Dispatch;
using Gateway.Campaigns.Domain;
using Gateway.Campaigns.Store;
using static Gateway.Campaigns.Tests.Store.StoreFixtures;

namespace Gateway.Campaigns.Tests.Store;

/// <summary>Every edge of the lease state machine in docs/store.md.</summary>
public abstract partial class StoreContractTests
{
    private async Task<(Job Job, Attempt Attempt)> LeasedAsync(string node = "node-a")
    {
        var (_, jobs) = await SeedAsync(Store, CampaignState.Active, "+7727" + Random.Shared.Next(1000000, 9999999));
        var claim = await Store.TryClaimAsync(Claim(jobs[0].Id, node), TestContext.Current.CancellationToken);
        return (jobs[0], claim.Attempt!);
    }

    private static AttemptCompletion Recover(Attempt a, DateTimeOffset now, JobDecision? decision = null) =>
        new(a.Id, "node-b", now, Dispatcher.LostCallOutcome(a), decision ?? new JobDecision(JobState.Pending, now, a.StartPage + a.PagesConfirmed), Recovery: true);

    [Fact]
    public async Task Lease_not_expired_is_not_listed_and_cannot_be_recovered()
    {
        var (_, attempt) = await LeasedAsync();
        Assert.Empty(await Store.GetExpiredLeasesAsync(T0.AddSeconds(90), 10, TestContext.Current.CancellationToken)); // expiry is exclusive: at 90 s it still holds
        Assert.False(await Store.CompleteAttemptAsync(Recover(attempt, T0.AddSeconds(60)), TestContext.Current.CancellationToken));
        Assert.Equal(AttemptState.Leased, (await Store.GetAttemptAsync(attempt.Id, TestContext.Current.CancellationToken))!.State);
    }

    [Fact]
    public async Task Renewed_lease_is_not_expired()
    {
        var (_, attempt) = await LeasedAsync();
        Assert.Empty(await Store.RenewLeasesAsync("node-a", [attempt.Id], T0.AddSeconds(200), TestContext.Current.CancellationToken));
        Assert.Empty(await Store.GetExpiredLeasesAsync(T0.AddSeconds(150), 10, TestContext.Current.CancellationToken));
        Assert.Single(await Store.GetExpiredLeasesAsync(T0.AddSeconds(201), 10, TestContext.Current.CancellationToken));
        Assert.Equal([attempt.Id], await Store.RenewLeasesAsync("node-b", [attempt.Id], T0.AddSeconds(500), TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Expired_lease_without_confirmed_pages_is_retried_as_network_error()
    {
        var (job, attempt) = await LeasedAsync();
        await Store.RecordAnsweredAsync(attempt.Id, "node-a", T0.AddSeconds(10), TestContext.Current.CancellationToken);
        var expired = Assert.Single(await Store.GetExpiredLeasesAsync(T0.AddSeconds(91), 10, TestContext.Current.CancellationToken));
        var outcome = Dispatcher.LostCallOutcome(expired);
        Assert.Equal(FailureClass.NetworkError, outcome.Failure);
        Assert.True(outcome.Answered);
        Assert.True(await Store.CompleteAttemptAsync(Recover(expired, T0.AddSeconds(91), new JobDecision(JobState.Pending, T0.AddMinutes(5), 0)), TestContext.Current.CancellationToken));
        var a = (await Store.GetAttemptAsync(attempt.Id, TestContext.Current.CancellationToken))!;
        Assert.Equal((AttemptState.Expired, FailureClass.NetworkError), (a.State, a.Outcome!.Value));
        var j = (await Store.GetJobAsync(job.Id, TestContext.Current.CancellationToken))!;
        Assert.Equal((JobState.Pending, T0.AddMinutes(5), 1, true), (j.State, j.NextAttemptAt!.Value, j.AttemptCount, j.EverAnswered));
        Assert.Equal(ClaimStatus.Claimed, (await Store.TryClaimAsync(Claim(job.Id, "node-b", T0.AddMinutes(5)), TestContext.Current.CancellationToken)).Status); // number and trunk freed
    }

    [Fact]
    public async Task Expired_lease_after_some_pages_resumes_at_the_first_unconfirmed_page()
    {
        var (job, attempt) = await LeasedAsync();
        Assert.True(await Store.RecordPagesConfirmedAsync(attempt.Id, "node-a", 2, 5, TestContext.Current.CancellationToken));
        var expired = Assert.Single(await Store.GetExpiredLeasesAsync(T0.AddMinutes(2), 10, TestContext.Current.CancellationToken));
        Assert.Equal(AttemptState.Leased, expired.State);
        var outcome = Dispatcher.LostCallOutcome(expired);
        Assert.Equal((FailureClass.PartialSend, 2), (outcome.Failure, outcome.PagesConfirmed));
        Assert.True(await Store.CompleteAttemptAsync(Recover(expired, T0.AddMinutes(2)), TestContext.Current.CancellationToken));
        Assert.Equal(2, (await Store.GetJobAsync(job.Id, TestContext.Current.CancellationToken))!.ResumePage);
        var next = await Store.TryClaimAsync(Claim(job.Id, "node-b", T0.AddMinutes(2)), TestContext.Current.CancellationToken);
        Assert.Equal(2, next.Attempt!.StartPage);
    }

    [Fact]
    public async Task Expired_lease_after_fax_confirmed_is_recorded_succeeded_and_never_sent_again()
    {
        var (job, attempt) = await LeasedAsync();
        Assert.True(await Store.RecordPagesConfirmedAsync(attempt.Id, "node-a", 1, 3, TestContext.Current.CancellationToken));
        Assert.Equal(AttemptState.Leased, (await Store.GetAttemptAsync(attempt.Id, TestContext.Current.CancellationToken))!.State);
        Assert.True(await Store.RecordPagesConfirmedAsync(attempt.Id, "node-a", 3, 3, TestContext.Current.CancellationToken));
        Assert.Equal(AttemptState.FaxConfirmed, (await Store.GetAttemptAsync(attempt.Id, TestContext.Current.CancellationToken))!.State);
        var expired = Assert.Single(await Store.GetExpiredLeasesAsync(T0.AddMinutes(2), 10, TestContext.Current.CancellationToken));
        var outcome = Dispatcher.LostCallOutcome(expired);
        Assert.Equal(FailureClass.Succeeded, outcome.Failure);
        Assert.True(await Store.CompleteAttemptAsync(Recover(expired, T0.AddMinutes(2), new JobDecision(JobState.Succeeded, null, 3)), TestContext.Current.CancellationToken));
        Assert.Equal(JobState.Succeeded, (await Store.GetJobAsync(job.Id, TestContext.Current.CancellationToken))!.State);
        Assert.Equal(ClaimStatus.Gone, (await Store.TryClaimAsync(Claim(job.Id, "node-b", T0.AddHours(1)), TestContext.Current.CancellationToken)).Status);
    }

    [Fact]
    public async Task Fax_confirmed_on_a_resumed_attempt_counts_pages_from_its_start_page()
    {
        var (job, attempt) = await LeasedAsync();
        await Store.RecordPagesConfirmedAsync(attempt.Id, "node-a", 2, 4, TestContext.Current.CancellationToken);
        await Store.CompleteAttemptAsync(new AttemptCompletion(attempt.Id, "node-a", T0.AddMinutes(1), Outcome(FailureClass.PartialSend, 2, 4), new JobDecision(JobState.Pending, T0.AddMinutes(2), 2)), TestContext.Current.CancellationToken);
        var resumed = (await Store.TryClaimAsync(Claim(job.Id, now: T0.AddMinutes(2)), TestContext.Current.CancellationToken)).Attempt!;
        Assert.Equal(2, resumed.StartPage);
        await Store.RecordPagesConfirmedAsync(resumed.Id, "node-a", 1, 4, TestContext.Current.CancellationToken);
        Assert.Equal(AttemptState.Leased, (await Store.GetAttemptAsync(resumed.Id, TestContext.Current.CancellationToken))!.State);
        await Store.RecordPagesConfirmedAsync(resumed.Id, "node-a", 2, 4, TestContext.Current.CancellationToken);
        Assert.Equal(AttemptState.FaxConfirmed, (await Store.GetAttemptAsync(resumed.Id, TestContext.Current.CancellationToken))!.State);
    }

    [Fact]
    public async Task Late_completion_by_the_lost_node_after_recovery_changes_nothing()
    {
        var (job, attempt) = await LeasedAsync();
        var expired = Assert.Single(await Store.GetExpiredLeasesAsync(T0.AddMinutes(2), 10, TestContext.Current.CancellationToken));
        Assert.True(await Store.CompleteAttemptAsync(Recover(expired, T0.AddMinutes(2), new JobDecision(JobState.Pending, T0.AddMinutes(10), 0)), TestContext.Current.CancellationToken));
        Assert.False(await Store.CompleteAttemptAsync(new AttemptCompletion(attempt.Id, "node-a", T0.AddMinutes(3), Outcome(FailureClass.Succeeded, 1, 1), new JobDecision(JobState.Succeeded, null, 1)), TestContext.Current.CancellationToken));
        Assert.False(await Store.RecordPagesConfirmedAsync(attempt.Id, "node-a", 1, 1, TestContext.Current.CancellationToken));
        Assert.Equal(JobState.Pending, (await Store.GetJobAsync(job.Id, TestContext.Current.CancellationToken))!.State);
    }

    [Fact]
    public async Task Completion_by_the_holder_after_expiry_but_before_recovery_wins()
    {
        var (job, attempt) = await LeasedAsync();
        var expired = Assert.Single(await Store.GetExpiredLeasesAsync(T0.AddMinutes(2), 10, TestContext.Current.CancellationToken));
        Assert.True(await Store.CompleteAttemptAsync(new AttemptCompletion(attempt.Id, "node-a", T0.AddMinutes(2), Outcome(FailureClass.Succeeded, 1, 1), new JobDecision(JobState.Succeeded, null, 1)), TestContext.Current.CancellationToken));
        Assert.False(await Store.CompleteAttemptAsync(Recover(expired, T0.AddMinutes(2)), TestContext.Current.CancellationToken));
        Assert.Equal(JobState.Succeeded, (await Store.GetJobAsync(job.Id, TestContext.Current.CancellationToken))!.State);
    }

    [Fact]
    public async Task Recovery_with_stale_page_count_is_refused_so_a_new_confirmation_is_not_lost()
    {
        var (_, attempt) = await LeasedAsync();
        var expired = Assert.Single(await Store.GetExpiredLeasesAsync(T0.AddMinutes(2), 10, TestContext.Current.CancellationToken));
        await Store.RecordPagesConfirmedAsync(attempt.Id, "node-a", 1, 1, TestContext.Current.CancellationToken); // MCF arrives between listing and recovery
        Assert.False(await Store.CompleteAttemptAsync(Recover(expired, T0.AddMinutes(2)), TestContext.Current.CancellationToken));
        var fresh = Assert.Single(await Store.GetExpiredLeasesAsync(T0.AddMinutes(2), 10, TestContext.Current.CancellationToken));
        Assert.Equal(FailureClass.Succeeded, Dispatcher.LostCallOutcome(fresh).Failure);
    }

    [Fact]
    public async Task Release_gives_the_job_back_uncounted_and_frees_the_number()
    {
        var (job, attempt) = await LeasedAsync();
        Assert.False(await Store.ReleaseAsync(attempt.Id, "node-b", T0, TestContext.Current.CancellationToken));
        Assert.True(await Store.ReleaseAsync(attempt.Id, "node-a", T0.AddSeconds(5), TestContext.Current.CancellationToken));
        var j = (await Store.GetJobAsync(job.Id, TestContext.Current.CancellationToken))!;
        Assert.Equal((JobState.Pending, 0, T0.AddSeconds(5)), (j.State, j.AttemptCount, j.NextAttemptAt!.Value));
        Assert.Equal(AttemptState.Released, (await Store.GetAttemptAsync(attempt.Id, TestContext.Current.CancellationToken))!.State);
        Assert.False(await Store.ReleaseAsync(attempt.Id, "node-a", T0, TestContext.Current.CancellationToken));
        var again = await Store.TryClaimAsync(Claim(job.Id, "node-b", T0.AddSeconds(5)), TestContext.Current.CancellationToken);
        Assert.Equal((ClaimStatus.Claimed, 2), (again.Status, again.Attempt!.Sequence));
    }

    [Fact]
    public async Task Release_is_refused_once_a_page_was_confirmed()
    {
        var (_, attempt) = await LeasedAsync();
        await Store.RecordPagesConfirmedAsync(attempt.Id, "node-a", 1, 2, TestContext.Current.CancellationToken);
        Assert.False(await Store.ReleaseAsync(attempt.Id, "node-a", T0, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Page_progress_never_goes_backwards()
    {
        var (_, attempt) = await LeasedAsync();
        Assert.True(await Store.RecordPagesConfirmedAsync(attempt.Id, "node-a", 2, 5, TestContext.Current.CancellationToken));
        Assert.False(await Store.RecordPagesConfirmedAsync(attempt.Id, "node-a", 1, 5, TestContext.Current.CancellationToken));
        Assert.Equal(2, (await Store.GetAttemptAsync(attempt.Id, TestContext.Current.CancellationToken))!.PagesConfirmed);
    }
}
