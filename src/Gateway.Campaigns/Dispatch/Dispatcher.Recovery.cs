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
        var expired = await _jobs.GetExpiredLeasesAsync(_time.GetUtcNow(), 100, cancellationToken);
        return await RecoverAsync(expired, ownerDead: false, cancellationToken);
    }

    /// <summary>
    /// Takes this node's identity (<see cref="IJobStore.TryLockNodeAsync"/>) and at once ends the attempts a previous
    /// process of this node left open (killed, so never released), without waiting for their leases to expire: holding
    /// the lock proves that process is dead. Waits up to <see cref="DispatcherOptions.NodeLockWait"/> for the lock (a
    /// dead predecessor's connection may take a moment to close); throws <see cref="NodeIdInUseException"/> when a live
    /// process keeps it (two processes configured with one node id). Returns how many attempts were recovered.
    /// <see cref="RunAsync"/> calls it before the first tick.
    /// </summary>
    public async Task<int> TakeOverNodeAsync(CancellationToken cancellationToken = default)
    {
        if (_nodeLock is null)
        {
            var until = _time.GetUtcNow() + _options.NodeLockWait;
            while ((_nodeLock = await _jobs.TryLockNodeAsync(_options.NodeId, cancellationToken)) is null)
            {
                if (_time.GetUtcNow() >= until)
                {
                    throw new NodeIdInUseException(_options.NodeId);
                }

                await Task.Delay(TimeSpan.FromMilliseconds(250), _time, cancellationToken);
            }
        }

        var recovered = 0;
        while (true)
        {
            var open = (await _jobs.GetOpenAttemptsAsync(_options.NodeId, 100, cancellationToken)).Where(a => !_running.ContainsKey(a.Id)).ToList();
            var n = await RecoverAsync(open, ownerDead: true, cancellationToken);
            recovered += n;
            if (open.Count < 100 || n == 0)
            {
                return recovered;
            }
        }
    }

    private async Task<int> RecoverAsync(IReadOnlyList<Attempt> attempts, bool ownerDead, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        var recovered = 0;
        foreach (var attempt in attempts)
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
            if (await _jobs.CompleteAttemptAsync(new AttemptCompletion(attempt.Id, _options.NodeId, now, outcome, decision, Recovery: true, OwnerDead: ownerDead), cancellationToken))
            {
                recovered++;
                _metrics?.LeaseRecovered(ownerDead);
                _metrics?.AttemptEnded(outcome.Failure, attempt.Trunk);
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
