using System.Diagnostics;

namespace Gateway.Calls.Tracing;

/// <summary>
/// The call layer's OpenTelemetry traces: one <see cref="ActivitySource"/> named <see cref="SourceName"/>.
/// A host subscribes by that name (OpenTelemetry <c>AddSource</c>, or an <see cref="ActivityListener"/>);
/// with no subscriber no activity is created.
/// </summary>
public static class FaxCallTelemetry
{
    public const string SourceName = "Gateway.Calls";

    /// <summary>The root span of one call attempt; its children are the call states and, under <c>fax</c>, the T.30 phases.</summary>
    public const string CallSpan = "fax.call";

    internal static readonly ActivitySource Source = new(SourceName, "1.0");
}
