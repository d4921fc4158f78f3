using Gateway.Campaigns.Domain;
using Gateway.Campaigns.Scheduling;
using Gateway.Campaigns.Store;

namespace Gateway.Campaigns.Dispatch;

public sealed partial class Dispatcher
{
    private void Start(PlannedCall call, Attempt attempt)
    {
        var running = new RunningCall(attempt.Id, new CancellationTokenSource());
        _running[attempt.Id] = running;
        running.Task = Task.Run(async () =>
        {
            try
            {
                await RunCallAsync(call, attempt, running);
            }
            catch (Exception e)
            {
                // The store was unreachable at the end of the call: the lease expires and recovery decides.
                DispatcherLog.CompletionFailed(_logger, e, call.Job.CampaignId, call.Job.Id, attempt.Id);
            }
            finally
            {
                _running.TryRemove(attempt.Id, out _);
                running.Cancellation.Dispose();
            }
        });
    }

    private async Task RunCallAsync(PlannedCall call, Attempt attempt, RunningCall running)
    {
        using var scope = _logger.BeginScope(new Dictionary<string, object>
        {
            ["CampaignId"] = call.Job.CampaignId,
            ["JobId"] = call.Job.Id,
            ["AttemptId"] = attempt.Id,
        });
        var documents = new List<DocumentRef>();
        foreach (var id in call.Campaign.Settings.DocumentIds)
        {
            documents.Add(await _campaigns.GetDocumentAsync(id, CancellationToken.None) ?? throw new InvalidOperationException($"document {id} missing from the registry"));
        }

        if (_stopping && await _jobs.ReleaseAsync(attempt.Id, _options.NodeId, _time.GetUtcNow(), CancellationToken.None))
        {
            // Claimed but not yet dialled when the stop began: handed back at once, uncounted.
            DispatcherLog.ReleasedBeforeDialling(_logger);
            _metrics?.AttemptReleased(attempt.Trunk);
            return;
        }

        var request = new FaxCallRequest(
            call.Job.CampaignId, call.Job.Id, attempt.Id, call.Job.Destination.Number, call.Campaign.Settings.Sender, documents,
            call.Campaign.Settings.PromptRef, attempt.StartPage, attempt.Sequence, attempt.Trunk);
        var progress = new LeaseProgress(_jobs, running, _options.NodeId);
        DispatcherLog.CallStarting(_logger, call.Job.Destination.Number, attempt.Sequence, attempt.StartPage);

        CallOutcome outcome;
        try
        {
            outcome = await _placer.PlaceCallAsync(request, progress, running.Cancellation.Token);
        }
        catch (OperationCanceledException) when (running.Cancellation.IsCancellationRequested)
        {
            if (running.PagesConfirmed == 0 && await _jobs.ReleaseAsync(attempt.Id, _options.NodeId, _time.GetUtcNow(), CancellationToken.None))
            {
                DispatcherLog.Released(_logger);
                _metrics?.AttemptReleased(attempt.Trunk);
                return;
            }

            outcome = new CallOutcome
            {
                Failure = FailureClass.PartialSend,
                Reason = "call cancelled by a stopping node after confirmed pages",
                PagesConfirmed = running.PagesConfirmed,
                PagesTotal = running.PagesTotal,
                AnsweredAt = running.AnsweredAt,
                Answered = true,
            };
        }
        catch (Exception e)
        {
            outcome = new CallOutcome
            {
                Failure = FailureClass.NetworkError,
                Reason = "call layer error: " + e.Message,
                PagesConfirmed = running.PagesConfirmed,
                PagesTotal = running.PagesTotal,
                AnsweredAt = running.AnsweredAt,
                Answered = running.AnsweredAt is not null,
            };
        }

        // Progress written during the call counts even if the final outcome forgot it.
        if (running.PagesConfirmed > outcome.PagesConfirmed || running.PagesTotal > outcome.PagesTotal)
        {
            outcome = outcome with { PagesConfirmed = Math.Max(outcome.PagesConfirmed, running.PagesConfirmed), PagesTotal = Math.Max(outcome.PagesTotal, running.PagesTotal) };
        }

        var now = _time.GetUtcNow();
        var job = call.Job with { ResumePage = attempt.StartPage };
        var decision = RetryPlanner.Decide(job, outcome, call.Campaign.Settings.Retry, call.Calendar, now);
        var recorded = await _jobs.CompleteAttemptAsync(new AttemptCompletion(attempt.Id, _options.NodeId, now, outcome, decision), CancellationToken.None);
        if (recorded)
        {
            _metrics?.AttemptEnded(outcome.Failure, attempt.Trunk);
            DispatcherLog.CallFinished(_logger, outcome.Failure, outcome.Reason, decision.State, decision.NextAttemptAt);
        }
        else
        {
            DispatcherLog.LeaseLost(_logger, outcome.Failure);
        }
    }

    private async Task RenewLeasesIfDueAsync(CancellationToken cancellationToken)
    {
        if (_time.GetElapsedTime(_lastRenewal) < _options.LeaseRenewInterval)
        {
            return;
        }

        _lastRenewal = _time.GetTimestamp();
        var ids = _running.Keys.ToArray();
        if (ids.Length == 0)
        {
            return;
        }

        var lost = await _jobs.RenewLeasesAsync(_options.NodeId, ids, _time.GetUtcNow() + _options.LeaseDuration, cancellationToken);
        foreach (var id in lost)
        {
            // Another node recovered it (this node looked dead): stop the call; its completion will be refused.
            _metrics?.LeaseLost();
            if (_running.TryGetValue(id, out var call))
            {
                await call.Cancellation.CancelAsync();
            }
        }
    }
}
