using System.Text.Json;

namespace Gateway.Api;

/// <summary>
/// Reads a JSON body with a precise error: wrong media type → 415, malformed JSON or a wrong field type →
/// 400 naming the JSON path and line. (The framework's implicit binding answers such input with a terse 400.)
/// </summary>
public static class RequestJson
{
    /// <summary>The body as <typeparamref name="T"/>, or the problem to return.</summary>
    public static async Task<(T? Value, IResult? Error)> ReadAsync<T>(HttpRequest request)
        where T : class
    {
        if (!request.HasJsonContentType())
        {
            return (null, Problems.Result(StatusCodes.Status415UnsupportedMediaType, "Unsupported media type",
                $"Expected 'application/json', got '{request.ContentType ?? "(none)"}'."));
        }

        try
        {
            var value = await JsonSerializer.DeserializeAsync<T>(request.Body, ApiJson.Options, request.HttpContext.RequestAborted);
            return value is null
                ? (null, Problems.BadRequest("The request body is empty or 'null'; a JSON object is required."))
                : (value, null);
        }
        catch (JsonException ex)
        {
            var where = ex.Path is null ? "" : $" at {ex.Path}";
            var line = ex.LineNumber is null ? "" : $" (line {ex.LineNumber + 1}, byte {ex.BytePositionInLine + 1})";
            return (null, Problems.BadRequest($"Malformed JSON{where}{line}: {FirstSentence(ex.Message)}"));
        }
    }

    private static string FirstSentence(string message)
    {
        var cut = message.IndexOf(". Path:", StringComparison.Ordinal);
        return cut > 0 ? message[..cut] : message;
    }
}
