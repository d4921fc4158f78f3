using Gateway.Campaigns.Domain;
using Gateway.Campaigns.Store;
using Gateway.Campaigns.Webhooks;
using static Gateway.Campaigns.Tests.Store.StoreFixtures;

namespace Gateway.Campaigns.Tests.Store;

public abstract partial class StoreContractTests
{
    [Fact]
    public async Task Claim_leases_a_due_job_once()
    {
        var (_, jobs) = await SeedAsync(Store, CampaignState.Active, "+77270000001");
        var first = await Store.TryClaimAsync(Claim(jobs[0].Id), TestContext.Current.CancellationToken);
        Assert.Equal(ClaimStatus.Claimed, first.Status);
        Assert.Equal(AttemptState.Leased, first.Attempt!.State);
        Assert.Equal(1, first.Attempt.Sequence);
        Assert.Equal(JobState.InCall, (await Store.GetJobAsync(jobs[0].Id, TestContext.Current.CancellationToken))!.State);
        Assert.Equal(ClaimStatus.Gone, (await Store.TryClaimAsync(Claim(jobs[0].Id, "node-b"), TestContext.Current.CancellationToken)).Status);
        var stored = await Store.GetAttemptAsync(first.Attempt.Id, TestContext.Current.CancellationToken);
        Assert.Equal("node-a", stored!.NodeId);
        Assert.Equal(T0.AddSeconds(90), stored.LeaseExpiresAt);
    }

    [Fact]
    public async Task Claim_is_gone_when_not_due_or_campaign_not_active()
    {
        var (campaign, jobs) = await SeedAsync(Store, CampaignState.Active, "+77270000001");
        Assert.Equal(ClaimStatus.Gone, (await Store.TryClaimAsync(Claim(jobs[0].Id, now: T0.AddSeconds(-1)), TestContext.Current.CancellationToken)).Status);
        await Store.TransitionCampaignAsync(campaign.Id, [CampaignState.Active], CampaignState.Paused, T0, TestContext.Current.CancellationToken);
        Assert.Equal(ClaimStatus.Gone, (await Store.TryClaimAsync(Claim(jobs[0].Id), TestContext.Current.CancellationToken)).Status);
        await Store.TransitionCampaignAsync(campaign.Id, [CampaignState.Paused], CampaignState.Active, T0, TestContext.Current.CancellationToken);
        Assert.Equal(ClaimStatus.Claimed, (await Store.TryClaimAsync(Claim(jobs[0].Id), TestContext.Current.CancellationToken)).Status);
    }

    [Fact]
    public async Task One_call_at_a_time_per_number_across_campaigns()
    {
        var (_, a) = await SeedAsync(Store, CampaignState.Active, "+77270000001");
        var (_, b) = await SeedAsync(Store, CampaignState.Active, "+77270000001");
        var claimed = await Store.TryClaimAsync(Claim(a[0].Id), TestContext.Current.CancellationToken);
        Assert.Equal(ClaimStatus.NumberBusy, (await Store.TryClaimAsync(Claim(b[0].Id), TestContext.Current.CancellationToken)).Status);
        Assert.Equal(JobState.Pending, (await Store.GetJobAsync(b[0].Id, TestContext.Current.CancellationToken))!.State);
        await Store.CompleteAttemptAsync(new AttemptCompletion(claimed.Attempt!.Id, "node-a", T0.AddMinutes(1), Outcome(FailureClass.Succeeded, 1, 1), new JobDecision(JobState.Succeeded, null, 1)), TestContext.Current.CancellationToken);
        Assert.Equal(ClaimStatus.Claimed, (await Store.TryClaimAsync(Claim(b[0].Id, now: T0.AddMinutes(2)), TestContext.Current.CancellationToken)).Status);
    }

