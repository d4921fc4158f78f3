using System.Text;
using System.Text.Json;

namespace Gateway.Tests.Infrastructure;

/// <summary>JSON helpers for API tests.</summary>
public static class Json
{
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    /// <summary>A JSON request body.</summary>
    public static StringContent Body(object value) => new(JsonSerializer.Serialize(value, Web), Encoding.UTF8, "application/json");

    /// <summary>A raw JSON request body (for malformed input).</summary>
    public static StringContent Raw(string text) => new(text, Encoding.UTF8, "application/json");

    /// <summary>Parses the response body.</summary>
    public static async Task<JsonElement> ReadAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).RootElement.Clone();

    /// <summary>Sends a POST with an Idempotency-Key.</summary>
    public static async Task<HttpResponseMessage> PostAsync(HttpClient client, string path, HttpContent content, string? idempotencyKey = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = content };
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        return await client.SendAsync(request, TestContext.Current.CancellationToken);
    }
}
