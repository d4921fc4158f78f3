using System.Data.Common;
using System.Text.Json;
using Gateway.Api;
using Gateway.Webhooks;

namespace Gateway.Engine;

public sealed partial class EngineStore : IWebhookOutbox
{
    /// <summary>Writes a webhook event into the outbox (in the caller's transaction) when the campaign has a webhook.</summary>
    private async Task EnqueueEventAsync(DbConnection c, DbTransaction tx, CampaignSpec spec, string type, string campaignId, string? jobId, object data, CancellationToken ct)
    {
        if (spec.Webhook?.Url is not { } url || spec.Webhook.Secret is not { } secret)
        {
            return;
        }

        var id = Sql.NewId("evt");
        var body = JsonSerializer.Serialize(new { id, type, occurredAt = time.GetUtcNow(), campaignId, faxId = jobId, data }, ApiJson.Options);
        await c.ExecAsync(tx,
            """
            INSERT INTO eng_webhook_outbox (event_id, event_type, campaign_id, job_id, url, secret, body, state, next_ms, created_ms)
            VALUES (@id, @type, @cid, @jid, @url, @secret, @body, 'pending', @now, @now)
            """, ct,
            ("id", id), ("type", type), ("cid", campaignId), ("jid", jobId), ("url", url), ("secret", secret), ("body", body), ("now", Now));
    }

    /// <summary>Marks an active campaign completed once no job is pending or active.</summary>
    private async Task CompleteCampaignIfDoneAsync(DbConnection c, DbTransaction tx, string campaignId, CampaignSpec spec, CancellationToken ct)
    {
        var open = Convert.ToInt64(await c.ScalarAsync(tx, "SELECT COUNT(*) FROM eng_jobs WHERE campaign_id = @id AND status IN ('pending', 'active')", ct, ("id", campaignId)),
            System.Globalization.CultureInfo.InvariantCulture);
        if (open > 0)
        {
            return;
        }

        var n = await c.ExecAsync(tx, "UPDATE eng_campaigns SET state = 'completed', updated_ms = @now WHERE id = @id AND state = 'active'", ct, ("now", Now), ("id", campaignId));
        if (n == 1)
        {
            await EnqueueEventAsync(c, tx, spec, "campaign.completed", campaignId, null, new { state = "completed" }, ct);
        }
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<WebhookEvent>> ClaimDueAsync(int max, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        var now = Now;
        var rows = await c.QueryAsync(null,
            """
            SELECT event_id, event_type, campaign_id, job_id, url, secret, body, passes FROM eng_webhook_outbox
            WHERE state = 'pending' AND next_ms <= @now AND claimed_until_ms <= @now ORDER BY next_ms LIMIT @max
            """,
            r => new WebhookEvent(r.GetString(0), r.GetString(1), r.GetString(2), r.Str(3), new Uri(r.GetString(4)), r.GetString(5),
                System.Text.Encoding.UTF8.GetBytes(r.GetString(6)), r.Int(7)), ct, ("now", now), ("max", max));
        var claimed = new List<WebhookEvent>();
        foreach (var e in rows)
        {
            // Claim for 2 minutes; another node skips it meanwhile, and a node that dies releases it by expiry.
            if (await c.ExecAsync(null, "UPDATE eng_webhook_outbox SET claimed_until_ms = @until WHERE event_id = @id AND claimed_until_ms <= @now AND state = 'pending'", ct,
                    ("until", now + 120_000), ("id", e.EventId), ("now", now)) == 1)
            {
                claimed.Add(e);
            }
        }

        return claimed;
    }

    /// <inheritdoc />
    public async Task MarkDeliveredAsync(string eventId, int statusCode, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        await c.ExecAsync(null, "UPDATE eng_webhook_outbox SET state = 'delivered', passes = passes + 1, last_status = @s, claimed_until_ms = 0 WHERE event_id = @id", ct,
            ("s", statusCode), ("id", eventId));
    }

    /// <inheritdoc />
    public async Task RescheduleAsync(string eventId, DateTimeOffset nextAttemptAt, string error, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        await c.ExecAsync(null, "UPDATE eng_webhook_outbox SET passes = passes + 1, next_ms = @next, last_error = @e, claimed_until_ms = 0 WHERE event_id = @id", ct,
            ("next", nextAttemptAt.ToUnixTimeMilliseconds()), ("e", error), ("id", eventId));
    }

    /// <inheritdoc />
    public async Task MarkDeadAsync(string eventId, string error, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        await c.ExecAsync(null, "UPDATE eng_webhook_outbox SET state = 'dead', passes = passes + 1, last_error = @e, claimed_until_ms = 0 WHERE event_id = @id", ct,
            ("e", error), ("id", eventId));
    }
}