    [Fact]
    public async Task Minimum_interval_and_daily_cap_per_number()
    {
        var (_, jobs) = await SeedAsync(Store, CampaignState.Active, "+77270000001");
        var min = TimeSpan.FromMinutes(5);
        var first = await Store.TryClaimAsync(Claim(jobs[0].Id, minInterval: min, dailyCap: 2), TestContext.Current.CancellationToken);
        await Store.CompleteAttemptAsync(new AttemptCompletion(first.Attempt!.Id, "node-a", T0.AddMinutes(1), Outcome(FailureClass.Busy), new JobDecision(JobState.Pending, T0.AddMinutes(2), 0)), TestContext.Current.CancellationToken);
        Assert.Equal(ClaimStatus.NumberRested, (await Store.TryClaimAsync(Claim(jobs[0].Id, now: T0.AddMinutes(4), minInterval: min, dailyCap: 2), TestContext.Current.CancellationToken)).Status);
        var second = await Store.TryClaimAsync(Claim(jobs[0].Id, now: T0.AddMinutes(5), minInterval: min, dailyCap: 2), TestContext.Current.CancellationToken);
        Assert.Equal(ClaimStatus.Claimed, second.Status);
        Assert.Equal(2, second.Attempt!.Sequence);
        await Store.CompleteAttemptAsync(new AttemptCompletion(second.Attempt.Id, "node-a", T0.AddMinutes(6), Outcome(FailureClass.Busy), new JobDecision(JobState.Pending, T0.AddMinutes(7), 0)), TestContext.Current.CancellationToken);
        Assert.Equal(ClaimStatus.DailyCapReached, (await Store.TryClaimAsync(Claim(jobs[0].Id, now: T0.AddHours(1), minInterval: min, dailyCap: 2), TestContext.Current.CancellationToken)).Status);
        Assert.Equal(ClaimStatus.Claimed, (await Store.TryClaimAsync(Claim(jobs[0].Id, now: T0.AddDays(1), minInterval: min, dailyCap: 2), TestContext.Current.CancellationToken)).Status);
    }

    [Fact]
    public async Task Last_attempts_of_a_page_of_jobs_come_in_one_query()
    {
        var ct = TestContext.Current.CancellationToken;
        var (_, jobs) = await SeedAsync(Store, CampaignState.Active, "+77270000001", "+77270000002", "+77270000003");
        var first = await Store.TryClaimAsync(Claim(jobs[0].Id), ct);
        await Store.CompleteAttemptAsync(new AttemptCompletion(first.Attempt!.Id, "node-a", T0.AddMinutes(1), Outcome(FailureClass.Busy), new JobDecision(JobState.Pending, T0.AddMinutes(2), 0)), ct);
        var second = await Store.TryClaimAsync(Claim(jobs[0].Id, now: T0.AddMinutes(3)), ct);
        var other = await Store.TryClaimAsync(Claim(jobs[1].Id, now: T0.AddMinutes(4)), ct);

        Assert.Equal((ClaimStatus.Claimed, ClaimStatus.Claimed), (second.Status, other.Status));
        var last = await Store.ListLastAttemptsAsync([jobs[0].Id, jobs[1].Id, jobs[2].Id], ct);

        Assert.Equal(2, last.Count); // the third job was never dialled
        Assert.Equal((second.Attempt!.Id, 2), (last[jobs[0].Id].Id, last[jobs[0].Id].Sequence));
        Assert.Equal(other.Attempt!.Id, last[jobs[1].Id].Id);
        Assert.Empty(await Store.ListLastAttemptsAsync([], ct));
    }

