using Gateway.Campaigns.Domain;
using Gateway.Campaigns.Numbers;
using Gateway.Campaigns.Scheduling;
using Gateway.Campaigns.Store;

namespace Gateway.Campaigns;

public sealed partial class CampaignService
{
    /// <summary>Adds a number to the global do-not-fax list; it is never dialed (its jobs end Refused).</summary>
    public async Task<DoNotFaxEntry> AddDoNotFaxAsync(string number, string? reason, string? defaultRegion = null, CancellationToken cancellationToken = default)
    {
        var entry = new DoNotFaxEntry(NormalizeListed(number, defaultRegion), string.IsNullOrWhiteSpace(reason) ? null : reason.Trim(), time.GetUtcNow());
        await store.AddDoNotFaxAsync(entry, cancellationToken);
        return entry;
    }

    /// <summary>False when the number was not listed.</summary>
    public Task<bool> RemoveDoNotFaxAsync(string number, string? defaultRegion = null, CancellationToken cancellationToken = default) =>
        store.RemoveDoNotFaxAsync(NormalizeListed(number, defaultRegion), cancellationToken);

    public Task<PageOf<DoNotFaxEntry>> ListDoNotFaxAsync(int offset = 0, int limit = 100, CancellationToken cancellationToken = default)
    {
        CheckPage(offset, limit);
        return store.ListDoNotFaxAsync(offset, limit, cancellationToken);
    }

    /// <summary>
    /// Schedules "retry the failed (and/or pending) destinations of a campaign" once at <paramref name="at"/>, or every
    /// day at <paramref name="dailyAt"/> local time in <paramref name="timeZone"/> (UTC when null).
    /// </summary>
    public async Task<RetryBatch> ScheduleRetryBatchAsync(
        Guid campaignId,
        DateTimeOffset? at,
        TimeSpan? dailyAt,
        string? timeZone,
        bool includeFailed = true,
        bool includePending = false,
        CancellationToken cancellationToken = default)
    {
        var campaign = await GetAsync(campaignId, cancellationToken);
        if (campaign.State is CampaignState.Cancelled or CampaignState.Draft)
        {
            throw new CampaignStateException(campaignId, campaign.State, "schedule a retry batch");
        }

        if (!includeFailed && !includePending)
        {
            throw new CampaignValidationException("include", "include failed, pending or both");
        }

        if ((at is null) == (dailyAt is null))
        {
            throw new CampaignValidationException("at", "give either a time (once) or a daily time of day");
        }

        var now = time.GetUtcNow();
        DateTimeOffset runAt;
        if (dailyAt is { } daily)
        {
            if (daily < TimeSpan.Zero || daily >= TimeSpan.FromDays(1))
            {
                throw new CampaignValidationException("dailyAt", "a time of day, 00:00 to 23:59");
            }

            var zone = timeZone is null ? TimeZoneInfo.Utc : TimeZones.Find(timeZone, "timeZone");
            runAt = LocalTime.NextDaily(daily, zone, now);
        }
        else
        {
            if (timeZone is not null)
            {
                TimeZones.Find(timeZone, "timeZone");
            }

            runAt = at!.Value < now ? now : at.Value;
        }

        var batch = new RetryBatch(Guid.CreateVersion7(now), campaignId, runAt, dailyAt, timeZone is null ? null : TimeZones.Find(timeZone, "timeZone").Id, includeFailed, includePending, RetryBatchState.Scheduled, now);
        await store.InsertRetryBatchAsync(batch, cancellationToken);
        return batch;
    }

    public Task<IReadOnlyList<RetryBatch>> ListRetryBatchesAsync(Guid? campaignId, CancellationToken cancellationToken = default) =>
        store.ListRetryBatchesAsync(campaignId, cancellationToken);

    public async Task CancelRetryBatchAsync(Guid batchId, CancellationToken cancellationToken = default)
    {
        var batch = await store.GetRetryBatchAsync(batchId, cancellationToken) ?? throw new CampaignNotFoundException("retry batch", batchId);
        if (!await store.CancelRetryBatchAsync(batchId, cancellationToken))
        {
            throw new CampaignValidationException("state", $"retry batch {batchId} is {batch.State.ToString().ToLowerInvariant()}");
        }
    }

    /// <summary>Cancels a single fax (or one Pending job of a campaign).</summary>
    public async Task<Job> CancelJobAsync(Guid jobId, CancellationToken cancellationToken = default)
    {
        var job = await GetJobAsync(jobId, cancellationToken);
        var campaign = await GetAsync(job.CampaignId, cancellationToken);
        if (campaign.IsSingleFax)
        {
            await CancelAsync(campaign.Id, cancellationToken);
        }
        else if (!await store.CancelJobAsync(jobId, time.GetUtcNow(), cancellationToken))
        {
            throw new CampaignValidationException("state", $"job {jobId} is {job.State.ToString().ToLowerInvariant()}, only pending jobs can be cancelled");
        }

        return await GetJobAsync(jobId, cancellationToken);
    }

    private static string NormalizeListed(string number, string? defaultRegion)
    {
        try
        {
            return new DestinationResolver(defaultRegion, null).Normalize(number);
        }
        catch (DestinationException e)
        {
            throw new CampaignValidationException("number", e.Error.Message);
        }
    }
}
