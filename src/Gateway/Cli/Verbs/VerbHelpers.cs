using System.Text.Json;

namespace Gateway.Cli.Verbs;

/// <summary>Shared pieces of the REST-client verbs: the common options and JSON field access.</summary>
public static class VerbHelpers
{
    /// <summary>Usage text of the options every client verb takes.</summary>
    public const string ClientOptions = "[--url URL] [--key KEY] [--ca-cert PATH] [--json]";

    /// <summary>Runs <paramref name="body"/> with a client built from <c>--url</c>/<c>--key</c>.</summary>
    public static async Task<int> WithClientAsync(VerbContext ctx, int positionals, Func<GatewayApiClient, bool, Task<int>> body)
    {
        using var client = GatewayApiClient.FromArguments(ctx.Args);
        var json = ctx.Args.Flag("json");
        return await body(client, json);
    }

    /// <summary>Prints a failed answer and returns its exit code, or null when it succeeded.</summary>
    public static async Task<int?> FailAsync(VerbContext ctx, ApiResponse r)
    {
        if (r.IsSuccess)
        {
            return null;
        }

        if (r.Status == 0)
        {
            await ctx.Err.WriteLineAsync($"error: {r.RawBody}");
            return ExitCodes.Failed;
        }

        await r.WriteProblemAsync(ctx.Err);
        return r.FailureExitCode;
    }

    /// <summary>A string property, or "" (numbers and booleans rendered as text).</summary>
    public static string Str(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v)
            ? v.ValueKind switch
            {
                JsonValueKind.String => v.GetString() ?? "",
                JsonValueKind.Null or JsonValueKind.Undefined => "",
                _ => v.GetRawText(),
            }
            : "";

    /// <summary>A nested property or default.</summary>
    public static JsonElement Prop(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) ? v : default;

    /// <summary>An integer property or 0.</summary>
    public static long Long(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetInt64() : 0;

    /// <summary>Writes the raw JSON (for <c>--json</c>).</summary>
    public static Task WriteJsonAsync(VerbContext ctx, JsonElement body) =>
        ctx.Out.WriteLineAsync(JsonSerializer.Serialize(body, new JsonSerializerOptions { WriteIndented = true }));

    /// <summary>An identifier from the path; rejects characters that would change the URL.</summary>
    public static string Id(VerbContext ctx, int index, string what)
    {
        var id = ctx.Args.Positional(index, what);
        if (id.Length == 0 || id.Length > 100 || id.Any(ch => !(char.IsAsciiLetterOrDigit(ch) || ch is '-' or '_' or '.')))
        {
            throw new UsageException($"{what} '{id}' is not a valid id");
        }

        return id;
    }
}
