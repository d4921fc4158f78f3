namespace Gateway.Api.Idempotency;

/// <summary>A response recorded under an idempotency key, replayed byte for byte.</summary>
/// <param name="RequestHash">SHA-256 over method, path, content type and body of the first request.</param>
/// <param name="StatusCode">Its status.</param>
/// <param name="ContentType">Its Content-Type.</param>
/// <param name="Location">Its Location header.</param>
/// <param name="Body">Its body (UTF-8 text; the API answers JSON).</param>
public sealed record StoredResponse(string RequestHash, int StatusCode, string? ContentType, string? Location, string Body);
