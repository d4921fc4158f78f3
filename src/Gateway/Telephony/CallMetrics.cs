using System.Diagnostics.Metrics;
using Gateway.Calls;
using Gateway.Media.Transport;

namespace Gateway.Telephony;

/// <summary>
/// The call instruments of meter <c>Gateway.Calls</c> (System.Diagnostics.Metrics; exported by the host
/// through OpenTelemetry). Tags are low-cardinality on purpose: trunk, outcome, transport, answered-by —
/// never a number or an id.
/// </summary>
public sealed class CallMetrics : IDisposable
{
    /// <summary>The meter name to subscribe to.</summary>
    public const string MeterName = "Gateway.Calls";

    private readonly Meter _meter;
    private readonly Counter<long> _placed;
    private readonly Counter<long> _pages;
    private readonly Histogram<double> _duration;
    private readonly Histogram<int> _bitRate;
    private readonly UpDownCounter<long> _active;

    /// <summary>Creates the instruments; <paramref name="media"/> and <paramref name="trunks"/> feed observable gauges.</summary>
    public CallMetrics(IMeterFactory meters, MediaLoop? media = null, IReadOnlyDictionary<string, TrunkRoute>? trunks = null)
    {
        _meter = meters.Create(MeterName);
        _placed = _meter.CreateCounter<long>("gateway.calls.placed", "{call}", "Calls that ended, by trunk, outcome (failure class), transport and who answered");
        _pages = _meter.CreateCounter<long>("gateway.fax.pages.confirmed", "{page}", "Pages the far end confirmed (MCF), by trunk and transport");
        _duration = _meter.CreateHistogram<double>("gateway.calls.duration", "s", "Call length from INVITE to the end, by trunk and outcome");
        _bitRate = _meter.CreateHistogram<int>("gateway.fax.bit_rate", "bit/s", "Image data rate of calls that faxed, by trunk and transport");
        _active = _meter.CreateUpDownCounter<long>("gateway.calls.active", "{call}", "Calls in progress, by trunk");
        if (media is not null)
        {
            _meter.CreateObservableGauge("gateway.media.tick_lateness.p99", () => media.Lateness.Percentile(0.99).TotalMilliseconds, "ms", "99th percentile of how late the 20 ms media ticks ran (RTP send jitter)");
            _meter.CreateObservableGauge("gateway.media.streams", () => (long)media.Count, "{stream}", "RTP/UDPTL streams the media loop paces");
        }

        if (trunks is not null)
        {
            _meter.CreateObservableGauge("gateway.trunk.up", () => trunks.Values.Select(t => new Measurement<int>(
                t.Gate is { State: Polly.CircuitBreaker.CircuitState.Closed or Polly.CircuitBreaker.CircuitState.HalfOpen, KeepaliveDown: false } ? 1 : 0,
                new KeyValuePair<string, object?>("trunk", t.Trunk.Name))), "{trunk}", "1 while the trunk's circuit breaker lets calls through and its OPTIONS keepalive (when on) does not say down");
        }
    }

    /// <summary>A call through <paramref name="trunk"/> started.</summary>
    public void Started(string trunk) => _active.Add(1, new KeyValuePair<string, object?>("trunk", trunk));

    /// <summary>A call ended with <paramref name="outcome"/>.</summary>
    public void Ended(string trunk, FaxCallOutcome outcome)
    {
        var trunkTag = new KeyValuePair<string, object?>("trunk", trunk);
        var transport = new KeyValuePair<string, object?>("transport", outcome.Transport.ToString().ToLowerInvariant());
        _active.Add(-1, trunkTag);
        _placed.Add(1, trunkTag, new("outcome", outcome.Failure.ToString()), transport, new("answered_by", outcome.AnsweredBy.ToString().ToLowerInvariant()));
        _duration.Record((outcome.EndedAt - outcome.StartedAt).TotalSeconds, trunkTag, new KeyValuePair<string, object?>("outcome", outcome.Failure.ToString()));
        if (outcome.PagesConfirmed > 0)
        {
            _pages.Add(outcome.PagesConfirmed, trunkTag, transport);
        }

        if (outcome.BitRate > 0)
        {
            _bitRate.Record(outcome.BitRate, trunkTag, transport);
        }
    }

    /// <inheritdoc/>
    public void Dispose() => _meter.Dispose();
}
