using Gateway.Campaigns.Domain;
using Gateway.Campaigns.Numbers;
using Gateway.Campaigns.Scheduling;
using Gateway.Campaigns.Store;

namespace Gateway.Campaigns.Dispatch;

public sealed partial class Dispatcher
{
    /// <summary>
    /// Ends attempts whose node stopped renewing (docs/store.md "Lease expiry"): FaxConfirmed → Succeeded, never sent
    /// again; some pages confirmed → PartialSend (resume); nothing confirmed → NetworkError; then the retry policy.
    /// </summary>
    private async Task<int> RecoverExpiredLeasesAsync(CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        var expired = await _jobs.GetExpiredLeasesAsync(now, 100, cancellationToken);
        var recovered = 0;
        foreach (var attempt in expired)
        {
            if (_running.ContainsKey(attempt.Id))
            {
                continue; // ours and still running: renewal will catch up
            }

            var job = await _campaigns.GetJobAsync(attempt.JobId, cancellationToken);
            var campaign = job is null ? null : await _campaigns.GetCampaignAsync(job.CampaignId, cancellationToken);
            if (job is null || campaign is null)
            {
                continue;
            }

            var outcome = LostCallOutcome(attempt);
            var calendar = _planner.CalendarFor(campaign, job.Destination) ?? new CallWindowCalendar(CallWindows.Always, TimeZones.TryFind("UTC") ?? TimeZoneInfo.Utc);
            var decision = RetryPlanner.Decide(job with { ResumePage = attempt.StartPage }, outcome, campaign.Settings.Retry, calendar, now);
            if (await _jobs.CompleteAttemptAsync(new AttemptCompletion(attempt.Id, _options.NodeId, now, outcome, decision, Recovery: true), cancellationToken))
            {
                recovered++;
                DispatcherLog.LeaseRecovered(_logger, attempt.Id, attempt.NodeId, outcome.Failure, decision.State);
            }
        }

        return recovered;
    }

    /// <summary>The outcome recorded for an attempt whose node was lost, from what the store knows of it.</summary>
    public static CallOutcome LostCallOutcome(Attempt attempt)
    {
        ArgumentNullException.ThrowIfNull(attempt);
        var confirmedAll = attempt.State == AttemptState.FaxConfirmed
            || (attempt.PagesTotal > 0 && attempt.StartPage + attempt.PagesConfirmed >= attempt.PagesTotal);
        var (failure, reason) = confirmedAll
            ? (FailureClass.Succeeded, $"every page confirmed before node {attempt.NodeId} was lost")
            : attempt.PagesConfirmed > 0
                ? (FailureClass.PartialSend, $"node {attempt.NodeId} lost after {attempt.PagesConfirmed} confirmed page(s)")
                : (FailureClass.NetworkError, $"node {attempt.NodeId} lost during the call (lease expired)");
        return new CallOutcome
        {
            Failure = failure,
            Reason = reason,
            PagesConfirmed = attempt.PagesConfirmed,
            PagesTotal = attempt.PagesTotal,
            AnsweredAt = attempt.AnsweredAt,
            Answered = attempt.AnsweredAt is not null,
        };
    }

    private async Task<int> RunDueRetryBatchesAsync(CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        var ran = 0;
        foreach (var batch in await _jobs.GetDueRetryBatchesAsync(now, cancellationToken))
        {
            DateTimeOffset? next = batch.DailyAt is { } daily
                ? LocalTime.NextDaily(daily, TimeZones.TryFind(batch.TimeZone) ?? TimeZoneInfo.Utc, now)
                : null;
            var reset = await _jobs.RunRetryBatchAsync(batch.Id, now, next, cancellationToken);
            DispatcherLog.RetryBatchRan(_logger, batch.Id, batch.CampaignId, reset);
            ran++;
        }

        return ran;
    }
}