    [Fact]
    public async Task Trunk_channels_are_counted_in_the_store()
    {
        var (_, jobs) = await SeedAsync(Store, CampaignState.Active, "+77270000001", "+77270000002", "+77270000003");
        var a = await Store.TryClaimAsync(Claim(jobs[0].Id, channels: 2), TestContext.Current.CancellationToken);
        Assert.Equal(ClaimStatus.Claimed, (await Store.TryClaimAsync(Claim(jobs[1].Id, "node-b", channels: 2), TestContext.Current.CancellationToken)).Status);
        Assert.Equal(ClaimStatus.TrunkFull, (await Store.TryClaimAsync(Claim(jobs[2].Id, channels: 2), TestContext.Current.CancellationToken)).Status);
        Assert.Equal(ClaimStatus.Claimed, (await Store.TryClaimAsync(Claim(jobs[2].Id, channels: 2, trunk: "other"), TestContext.Current.CancellationToken)).Status);
        await Store.CompleteAttemptAsync(new AttemptCompletion(a.Attempt!.Id, "node-a", T0, Outcome(FailureClass.NoAnswer), new JobDecision(JobState.Pending, T0.AddHours(1), 0)), TestContext.Current.CancellationToken);
        var (_, more) = await SeedAsync(Store, CampaignState.Active, "+77270000004");
        Assert.Equal(ClaimStatus.Claimed, (await Store.TryClaimAsync(Claim(more[0].Id, channels: 2), TestContext.Current.CancellationToken)).Status);
    }

    [Fact]
    public async Task Do_not_fax_number_is_never_dialed_and_ends_refused()
    {
        var (campaign, jobs) = await SeedAsync(Store, CampaignState.Active, "+77270000001");
        await Store.AddDoNotFaxAsync(new DoNotFaxEntry("+77270000001", "asked by phone", T0), TestContext.Current.CancellationToken);
        var result = await Store.TryClaimAsync(Claim(jobs[0].Id), TestContext.Current.CancellationToken);
        Assert.Equal(ClaimStatus.Refused, result.Status);
        var job = await Store.GetJobAsync(jobs[0].Id, TestContext.Current.CancellationToken);
        Assert.Equal(JobState.Refused, job!.State);
        Assert.Equal(FailureClass.Refused, job.LastFailure);
        var attempt = Assert.Single(await Store.ListAttemptsAsync(jobs[0].Id, TestContext.Current.CancellationToken));
        Assert.Equal(FailureClass.Refused, attempt.Outcome);
        Assert.Equal(AttemptState.Completed, attempt.State);
        Assert.Equal(CampaignState.Completed, (await Store.GetCampaignAsync(campaign.Id, TestContext.Current.CancellationToken))!.State);
        var events = (await Store.GetDueWebhooksAsync(T0, 10, TestContext.Current.CancellationToken)).Select(e => e.EventType).ToList();
        Assert.Equal([WebhookEventType.JobRefused, WebhookEventType.CampaignCompleted], events);
    }

