namespace Gateway.Campaigns.Webhooks;

/// <summary>
/// A webhook to deliver, written in the same transaction as the state change it reports (transactional outbox).
/// The host signs <see cref="Payload"/> with the campaign's secret and posts it to <see cref="Url"/>.
/// </summary>
/// <param name="Id">Event id, also the payload's "id" (receivers de-duplicate on it).</param>
/// <param name="Payload">UTF-8 JSON: {"id","type","occurredAt","campaignId",...}.</param>
/// <param name="Attempts">Delivery attempts made so far.</param>
/// <param name="ClaimedBy">The delivery pass holding the event's claim, if any.</param>
public sealed record OutboxMessage(
    Guid Id,
    Guid CampaignId,
    Guid? JobId,
    string EventType,
    Uri Url,
    string Secret,
    string Payload,
    DateTimeOffset OccurredAt,
    DateTimeOffset NextAttemptAt,
    int Attempts = 0,
    string? LastError = null,
    string? ClaimedBy = null);
