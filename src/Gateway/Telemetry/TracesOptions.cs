namespace Gateway.Telemetry;

/// <summary>
/// Configuration section <c>Telemetry:Traces</c>: OpenTelemetry traces of every call attempt (ActivitySource
/// <c>Gateway.Calls</c>: dial, answer, classify, prompt, reply, T.30 phases). Off by default.
/// </summary>
public sealed class TracesOptions
{
    /// <summary>Section name.</summary>
    public const string Section = "Telemetry:Traces";

    /// <summary><c>none</c> (default), <c>console</c> (spans written to standard output) or <c>otlp</c>.</summary>
    public string Exporter { get; set; } = "none";

    /// <summary>OTLP collector address; empty: the exporter's default (http://localhost:4317, or OTEL_EXPORTER_OTLP_ENDPOINT).</summary>
    public string OtlpEndpoint { get; set; } = "";

    /// <summary><c>grpc</c> (default) or <c>http</c> (http/protobuf).</summary>
    public string OtlpProtocol { get; set; } = "grpc";
}
