namespace Gateway.Webhooks;

/// <summary>The outcome of one delivery pass.</summary>
/// <param name="Delivered">A 2xx answer was received.</param>
/// <param name="StatusCode">The last HTTP status (0 when no answer).</param>
/// <param name="Error">Why it was not delivered.</param>
public sealed record WebhookDeliveryResult(bool Delivered, int StatusCode, string? Error);
