namespace Gateway.Campaigns.Domain;

/// <summary>Where state changes of a campaign are posted, and the HMAC-SHA256 key that signs them.</summary>
public sealed record WebhookTarget(Uri Url, string Secret);
