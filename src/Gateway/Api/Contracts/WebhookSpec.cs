namespace Gateway.Api.Contracts;

/// <summary>Webhook endpoint.</summary>
public sealed class WebhookSpec
{
    /// <summary>http(s) URL.</summary>
    public string? Url { get; set; }

    /// <summary>HMAC-SHA256 key, at least 16 characters.</summary>
    public string? Secret { get; set; }
}
