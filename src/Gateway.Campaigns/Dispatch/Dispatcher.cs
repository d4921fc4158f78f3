using System.Collections.Concurrent;
using Gateway.Campaigns.Domain;
using Gateway.Campaigns.Scheduling;
using Gateway.Campaigns.Store;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Gateway.Campaigns.Dispatch;

/// <summary>
/// The dispatcher loop the host runs as a BackgroundService: each tick recovers expired leases, runs due retry
/// batches, plans due jobs (<see cref="DispatchPlanner"/>), claims them within the trunk, CPS and per-number limits,
/// and starts each call through <see cref="IFaxCallPlacer"/>. Outcomes go through <see cref="RetryPlanner"/> to the
/// store. <see cref="StopAsync"/> is the graceful stop: no new calls, drain, cancel, release leases.
/// </summary>
public sealed partial class Dispatcher : IDisposable
{
    private readonly ICampaignStore _campaigns;
    private readonly IJobStore _jobs;
    private readonly IFaxCallPlacer _placer;
    private readonly TimeProvider _time;
    private readonly DispatcherOptions _options;
    private readonly ILogger _logger;
    private readonly DispatcherMetrics? _metrics;
    private readonly DispatchPlanner _planner = new();
    private readonly Dictionary<string, TrunkStartGate> _gates = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<Guid, RunningCall> _running = new();
    private readonly SemaphoreSlim _tickLock = new(1, 1);
    private IAsyncDisposable? _nodeLock;
    private long _lastRenewal;
    private volatile bool _stopping;

    public Dispatcher(ICampaignStore campaigns, IJobStore jobs, IFaxCallPlacer placer, TimeProvider time, DispatcherOptions options, ILogger<Dispatcher>? logger = null, DispatcherMetrics? metrics = null)
    {
        _metrics = metrics;
        _campaigns = campaigns;
        _jobs = jobs;
        _placer = placer;
        _time = time;
        _options = options;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _lastRenewal = time.GetTimestamp();
    }

    public void Dispose()
    {
        _tickLock.Dispose();
        foreach (var gate in _gates.Values)
        {
            gate.Dispose();
        }

        _nodeLock?.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _nodeLock = null;
    }

    /// <summary>Calls this node is running now.</summary>
    public int RunningCalls => _running.Count;

    /// <summary>Completes when every call running now has ended and been recorded.</summary>
    public Task WhenIdleAsync() => Task.WhenAll(_running.Values.Select(r => r.Task));

    /// <summary>True once <see cref="StopAsync"/> was called: no new call starts.</summary>
    public bool IsStopping => _stopping;

