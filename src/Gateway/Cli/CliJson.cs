using System.Text.Json;

namespace Gateway.Cli;

/// <summary>JSON options shared by the CLI (camelCase, like the API).</summary>
public static class CliJson
{
    /// <summary>Web defaults: camelCase names, case-insensitive reads.</summary>
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web);
}
