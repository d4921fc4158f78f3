using Gateway.Telephony;
using OpenTelemetry.Metrics;

namespace Gateway.Telemetry;

/// <summary>
/// Metrics through OpenTelemetry with a Prometheus scrape endpoint (<c>GET /metrics</c>, text exposition
/// format). The instruments live in the libraries and the host (System.Diagnostics.Metrics meters); this
/// only subscribes to them and exposes them. Section <c>Telemetry</c>: <c>Metrics</c> (on by default) and
/// <c>MetricsPath</c>.
/// </summary>
public static class TelemetryRegistration
{
    /// <summary>The meters exported.</summary>
    public static readonly string[] Meters = [CallMetrics.MeterName, Campaigns.Dispatch.DispatcherMetrics.MeterName, Webhooks.WebhookMetrics.MeterName, "Microsoft.AspNetCore.Hosting", "System.Runtime"];

    /// <summary>Adds the metrics pipeline when enabled.</summary>
    public static void AddGatewayTelemetry(this WebApplicationBuilder builder)
    {
        if (!builder.Configuration.GetValue("Telemetry:Metrics", true))
        {
            return;
        }

        builder.Services.AddOpenTelemetry().WithMetrics(metrics => metrics.AddMeter(Meters).AddPrometheusExporter());
    }

    /// <summary>Maps the scrape endpoint (anonymous, like the health endpoints; bind the service to a private address).</summary>
    public static void MapGatewayTelemetry(this WebApplication app)
    {
        if (app.Configuration.GetValue("Telemetry:Metrics", true))
        {
            app.MapPrometheusScrapingEndpoint(app.Configuration.GetValue("Telemetry:MetricsPath", "/metrics")!);
        }
    }
}
