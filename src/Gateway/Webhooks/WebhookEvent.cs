namespace Gateway.Webhooks;

/// <summary>An outbox event ready to deliver.</summary>
/// <param name="EventId">Unique id, also the receiver's de-duplication key.</param>
/// <param name="EventType">e.g. <c>fax.succeeded</c>, <c>campaign.completed</c>.</param>
/// <param name="CampaignId">Campaign the event is about.</param>
/// <param name="JobId">Job (fax) the event is about, if any.</param>
/// <param name="Url">Endpoint.</param>
/// <param name="Secret">HMAC key.</param>
/// <param name="Body">The exact JSON bytes to sign and send.</param>
/// <param name="PassesSoFar">Delivery passes already made.</param>
public sealed record WebhookEvent(string EventId, string EventType, string CampaignId, string? JobId, Uri Url, string Secret, byte[] Body, int PassesSoFar);
