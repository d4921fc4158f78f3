using System.Diagnostics.Metrics;
using Gateway.Campaigns.Domain;
using Gateway.Campaigns.Store;

namespace Gateway.Campaigns.Dispatch;

/// <summary>
/// The dispatcher's instruments, meter <c>Gateway.Campaigns</c> (exported by the host through OpenTelemetry):
/// attempts by outcome, leases recovered and lost, and the queue depth of each campaign. The queue gauge reads a
/// snapshot refreshed from the store at most every <see cref="QueueRefreshInterval"/>, in the background, so a
/// scrape never waits on the database and many scrapes cost one query.
/// </summary>
public sealed class DispatcherMetrics : IDisposable
{
    /// <summary>The meter name to subscribe to.</summary>
    public const string MeterName = "Gateway.Campaigns";

    private readonly Meter _meter;
    private readonly IJobStore _store;
    private readonly TimeProvider _time;
    private readonly Counter<long> _attempts;
    private readonly Counter<long> _recovered;
    private readonly Counter<long> _lost;
    private IReadOnlyList<QueueDepth> _queue = [];
    private long _refreshedAt = long.MinValue;
    private int _refreshing;

    public DispatcherMetrics(IMeterFactory meters, IJobStore store, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(meters);
        _store = store;
        _time = time;
        _meter = meters.Create(MeterName);
        _attempts = _meter.CreateCounter<long>("gateway.dispatch.attempts", "{attempt}", "Attempts this node ended, by outcome (failure class, or released when handed back uncounted) and trunk");
        _recovered = _meter.CreateCounter<long>("gateway.dispatch.leases.recovered", "{lease}", "Leases of lost nodes this node ended, by cause: expired (the lease ran out) or owner_dead (this node's previous process, proven dead by the node lock)");
        _lost = _meter.CreateCounter<long>("gateway.dispatch.leases.lost", "{lease}", "Leases of this node that another node recovered while its call still ran (found at renewal)");
        _meter.CreateObservableGauge("gateway.campaign.queue.depth", ObserveQueue, "{job}", "Jobs of each Active or Paused campaign by state: pending (waiting), due (pending and due now), in_call");
    }

    /// <summary>Least time between two queue reads from the store.</summary>
    public TimeSpan QueueRefreshInterval { get; init; } = TimeSpan.FromSeconds(5);

    internal void AttemptEnded(FailureClass outcome, string trunk) =>
        _attempts.Add(1, new KeyValuePair<string, object?>("outcome", outcome.ToString()), new KeyValuePair<string, object?>("trunk", trunk));

    internal void AttemptReleased(string trunk) =>
        _attempts.Add(1, new KeyValuePair<string, object?>("outcome", "released"), new KeyValuePair<string, object?>("trunk", trunk));

    internal void LeaseRecovered(bool ownerDead) =>
        _recovered.Add(1, new KeyValuePair<string, object?>("cause", ownerDead ? "owner_dead" : "expired"));

    internal void LeaseLost() => _lost.Add(1);

    /// <summary>Reads the queue from the store now (the gauge otherwise refreshes itself when its snapshot is stale).</summary>
    public async Task RefreshQueueAsync(CancellationToken cancellationToken = default)
    {
        _queue = await _store.GetQueueDepthsAsync(_time.GetUtcNow(), cancellationToken);
        Interlocked.Exchange(ref _refreshedAt, _time.GetTimestamp());
    }

    private IEnumerable<Measurement<long>> ObserveQueue()
    {
        var at = Interlocked.Read(ref _refreshedAt);
        if ((at == long.MinValue || _time.GetElapsedTime(at) >= QueueRefreshInterval) && Interlocked.Exchange(ref _refreshing, 1) == 0)
        {
            _ = Task.Run(async () =>
            {
                try
                {
                    await RefreshQueueAsync();
                }
                catch (Exception e) when (e is not OutOfMemoryException)
                {
                    // The store is unreachable: the gauge keeps its last snapshot; the next scrape tries again.
                }
                finally
                {
                    Volatile.Write(ref _refreshing, 0);
                }
            });
        }

        foreach (var q in _queue)
        {
            var campaign = new KeyValuePair<string, object?>("campaign", q.CampaignId.ToString("D"));
            yield return new Measurement<long>(q.Pending, campaign, new KeyValuePair<string, object?>("state", "pending"));
            yield return new Measurement<long>(q.Due, campaign, new KeyValuePair<string, object?>("state", "due"));
            yield return new Measurement<long>(q.InCall, campaign, new KeyValuePair<string, object?>("state", "in_call"));
        }
    }

    public void Dispose() => _meter.Dispose();
}
