using System.Diagnostics.Metrics;

namespace Gateway.Webhooks;

/// <summary>
/// Webhook delivery instruments, meter <c>Gateway.Webhooks</c>: delivery passes by result and failed passes by
/// reason. Tags are low-cardinality (no URL, no event id).
/// </summary>
public sealed class WebhookMetrics : IDisposable
{
    /// <summary>The meter name to subscribe to.</summary>
    public const string MeterName = "Gateway.Webhooks";

    private readonly Meter _meter;
    private readonly Counter<long> _deliveries;
    private readonly Counter<long> _failures;

    /// <summary>Creates the instruments.</summary>
    public WebhookMetrics(IMeterFactory meters)
    {
        ArgumentNullException.ThrowIfNull(meters);
        _meter = meters.Create(MeterName);
        _deliveries = _meter.CreateCounter<long>("gateway.webhooks.deliveries", "{pass}", "Delivery passes by result: delivered, retry (failed, scheduled again) or dead (failed, given up)");
        _failures = _meter.CreateCounter<long>("gateway.webhooks.delivery_failures", "{pass}", "Failed delivery passes by reason: the endpoint's HTTP status class (http_4xx, http_5xx) or no_answer");
    }

    /// <summary>A pass ended; <paramref name="result"/> is delivered, retry or dead; <paramref name="status"/> the last HTTP status (0 none).</summary>
    public void Pass(string result, int status)
    {
        _deliveries.Add(1, new KeyValuePair<string, object?>("result", result));
        if (result != "delivered")
        {
            _failures.Add(1, new KeyValuePair<string, object?>("reason", status == 0 ? "no_answer" : $"http_{status / 100}xx"));
        }
    }

    /// <inheritdoc />
    public void Dispose() => _meter.Dispose();
}
