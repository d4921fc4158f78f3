using Gateway.Calls.Tracing;
using Gateway.Hosting;
using Gateway.Telephony;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Gateway.Telemetry;

/// <summary>
/// Metrics through OpenTelemetry with a Prometheus scrape endpoint (<c>GET /metrics</c>, text exposition
/// format). The instruments live in the libraries and the host (System.Diagnostics.Metrics meters); this
/// only subscribes to them and exposes them. Section <c>Telemetry</c>: <c>Metrics</c> (on by default) and
/// <c>MetricsPath</c>. Traces of call attempts (<see cref="FaxCallTelemetry.SourceName"/>) go to the exporter
/// <c>Telemetry:Traces:Exporter</c> names (<see cref="TracesOptions"/>; off by default).
/// </summary>
public static class TelemetryRegistration
{
    /// <summary>The meters exported.</summary>
    public static readonly string[] Meters = [CallMetrics.MeterName, FaxCallMetrics.MeterName, Campaigns.Dispatch.DispatcherMetrics.MeterName, Webhooks.WebhookMetrics.MeterName, "Microsoft.AspNetCore.Hosting", "System.Runtime"];

    /// <summary>Adds the metrics pipeline when enabled.</summary>
    public static void AddGatewayTelemetry(this WebApplicationBuilder builder)
    {
        AddTraces(builder.Services, builder.Configuration);
        if (!builder.Configuration.GetValue("Telemetry:Metrics", true))
        {
            return;
        }

        builder.Services.AddOpenTelemetry().WithMetrics(metrics => metrics.AddMeter(Meters).AddPrometheusExporter());
    }

    /// <summary>
    /// Adds tracing of the <c>Gateway.Calls</c> source with the configured exporter; nothing when it is
    /// <c>none</c>. An unknown exporter or a malformed endpoint throws <see cref="InvalidOperationException"/>
    /// naming the setting. Returns whether tracing was added.
    /// </summary>
    public static bool AddTraces(IServiceCollection services, IConfiguration config)
    {
        TracesOptions options = GatewayHost.Bind<TracesOptions>(config, TracesOptions.Section);
        string exporter = options.Exporter.Trim().ToLowerInvariant();
        if (exporter is "" or "none")
        {
            return false;
        }

        Uri? endpoint = null;
        if (!string.IsNullOrWhiteSpace(options.OtlpEndpoint) && !Uri.TryCreate(options.OtlpEndpoint.Trim(), UriKind.Absolute, out endpoint))
        {
            throw new InvalidOperationException($"Telemetry:Traces:OtlpEndpoint: '{options.OtlpEndpoint}' is not an absolute URI");
        }

        OtlpExportProtocol protocol = options.OtlpProtocol.Trim().ToLowerInvariant() switch
        {
            "grpc" or "" => OtlpExportProtocol.Grpc,
            "http" or "http/protobuf" => OtlpExportProtocol.HttpProtobuf,
            _ => throw new InvalidOperationException($"Telemetry:Traces:OtlpProtocol: '{options.OtlpProtocol}' is not grpc or http"),
        };
        Action<TracerProviderBuilder> add = exporter switch
        {
            "console" => tracing => tracing.AddConsoleExporter(),
            "otlp" => tracing => tracing.AddOtlpExporter(o =>
            {
                o.Protocol = protocol;
                if (endpoint is not null)
                {
                    o.Endpoint = endpoint;
                }
            }),
            _ => throw new InvalidOperationException($"Telemetry:Traces:Exporter: '{options.Exporter}' is not none, console or otlp"),
        };
        services.AddOpenTelemetry().WithTracing(tracing =>
        {
            tracing.AddSource(FaxCallTelemetry.SourceName);
            add(tracing);
        });
        return true;
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