    [Fact]
    public async Task Do_not_fax_list_add_update_remove_and_page()
    {
        await Store.AddDoNotFaxAsync(new DoNotFaxEntry("+77270000002", null, T0), TestContext.Current.CancellationToken);
        await Store.AddDoNotFaxAsync(new DoNotFaxEntry("+77270000001", "a", T0), TestContext.Current.CancellationToken);
        await Store.AddDoNotFaxAsync(new DoNotFaxEntry("+77270000001", "b", T0), TestContext.Current.CancellationToken);
        var page = await Store.ListDoNotFaxAsync(0, 1, TestContext.Current.CancellationToken);
        Assert.Equal(2, page.Total);
        Assert.Equal(new DoNotFaxEntry("+77270000001", "b", T0), page.Items[0]);
        Assert.True(await Store.IsDoNotFaxAsync("+77270000002", TestContext.Current.CancellationToken));
        Assert.True(await Store.RemoveDoNotFaxAsync("+77270000002", TestContext.Current.CancellationToken));
        Assert.False(await Store.RemoveDoNotFaxAsync("+77270000002", TestContext.Current.CancellationToken));
        Assert.False(await Store.IsDoNotFaxAsync("+77270000002", TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Success_completes_job_and_last_job_completes_the_campaign_with_webhooks()
    {
        var (campaign, jobs) = await SeedAsync(Store, CampaignState.Active, "+77270000001");
        var claim = await Store.TryClaimAsync(Claim(jobs[0].Id), TestContext.Current.CancellationToken);
        var ok = await Store.CompleteAttemptAsync(new AttemptCompletion(claim.Attempt!.Id, "node-a", T0.AddMinutes(2), Outcome(FailureClass.Succeeded, 3, 3), new JobDecision(JobState.Succeeded, null, 3)), TestContext.Current.CancellationToken);
        Assert.True(ok);
        var job = await Store.GetJobAsync(jobs[0].Id, TestContext.Current.CancellationToken);
        Assert.Equal(JobState.Succeeded, job!.State);
        Assert.Equal(1, job.AttemptCount);
        Assert.True(job.EverAnswered);
        Assert.Equal(T0.AddMinutes(2), job.CompletedAt);
        var attempt = (await Store.GetAttemptAsync(claim.Attempt.Id, TestContext.Current.CancellationToken))!;
        Assert.Equal((AttemptState.Completed, FailureClass.Succeeded, 3, 3, FaxTransport.T38, 14400, "+7 727 111"), (attempt.State, attempt.Outcome!.Value, attempt.PagesConfirmed, attempt.PagesTotal, attempt.Transport, attempt.BitRate, attempt.RemoteIdent!));
        var c = await Store.GetCampaignAsync(campaign.Id, TestContext.Current.CancellationToken);
        Assert.Equal(CampaignState.Completed, c!.State);
        var events = (await Store.GetDueWebhooksAsync(T0.AddHours(1), 10, TestContext.Current.CancellationToken)).Select(e => e.EventType).ToList();
        Assert.Equal([WebhookEventType.AttemptFinished, WebhookEventType.JobSucceeded, WebhookEventType.CampaignCompleted], events);
    }

    [Fact]
    public async Task Retry_decision_counts_the_class_and_schedules_the_job()
    {
        var (campaign, jobs) = await SeedAsync(Store, CampaignState.Active, "+77270000001", "+77270000002");
        var claim = await Store.TryClaimAsync(Claim(jobs[0].Id), TestContext.Current.CancellationToken);
        await Store.CompleteAttemptAsync(new AttemptCompletion(claim.Attempt!.Id, "node-a", T0.AddMinutes(1), Outcome(FailureClass.Busy), new JobDecision(JobState.Pending, T0.AddMinutes(4), 0)), TestContext.Current.CancellationToken);
        var job = await Store.GetJobAsync(jobs[0].Id, TestContext.Current.CancellationToken);
        Assert.Equal((JobState.Pending, T0.AddMinutes(4), 1, 1, false), (job!.State, job.NextAttemptAt!.Value, job.AttemptCount, job.FailuresOf(FailureClass.Busy), job.EverAnswered));
        Assert.Equal(CampaignState.Active, (await Store.GetCampaignAsync(campaign.Id, TestContext.Current.CancellationToken))!.State);
    }

    [Fact]
    public async Task Completion_by_a_node_not_holding_the_lease_changes_nothing()
    {
        var (_, jobs) = await SeedAsync(Store, CampaignState.Active, "+77270000001");
        var claim = await Store.TryClaimAsync(Claim(jobs[0].Id), TestContext.Current.CancellationToken);
        Assert.False(await Store.CompleteAttemptAsync(new AttemptCompletion(claim.Attempt!.Id, "node-b", T0, Outcome(FailureClass.Succeeded, 1, 1), new JobDecision(JobState.Succeeded, null, 1)), TestContext.Current.CancellationToken));
        Assert.Equal(JobState.InCall, (await Store.GetJobAsync(jobs[0].Id, TestContext.Current.CancellationToken))!.State);
        Assert.True(await Store.CompleteAttemptAsync(new AttemptCompletion(claim.Attempt.Id, "node-a", T0, Outcome(FailureClass.Succeeded, 1, 1), new JobDecision(JobState.Succeeded, null, 1)), TestContext.Current.CancellationToken));
        Assert.False(await Store.CompleteAttemptAsync(new AttemptCompletion(claim.Attempt.Id, "node-a", T0, Outcome(FailureClass.Succeeded, 1, 1), new JobDecision(JobState.Succeeded, null, 1)), TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Cancel_campaign_cancels_pending_jobs_and_a_running_call_ends_cancelled()
    {
        var (campaign, jobs) = await SeedAsync(Store, CampaignState.Active, "+77270000001", "+77270000002");
        var claim = await Store.TryClaimAsync(Claim(jobs[0].Id), TestContext.Current.CancellationToken);
        await Store.TransitionCampaignAsync(campaign.Id, [CampaignState.Active], CampaignState.Cancelled, T0, TestContext.Current.CancellationToken);
        Assert.Equal(JobState.Cancelled, (await Store.GetJobAsync(jobs[1].Id, TestContext.Current.CancellationToken))!.State);
        await Store.CompleteAttemptAsync(new AttemptCompletion(claim.Attempt!.Id, "node-a", T0.AddMinutes(1), Outcome(FailureClass.Busy), new JobDecision(JobState.Pending, T0.AddMinutes(4), 0)), TestContext.Current.CancellationToken);
        Assert.Equal(JobState.Cancelled, (await Store.GetJobAsync(jobs[0].Id, TestContext.Current.CancellationToken))!.State);
        Assert.Equal(CampaignState.Cancelled, (await Store.GetCampaignAsync(campaign.Id, TestContext.Current.CancellationToken))!.State);
    }

    [Fact]
    public async Task Cancel_one_pending_job()
    {
        var (campaign, jobs) = await SeedAsync(Store, CampaignState.Active, "+77270000001", "+77270000002");
        await Store.TryClaimAsync(Claim(jobs[0].Id), TestContext.Current.CancellationToken);
        Assert.False(await Store.CancelJobAsync(jobs[0].Id, T0, TestContext.Current.CancellationToken));
        Assert.True(await Store.CancelJobAsync(jobs[1].Id, T0, TestContext.Current.CancellationToken));
        Assert.Equal(new CampaignCounts(0, 1, 0, 0, 0, 1), await Store.GetCampaignCountsAsync(campaign.Id, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Outbox_delivery_marks_and_retries()
    {
        var campaign = NewCampaign(CampaignState.Draft);
        await Store.InsertCampaignAsync(campaign, TestContext.Current.CancellationToken);
        await Store.TransitionCampaignAsync(campaign.Id, [CampaignState.Draft], CampaignState.Active, T0, TestContext.Current.CancellationToken);
        await Store.TransitionCampaignAsync(campaign.Id, [CampaignState.Active], CampaignState.Paused, T0.AddSeconds(1), TestContext.Current.CancellationToken);
        var due = await Store.GetDueWebhooksAsync(T0.AddSeconds(1), 10, TestContext.Current.CancellationToken);
        Assert.Equal(2, due.Count);
        await Store.MarkWebhookDeliveredAsync(due[0].Id, T0.AddSeconds(2), TestContext.Current.CancellationToken);
        await Store.MarkWebhookFailedAsync(due[1].Id, null, "HTTP 500", T0.AddMinutes(1), TestContext.Current.CancellationToken);
        Assert.Empty(await Store.GetDueWebhooksAsync(T0.AddSeconds(30), 10, TestContext.Current.CancellationToken));
        var again = Assert.Single(await Store.GetDueWebhooksAsync(T0.AddMinutes(1), 10, TestContext.Current.CancellationToken));
        Assert.Equal((1, "HTTP 500"), (again.Attempts, again.LastError!));
        await Store.MarkWebhookFailedAsync(again.Id, null, "HTTP 500", null, TestContext.Current.CancellationToken);
        Assert.Empty(await Store.GetDueWebhooksAsync(T0.AddDays(30), 10, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Campaign_without_webhook_writes_no_outbox_rows()
    {
        var campaign = NewCampaign(CampaignState.Draft, webhook: false);
        await Store.InsertCampaignAsync(campaign, TestContext.Current.CancellationToken);
        await Store.TransitionCampaignAsync(campaign.Id, [CampaignState.Draft], CampaignState.Active, T0, TestContext.Current.CancellationToken);
        Assert.Empty(await Store.GetDueWebhooksAsync(T0.AddDays(1), 10, TestContext.Current.CancellationToken));
    }
}
