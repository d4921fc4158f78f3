using System.Collections.Concurrent;
using System.Threading.RateLimiting;
using Gateway.Engine;
using Gateway.Hosting;

namespace Gateway.Dispatching;

/// <summary>
/// The dispatcher: claims due jobs under the channel and calls-per-second limits, runs each call through
/// <see cref="IFaxCallPlacer"/> with its lease renewed, records the outcome, recovers expired leases and
/// runs due retry batches. On stop it claims nothing more, lets running calls finish for
/// <see cref="DispatcherOptions.DrainSeconds"/>, then cuts the rest and releases their leases.
/// Every log line about a call carries CampaignId, JobId and AttemptId (a logging scope).
/// </summary>
public sealed class DispatcherWorker(
    EngineStore store,
    IFaxCallPlacer placer,
    DispatcherOptions options,
    NodeIdentity node,
    ReadinessState readiness,
    TimeProvider time,
    ILogger<DispatcherWorker> logger) : BackgroundService
{
    private readonly ConcurrentDictionary<string, Task> _running = new();
    private readonly CancellationTokenSource _cutCalls = new();
    private readonly SemaphoreSlim _wake = new(0);

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!readiness.StoreMigrated)
        {
            await Task.Delay(50, stoppingToken);
        }

        var recovered = await store.RecoverLeasesAsync(node.Id, atStartup: true, stoppingToken);
        if (recovered > 0)
        {
            logger.LogWarning("Recovered {Count} job(s) left active by an earlier run of node {Node}", recovered, node.Id);
        }

        using var limiter = new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
        {
            TokenLimit = Math.Max(1, (int)Math.Ceiling(options.CallsPerSecond)),
            TokensPerPeriod = Math.Max(1, (int)Math.Ceiling(options.CallsPerSecond)),
            ReplenishmentPeriod = TimeSpan.FromSeconds(Math.Max(1, (int)Math.Ceiling(options.CallsPerSecond)) / Math.Max(0.01, options.CallsPerSecond)),
            QueueLimit = 0,
            AutoReplenishment = true,
        });
        readiness.MarkWorkerRunning(true);
        logger.LogInformation("Dispatcher running on node {Node}: {Channels} channel(s), {Cps} call(s)/s", node.Id, options.MaxConcurrentCalls, options.CallsPerSecond);
        var lease = TimeSpan.FromSeconds(options.LeaseSeconds);
        var lastHousekeeping = DateTimeOffset.MinValue;
        var lastRenew = time.GetUtcNow();
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                var now = time.GetUtcNow();
                if (now - lastRenew > lease / 3)
                {
                    await Guard(() => store.RenewLeasesAsync(node.Id, _running.Keys.ToList(), lease, stoppingToken), "renewing leases");
                    lastRenew = now;
                }

                if (now - lastHousekeeping > TimeSpan.FromSeconds(options.RecoveryIntervalSeconds))
                {
                    await Guard(async () =>
                    {
                        var n = await store.RecoverLeasesAsync(node.Id, atStartup: false, stoppingToken);
                        var b = await store.RunDueRetryBatchesAsync(stoppingToken);
                        if (n + b > 0)
                        {
                            logger.LogInformation("Housekeeping: {Recovered} expired lease(s) recovered, {Requeued} job(s) requeued by retry batches", n, b);
                        }
                    }, "housekeeping");
                    lastHousekeeping = now;
                }

                var free = options.MaxConcurrentCalls - _running.Count;
                var tokens = 0;
                while (tokens < free && limiter.AttemptAcquire(1).IsAcquired)
                {
                    tokens++;
                }

                if (tokens > 0)
                {
                    await Guard(async () =>
                    {
                        var claimed = await store.ClaimAsync(node.Id, tokens, lease, TimeSpan.FromSeconds(options.MinIntervalPerNumberSeconds), options.DailyCapPerNumber, stoppingToken);
                        foreach (var job in claimed)
                        {
                            _running[job.JobId] = RunCallAsync(job);
                        }
                    }, "claiming jobs");
                }

                try
                {
                    await _wake.WaitAsync(TimeSpan.FromMilliseconds(Math.Max(10, options.PollIntervalMs)), stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }
        }
        finally
        {
            await DrainAsync();
        }
    }

    private async Task DrainAsync()
    {
        readiness.MarkStopping();
        var running = _running.Values.ToArray();
        logger.LogInformation("Stopping: no new calls; {Count} running call(s) may finish within {Drain} s", running.Length, options.DrainSeconds);
        var all = Task.WhenAll(running);
        if (await Task.WhenAny(all, Task.Delay(TimeSpan.FromSeconds(options.DrainSeconds), time)) != all)
        {
            logger.LogWarning("Drain time over: cutting {Count} call(s) and releasing their leases", _running.Count);
            await _cutCalls.CancelAsync();
            await all;
        }

        readiness.MarkWorkerRunning(false);
        logger.LogInformation("Dispatcher stopped");
    }

    private async Task RunCallAsync(ClaimedJob job)
    {
        await Task.Yield();
        using var scope = logger.BeginScope(new Dictionary<string, object>
        {
            ["CampaignId"] = job.CampaignId,
            ["JobId"] = job.JobId,
            ["AttemptId"] = job.AttemptId,
            ["AttemptNumber"] = job.AttemptNumber,
        });
        try
        {
            logger.LogInformation("Placing call {AttemptNumber} to {Number}", job.AttemptNumber, job.Number);
            var request = new FaxCallRequest(job.CampaignId, job.JobId, job.AttemptId, job.AttemptNumber, job.Number,
                job.Spec.DocumentIds ?? [], job.Spec.Sender, job.Spec.PromptRef, job.PagesConfirmed + 1);
            FaxCallResult result;
            try
            {
                result = await placer.PlaceAsync(request, pages => ConfirmAsync(job, pages), _cutCalls.Token);
            }
            catch (OperationCanceledException) when (_cutCalls.IsCancellationRequested)
            {
                await store.ReleaseAsync(node.Id, job, CancellationToken.None);
                logger.LogWarning("Call cut at shutdown; lease released, job due again");
                return;
            }
            catch (Exception ex)
            {
                logger.LogError(ex, "Call placer failed");
                result = new FaxCallResult(FailureClass.NetworkError, null, 0, null, null, null, null, "call placer error: " + ex.Message);
            }

            var recorded = await store.CompleteAttemptAsync(node.Id, job, result, CancellationToken.None);
            if (recorded)
            {
                logger.LogInformation("Call ended {Outcome} (SIP {SipStatus}, {Pages} page(s))", EngineStore.ToApi(result.Outcome), result.SipStatus, result.PagesConfirmed);
            }
            else
            {
                logger.LogWarning("Call ended {Outcome} but this node no longer held the lease; the outcome was not recorded", EngineStore.ToApi(result.Outcome));
            }
        }
        catch (Exception ex)
        {
            // The lease expires and another pass recovers the job.
            logger.LogError(ex, "Recording the call failed; the lease will expire and the job be recovered");
        }
        finally
        {
            _running.TryRemove(job.JobId, out _);
            _wake.Release();
        }
    }

    private async Task ConfirmAsync(ClaimedJob job, int pages)
    {
        await store.ConfirmFaxAsync(job.AttemptId, pages, CancellationToken.None);
        logger.LogInformation("Fax confirmed by the far end ({Pages} page(s))", pages);
    }

    private async Task Guard(Func<Task> action, string what)
    {
        try
        {
            await action();
        }
        catch (OperationCanceledException)
        {
            throw;
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "Dispatcher failed while {What}; retrying next pass", what);
        }
    }

    /// <inheritdoc />
    public override void Dispose()
    {
        _cutCalls.Dispose();
        _wake.Dispose();
        base.Dispose();
    }
}
