using System.Text.Json;

namespace Gateway.Cli;

/// <summary>A REST answer as the CLI sees it: status code and parsed JSON body (if any).</summary>
public sealed record ApiResponse(int Status, JsonElement? Body, string RawBody)
{
    /// <summary>2xx.</summary>
    public bool IsSuccess => Status is >= 200 and < 300;

    /// <summary>
    /// The exit code for a failed answer: the service rejecting the input (400, 413, 415, 422) is bad
    /// input (2); anything else (401, 403, 404, 409, 5xx) is a failed operation (1).
    /// </summary>
    public int FailureExitCode => Status is 400 or 413 or 415 or 422 ? ExitCodes.BadUsage : ExitCodes.Failed;

    /// <summary>Prints an RFC 9457 problem (title, detail, field errors) or the raw body.</summary>
    public async Task WriteProblemAsync(TextWriter err)
    {
        if (Body is { ValueKind: JsonValueKind.Object } b)
        {
            var title = b.TryGetProperty("title", out var t) ? t.GetString() : null;
            var detail = b.TryGetProperty("detail", out var d) ? d.GetString() : null;
            await err.WriteLineAsync($"error {Status}: {title}{(detail is null ? "" : " - " + detail)}");
            if (b.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Object)
            {
                foreach (var field in errors.EnumerateObject())
                {
                    foreach (var msg in field.Value.EnumerateArray())
                    {
                        await err.WriteLineAsync($"  {field.Name}: {msg.GetString()}");
                    }
                }
            }

            return;
        }

        await err.WriteLineAsync($"error {Status}: {(RawBody.Length > 500 ? RawBody[..500] : RawBody)}");
    }
}
