using System.Diagnostics;
using Gateway.Calls.Tracing;
using Gateway.Telemetry;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Trace;
using Xunit;

namespace Gateway.Tests.Telemetry;

public sealed class TracesRegistrationTests
{
    private static IConfiguration Config(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build();

    [Fact]
    public void Traces_are_off_by_default()
    {
        var services = new ServiceCollection();
        Assert.False(TelemetryRegistration.AddTraces(services, Config()));
        using ServiceProvider provider = services.BuildServiceProvider();
        Assert.Null(provider.GetService<TracerProvider>());
    }

    [Fact]
    public void The_console_exporter_subscribes_to_the_calls_source()
    {
        var services = new ServiceCollection();
        Assert.True(TelemetryRegistration.AddTraces(services, Config(("Telemetry:Traces:Exporter", "console"))));
        using ServiceProvider provider = services.BuildServiceProvider();
        Assert.NotNull(provider.GetService<TracerProvider>());
        using var probe = new ActivitySource(FaxCallTelemetry.SourceName);
        using Activity? span = probe.StartActivity("probe");
        Assert.NotNull(span); // sampled: a provider listens to Gateway.Calls
        Assert.True(span.Recorded);
    }

    [Fact]
    public void The_otlp_exporter_takes_the_configured_endpoint_and_protocol()
    {
        var services = new ServiceCollection();
        Assert.True(TelemetryRegistration.AddTraces(services, Config(
            ("Telemetry:Traces:Exporter", "otlp"), ("Telemetry:Traces:OtlpEndpoint", "http://127.0.0.1:4318/v1/traces"), ("Telemetry:Traces:OtlpProtocol", "http"))));
        using ServiceProvider provider = services.BuildServiceProvider();
        Assert.NotNull(provider.GetService<TracerProvider>());
    }

    [Theory]
    [InlineData("Telemetry:Traces:Exporter", "jaeger", "Telemetry:Traces:Exporter")]
    [InlineData("Telemetry:Traces:OtlpEndpoint", "not a uri", "Telemetry:Traces:OtlpEndpoint")]
    [InlineData("Telemetry:Traces:OtlpProtocol", "udp", "Telemetry:Traces:OtlpProtocol")]
    public void Bad_settings_stop_the_service_naming_the_key(string key, string value, string named)
    {
        var config = key == "Telemetry:Traces:Exporter" ? Config((key, value)) : Config(("Telemetry:Traces:Exporter", "otlp"), (key, value));
        var e = Assert.Throws<InvalidOperationException>(() => TelemetryRegistration.AddTraces(new ServiceCollection(), config));
        Assert.Contains(named, e.Message, StringComparison.Ordinal);
    }
}
