namespace Gateway.Webhooks;

/// <summary>The durable outbox as the delivery worker sees it.</summary>
public interface IWebhookOutbox
{
    /// <summary>Due events, claimed so another node does not deliver them at the same time.</summary>
    Task<IReadOnlyList<WebhookEvent>> ClaimDueAsync(int max, CancellationToken ct);

    /// <summary>Delivered (2xx).</summary>
    Task MarkDeliveredAsync(string eventId, int statusCode, CancellationToken ct);

    /// <summary>Failed this pass; try again at <paramref name="nextAttemptAt"/>.</summary>
    Task RescheduleAsync(string eventId, DateTimeOffset nextAttemptAt, string error, CancellationToken ct);

    /// <summary>Given up.</summary>
    Task MarkDeadAsync(string eventId, string error, CancellationToken ct);
}