    /// <summary>
    /// Takes over the node (<see cref="TakeOverNodeAsync"/>), then ticks every <see cref="DispatcherOptions.PollInterval"/>
    /// until cancelled or stopping.
    /// </summary>
    public async Task RunAsync(CancellationToken stoppingToken)
    {
        var own = await TakeOverNodeAsync(stoppingToken);
        if (own > 0)
        {
            DispatcherLog.OwnLeasesRecovered(_logger, own, _options.NodeId);
        }

        while (!stoppingToken.IsCancellationRequested && !_stopping)
        {
            try
            {
                await TickAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                // A store outage must not kill the loop; the next tick tries again.
                DispatcherLog.TickFailed(_logger, e);
            }

            try
            {
                await Task.Delay(_options.PollInterval, _time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }

    /// <summary>One pass of the loop.</summary>
    public async Task<TickResult> TickAsync(CancellationToken cancellationToken = default)
    {
        await _tickLock.WaitAsync(cancellationToken);
        try
        {
            if (_stopping)
            {
                return new TickResult(0, 0, 0, 0, 0, 0);
            }

            await RenewLeasesIfDueAsync(cancellationToken);
            var recovered = await RecoverExpiredLeasesAsync(cancellationToken);
            var batches = await RunDueRetryBatchesAsync(cancellationToken);
            var (started, refused, rescheduled, skipped) = await DispatchDueAsync(cancellationToken);
            return new TickResult(started, refused, rescheduled, recovered, batches, skipped);
        }
        finally
        {
            _tickLock.Release();
        }
    }

    /// <summary>
    /// Graceful stop: no new calls; running calls get <paramref name="drainTimeout"/> (default
    /// <see cref="DispatcherOptions.DrainTimeout"/>) to finish, then are cancelled; cancelled calls without a
    /// confirmed page are released (uncounted, due again at once for another node).
    /// </summary>
    public async Task StopAsync(TimeSpan? drainTimeout = null, CancellationToken cancellationToken = default)
    {
        _stopping = true;
        await _tickLock.WaitAsync(cancellationToken);
        _tickLock.Release();
        var all = Task.WhenAll(_running.Values.Select(r => r.Task));
        var drain = Task.Delay(drainTimeout ?? _options.DrainTimeout, _time, cancellationToken);
        if (await Task.WhenAny(all, drain) != all)
        {
            DispatcherLog.DrainTimedOut(_logger, _running.Count);
            foreach (var call in _running.Values)
            {
                try
                {
                    await call.Cancellation.CancelAsync();
                }
                catch (ObjectDisposedException)
                {
                    // The call ended between the drain timeout and here, and disposed its source: nothing to cancel.
                }
            }

            await all;
        }

        if (_nodeLock is { } held)
        {
            _nodeLock = null;
            await held.DisposeAsync();
        }
    }

    private async Task<(int Started, int Refused, int Rescheduled, int Skipped)> DispatchDueAsync(CancellationToken cancellationToken)
    {
        var free = _options.MaxConcurrentCalls - _running.Count;
        if (free <= 0)
        {
            return (0, 0, 0, 0);
        }

        var now = _time.GetUtcNow();
        var due = await _jobs.GetDueJobsAsync(now, _options.FetchPerCampaign, _options.FetchTotal, cancellationToken);
        if (due.Count == 0)
        {
            return (0, 0, 0, 0);
        }

        var campaigns = new Dictionary<Guid, Campaign>();
        foreach (var id in due.Select(d => d.Job.CampaignId).Distinct())
        {
            if (await _campaigns.GetCampaignAsync(id, cancellationToken) is { } c)
            {
                campaigns[id] = c;
            }
        }

        var plan = _planner.Plan(due, campaigns, now);
        foreach (var (jobId, at) in plan.Reschedules)
        {
            await _jobs.RescheduleAsync(jobId, at, now, cancellationToken);
        }

        int started = 0, refused = 0, skipped = 0;
        var fullTrunks = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var call in plan.Calls)
        {
            if (started >= free || _stopping)
            {
                break;
            }

            var trunk = _options.TrunkFor(call.Campaign.Settings.Trunk);
            if (fullTrunks.Contains(trunk))
            {
                skipped++;
                continue;
            }

            if (_options.TrunkAvailable is { } available && !available(trunk))
            {
                // The trunk is down (its circuit breaker is open): no claim, so no attempt is spent on it.
                fullTrunks.Add(trunk);
                skipped++;
                continue;
            }

            var limits = _options.LimitsFor(trunk);
            // The attempt starts when it is claimed, not when the tick began: the tick's reads may have taken a while,
            // and an attempt's recorded start must not precede the end of the call whose channel it took.
            var claimAt = _time.GetUtcNow();
            var request = new ClaimRequest(
                call.Job.Id, Guid.CreateVersion7(claimAt), _options.NodeId, claimAt, claimAt + _options.LeaseDuration, trunk, limits.Channels,
                _options.MinIntervalPerNumber, _options.DailyCapPerNumber, call.LocalDay, limits.CallsPerSecond);
            // Two layers (docs/campaigns.md): this node's Polly rate limiter first, so the node alone never exceeds the
            // trunk's rate, then the store's count on the trunk row, which holds the rate over all nodes.
            var gate = GateFor(trunk);
            var claim = await gate.ClaimAsync(ct => _jobs.TryClaimAsync(request, ct), cancellationToken);
            if (claim is null)
            {
                fullTrunks.Add(trunk); // calls-per-second reached on this node: the rest of this trunk waits for the next tick
                skipped++;
                continue;
            }

            switch (claim.Status)
            {
                case ClaimStatus.Claimed:
                    Start(call, claim.Attempt!);
                    started++;
                    break;
                case ClaimStatus.Refused:
                    gate.Limiter.Return();
                    refused++;
                    _metrics?.AttemptEnded(FailureClass.Refused, trunk);
                    DispatcherLog.Refused(_logger, call.Job.CampaignId, call.Job.Id, call.Job.Destination.Number);
                    break;
                case ClaimStatus.TrunkFull or ClaimStatus.TrunkRateLimited:
                    gate.Limiter.Return();
                    fullTrunks.Add(trunk);
                    skipped++;
                    break;
                case ClaimStatus.NumberBusy or ClaimStatus.NumberRested:
                    gate.Limiter.Return();
                    await _jobs.RescheduleAsync(call.Job.Id, NextAllowed(call, now + _options.MinIntervalPerNumber), now, cancellationToken);
                    skipped++;
                    break;
                case ClaimStatus.DailyCapReached:
                    gate.Limiter.Return();
                    var midnight = LocalTime.ToUtc(call.LocalDay.AddDays(1).ToDateTime(TimeOnly.MinValue), call.Calendar.Zone);
                    await _jobs.RescheduleAsync(call.Job.Id, NextAllowed(call, midnight), now, cancellationToken);
                    skipped++;
                    break;
                default:
                    gate.Limiter.Return();
                    skipped++;
                    break;
            }
        }

        return (started, refused, plan.Reschedules.Count, skipped);
    }

    private static DateTimeOffset NextAllowed(PlannedCall call, DateTimeOffset earliest) =>
        call.Calendar.NextOpening(earliest) ?? earliest;

    private TrunkStartGate GateFor(string trunk)
    {
        if (!_gates.TryGetValue(trunk, out var gate))
        {
            _gates[trunk] = gate = new TrunkStartGate(_options.LimitsFor(trunk).CallsPerSecond, _time);
        }

        return gate;
    }
}
