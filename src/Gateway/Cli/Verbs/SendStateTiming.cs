using System.Text.Json.Serialization;

namespace Gateway.Cli.Verbs;

/// <summary>One call state and how long the call spent in it.</summary>
public sealed record SendStateTiming(
    [property: JsonPropertyName("state")] string State,
    [property: JsonPropertyName("seconds")] double Seconds);
