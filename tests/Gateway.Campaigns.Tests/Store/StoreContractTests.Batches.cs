using Gateway.Campaigns.Domain;
using Gateway.Campaigns.Store;
using static Gateway.Campaigns.Tests.Store.StoreFixtures;

namespace Gateway.Campaigns.Tests.Store;

public abstract partial class StoreContractTests
{
    [Fact]
    public async Task Retry_batch_resets_failed_jobs_with_a_fresh_budget_and_reopens_the_campaign()
    {
        var (campaign, jobs) = await SeedAsync(Store, CampaignState.Active, "+77270000001", "+77270000002");
        foreach (var (seeded, state) in new[] { (jobs[0], JobState.Failed), (jobs[1], JobState.Succeeded) })
        {
            var claim = await Store.TryClaimAsync(Claim(seeded.Id), TestContext.Current.CancellationToken);
            await Store.CompleteAttemptAsync(new AttemptCompletion(claim.Attempt!.Id, "node-a", T0.AddMinutes(1), Outcome(state == JobState.Failed ? FailureClass.NoAnswer : FailureClass.Succeeded, 0, 1), new JobDecision(state, null, 0)), TestContext.Current.CancellationToken);
        }

        Assert.Equal(CampaignState.Completed, (await Store.GetCampaignAsync(campaign.Id, TestContext.Current.CancellationToken))!.State);
        var batch = new RetryBatch(Guid.NewGuid(), campaign.Id, T0.AddHours(10), null, null, true, false, RetryBatchState.Scheduled, T0);
        await Store.InsertRetryBatchAsync(batch, TestContext.Current.CancellationToken);
        Assert.Empty(await Store.GetDueRetryBatchesAsync(T0.AddHours(9), TestContext.Current.CancellationToken));
        Assert.Equal(0, await Store.RunRetryBatchAsync(batch.Id, T0.AddHours(9), null, TestContext.Current.CancellationToken));
        Assert.Single(await Store.GetDueRetryBatchesAsync(T0.AddHours(10), TestContext.Current.CancellationToken));
        Assert.Equal(1, await Store.RunRetryBatchAsync(batch.Id, T0.AddHours(10), null, TestContext.Current.CancellationToken));
        var job = (await Store.GetJobAsync(jobs[0].Id, TestContext.Current.CancellationToken))!;
        Assert.Equal((JobState.Pending, T0.AddHours(10), 0, 0), (job.State, job.NextAttemptAt!.Value, job.AttemptCount, job.FailuresOf(FailureClass.NoAnswer)));
        Assert.Equal(JobState.Succeeded, (await Store.GetJobAsync(jobs[1].Id, TestContext.Current.CancellationToken))!.State);
        Assert.Equal(CampaignState.Active, (await Store.GetCampaignAsync(campaign.Id, TestContext.Current.CancellationToken))!.State);
        var done = (await Store.GetRetryBatchAsync(batch.Id, TestContext.Current.CancellationToken))!;
        Assert.Equal((RetryBatchState.Done, 1, T0.AddHours(10)), (done.State, done.LastRunJobs, done.LastRunAt!.Value));
        Assert.Equal(0, await Store.RunRetryBatchAsync(batch.Id, T0.AddHours(11), null, TestContext.Current.CancellationToken));
        Assert.Equal(2, (await Store.ListAttemptsAsync(jobs[0].Id, TestContext.Current.CancellationToken)).Count + (await Store.ListAttemptsAsync(jobs[1].Id, TestContext.Current.CancellationToken)).Count);
    }

    [Fact]
    public async Task Daily_retry_batch_moves_to_its_next_run_and_can_be_cancelled()
    {
        var (campaign, _) = await SeedAsync(Store, CampaignState.Active, "+77270000001");
        var batch = new RetryBatch(Guid.NewGuid(), campaign.Id, T0, TimeSpan.FromHours(2), "Asia/Almaty", true, true, RetryBatchState.Scheduled, T0);
        await Store.InsertRetryBatchAsync(batch, TestContext.Current.CancellationToken);
        Assert.Equal(1, await Store.RunRetryBatchAsync(batch.Id, T0, T0.AddDays(1), TestContext.Current.CancellationToken));
        var after = (await Store.GetRetryBatchAsync(batch.Id, TestContext.Current.CancellationToken))!;
        Assert.Equal((RetryBatchState.Scheduled, T0.AddDays(1), TimeSpan.FromHours(2)), (after.State, after.RunAt, after.DailyAt!.Value));
        Assert.Single(await Store.ListRetryBatchesAsync(campaign.Id, TestContext.Current.CancellationToken));
        Assert.Single(await Store.ListRetryBatchesAsync(null, TestContext.Current.CancellationToken));
        Assert.True(await Store.CancelRetryBatchAsync(batch.Id, TestContext.Current.CancellationToken));
        Assert.False(await Store.CancelRetryBatchAsync(batch.Id, TestContext.Current.CancellationToken));
        Assert.Equal(0, await Store.RunRetryBatchAsync(batch.Id, T0.AddDays(1), T0.AddDays(2), TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Retry_batch_of_a_cancelled_campaign_resets_nothing()
    {
        var (campaign, jobs) = await SeedAsync(Store, CampaignState.Active, "+77270000001");
        await Store.TransitionCampaignAsync(campaign.Id, [CampaignState.Active], CampaignState.Cancelled, T0, TestContext.Current.CancellationToken);
        var batch = new RetryBatch(Guid.NewGuid(), campaign.Id, T0, null, null, true, true, RetryBatchState.Scheduled, T0);
        await Store.InsertRetryBatchAsync(batch, TestContext.Current.CancellationToken);
        Assert.Equal(0, await Store.RunRetryBatchAsync(batch.Id, T0, null, TestContext.Current.CancellationToken));
        Assert.Equal(JobState.Cancelled, (await Store.GetJobAsync(jobs[0].Id, TestContext.Current.CancellationToken))!.State);
    }

    [Fact]
    public async Task Concurrent_nodes_claim_each_job_exactly_once()
    {
        var numbers = Enumerable.Range(0, 40).Select(i => $"+7727{i:D7}").ToArray();
        var (_, jobs) = await SeedAsync(Store, CampaignState.Active, numbers);
        var results = await Task.WhenAll(Enumerable.Range(0, 4).Select(node => Task.Run(async () =>
        {
            var mine = new List<Guid>();
            foreach (var job in jobs)
            {
                var r = await Store.TryClaimAsync(Claim(job.Id, $"node-{node}", channels: 1000), TestContext.Current.CancellationToken);
                if (r.Status == ClaimStatus.Claimed)
                {
                    mine.Add(job.Id);
                }
            }

            return mine;
        })));
        var all = results.SelectMany(r => r).ToList();
        Assert.Equal(40, all.Count);
        Assert.Equal(40, all.Distinct().Count());
    }
}
