using System.Data.Common;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Gateway.Campaigns.Domain;
using Gateway.Campaigns.Webhooks;

namespace Gateway.Campaigns.Store;

public abstract partial class SqlStore
{
    private const int InsertBatchRows = 200;

    public Task<DocumentRef> AddDocumentAsync(ReadOnlyMemory<byte> bytes, string fileName, string mediaType, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        var sha = Convert.ToHexStringLower(SHA256.HashData(bytes.Span));
        return InTransactionAsync(
            async (c, t) =>
            {
                var existing = await GetDocumentAsync(c, t, "sha256 = @k", sha, cancellationToken);
                if (existing is not null)
                {
                    return existing;
                }

                var doc = new DocumentRef(Guid.CreateVersion7(now), sha, fileName, mediaType, bytes.Length, now);
                await ExecAsync(
                    c, t, "INSERT INTO documents (id, sha256, file_name, media_type, length, created_at, page_count, bytes) VALUES (@id, @sha, @name, @type, @len, @at, NULL, @bytes)", cancellationToken,
                    ("id", Id(doc.Id)), ("sha", sha), ("name", fileName), ("type", mediaType), ("len", (long)bytes.Length), ("at", Ms(now)), ("bytes", bytes.ToArray()));
                return doc;
            },
            cancellationToken);
    }

    public Task<DocumentRef?> GetDocumentAsync(Guid id, CancellationToken cancellationToken = default) =>
        InTransactionAsync((c, t) => GetDocumentAsync(c, t, "id = @k", Id(id), cancellationToken), cancellationToken);

    private static async Task<DocumentRef?> GetDocumentAsync(DbConnection c, DbTransaction t, string where, string key, CancellationToken cancellationToken)
    {
        var rows = await QueryAsync(
            c, t, "SELECT id, sha256, file_name, media_type, length, created_at, page_count FROM documents WHERE " + where,
            r => new DocumentRef(Guid.Parse(r.GetString(0)), r.GetString(1), r.GetString(2), r.GetString(3), r.GetInt64(4), At(r.GetInt64(5)), r.IsDBNull(6) ? null : r.GetInt32(6)),
            cancellationToken, ("k", key));
        return rows.Count == 0 ? null : rows[0];
    }

    public Task<byte[]?> ReadDocumentBytesAsync(Guid id, CancellationToken cancellationToken = default) =>
        InTransactionAsync(async (c, t) => (byte[]?)await ScalarAsync(c, t, "SELECT bytes FROM documents WHERE id = @id", cancellationToken, ("id", Id(id))), cancellationToken);

    public Task SetDocumentPageCountAsync(Guid id, int pageCount, CancellationToken cancellationToken = default) =>
        InTransactionAsync((c, t) => ExecAsync(c, t, "UPDATE documents SET page_count = @n WHERE id = @id", cancellationToken, ("n", pageCount), ("id", Id(id))), cancellationToken);

    public Task InsertCampaignAsync(Campaign campaign, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(campaign);
        return InTransactionAsync(
            (c, t) => ExecAsync(
                c, t, $"INSERT INTO campaigns ({CampaignColumns}, webhook_url, webhook_secret) VALUES (@id, @name, @state, @priority, @single, @settings, @created, @updated, @started, @finished, @url, @secret)", cancellationToken,
                ("id", Id(campaign.Id)), ("name", campaign.Name), ("state", (int)campaign.State), ("priority", campaign.Priority), ("single", campaign.IsSingleFax ? 1 : 0),
                ("settings", JsonSerializer.Serialize(campaign.Settings, Json)), ("created", Ms(campaign.CreatedAt)), ("updated", Ms(campaign.UpdatedAt)),
                ("started", Ms(campaign.StartedAt)), ("finished", Ms(campaign.FinishedAt)), ("url", campaign.Settings.Webhook?.Url.ToString()), ("secret", campaign.Settings.Webhook?.Secret)),
            cancellationToken);
    }

    public Task<Campaign?> GetCampaignAsync(Guid id, CancellationToken cancellationToken = default) =>
        InTransactionAsync((c, t) => GetCampaignAsync(c, t, id, false, cancellationToken), cancellationToken);

    private async Task<Campaign?> GetCampaignAsync(DbConnection c, DbTransaction t, Guid id, bool forUpdate, CancellationToken cancellationToken)
    {
        var rows = await QueryAsync(c, t, $"SELECT {CampaignColumns} FROM campaigns WHERE id = @id{(forUpdate ? Dialect.LockRow : "")}", ReadCampaign, cancellationToken, ("id", Id(id)));
        return rows.Count == 0 ? null : rows[0];
    }

    public Task<PageOf<Campaign>> ListCampaignsAsync(CampaignQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var where = new List<string> { "1 = 1" };
        var args = new List<(string, object?)> { ("offset", query.Offset), ("limit", query.Limit) };
        if (query.State is { } state)
        {
            where.Add("state = @state");
            args.Add(("state", (int)state));
        }

        if (!string.IsNullOrEmpty(query.NameContains))
        {
            where.Add("LOWER(name) LIKE @name ESCAPE '\\'");
            args.Add(("name", "%" + query.NameContains.ToLowerInvariant().Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_") + "%"));
        }

        if (query.IsSingleFax is { } single)
        {
            where.Add("is_single = @single");
            args.Add(("single", single ? 1 : 0));
        }

        if (query.CreatedAfter is { } after)
        {
            where.Add("created_at >= @after");
            args.Add(("after", Ms(after)));
        }

        if (query.CreatedBefore is { } before)
        {
            where.Add("created_at < @before");
            args.Add(("before", Ms(before)));
        }

        var filter = string.Join(" AND ", where);
        return InTransactionAsync(
            async (c, t) =>
            {
                var items = await QueryAsync(c, t, $"SELECT {CampaignColumns} FROM campaigns WHERE {filter} ORDER BY created_at DESC, id DESC LIMIT @limit OFFSET @offset", ReadCampaign, cancellationToken, [.. args]);
                var total = Convert.ToInt32(await ScalarAsync(c, t, $"SELECT COUNT(*) FROM campaigns WHERE {filter}", cancellationToken, [.. args.Skip(2)]));
                return new PageOf<Campaign>(items, total, query.Offset, query.Limit);
            },
            cancellationToken);
    }

    public Task<bool> UpdateDraftSettingsAsync(Guid id, CampaignSettings settings, DateTimeOffset now, CancellationToken cancellationToken = default) =>
        InTransactionAsync(
            async (c, t) => await ExecAsync(
                c, t, "UPDATE campaigns SET name = @name, priority = @priority, settings = @settings, webhook_url = @url, webhook_secret = @secret, updated_at = @now WHERE id = @id AND state = @draft", cancellationToken,
                ("name", settings.Name), ("priority", settings.Priority), ("settings", JsonSerializer.Serialize(settings, Json)), ("url", settings.Webhook?.Url.ToString()),
                ("secret", settings.Webhook?.Secret), ("now", Ms(now)), ("id", Id(id)), ("draft", (int)CampaignState.Draft)) == 1,
            cancellationToken);

    public Task<Campaign?> TransitionCampaignAsync(Guid id, IReadOnlyCollection<CampaignState> from, CampaignState to, DateTimeOffset now, CancellationToken cancellationToken = default) =>
        InTransactionAsync(
            async (c, t) =>
            {
                var current = await GetCampaignAsync(c, t, id, true, cancellationToken);
                if (current is null || !from.Contains(current.State))
                {
                    return null;
                }

                var finished = to is CampaignState.Cancelled or CampaignState.Completed;
                await ExecAsync(
                    c, t, "UPDATE campaigns SET state = @to, updated_at = @now, started_at = COALESCE(started_at, @started), finished_at = @finished WHERE id = @id", cancellationToken,
                    ("to", (int)to), ("now", Ms(now)), ("started", to == CampaignState.Active ? Ms(now) : TypedNull.Int64), ("finished", finished ? Ms(now) : TypedNull.Int64), ("id", Id(id)));
                if (to == CampaignState.Cancelled)
                {
                    await ExecAsync(
                        c, t, "UPDATE jobs SET state = @cancelled, next_attempt_at = NULL, updated_at = @now, completed_at = @now, last_reason = @why WHERE campaign_id = @id AND state = @pending", cancellationToken,
                        ("cancelled", (int)JobState.Cancelled), ("now", Ms(now)), ("why", "campaign cancelled"), ("id", Id(id)), ("pending", (int)JobState.Pending));
                }

                var type = to switch
                {
                    CampaignState.Active when current.State == CampaignState.Paused => WebhookEventType.CampaignResumed,
                    CampaignState.Active => WebhookEventType.CampaignStarted,
                    CampaignState.Paused => WebhookEventType.CampaignPaused,
                    CampaignState.Cancelled => WebhookEventType.CampaignCancelled,
                    _ => WebhookEventType.CampaignCompleted,
                };
                await WriteEventAsync(c, t, id, null, type, now, new JsonObject { ["state"] = to.ToString().ToLowerInvariant(), ["previousState"] = current.State.ToString().ToLowerInvariant() }, cancellationToken);
                return await GetCampaignAsync(c, t, id, false, cancellationToken);
            },
            cancellationToken);

    /// <summary>Writes an outbox row when the campaign has a webhook (same transaction as the change it reports).</summary>
    internal static async Task WriteEventAsync(DbConnection c, DbTransaction t, Guid campaignId, Guid? jobId, string type, DateTimeOffset now, JsonObject data, CancellationToken cancellationToken)
    {
        var hooks = await QueryAsync(
            c, t, "SELECT webhook_url, webhook_secret, settings FROM campaigns WHERE id = @id AND webhook_url IS NOT NULL",
            r => (Url: r.GetString(0), Secret: r.GetString(1), Settings: r.GetString(2)), cancellationToken, ("id", Id(campaignId)));
        if (hooks.Count == 0)
        {
            return;
        }

        var externalRef = JsonSerializer.Deserialize<CampaignSettings>(hooks[0].Settings, Json)?.ExternalRef;
        if (jobId is { } j)
        {
            data["jobId"] = j.ToString("D");
        }

        var eventId = Guid.CreateVersion7(now);
        await ExecAsync(
            c, t, "INSERT INTO outbox (id, campaign_id, job_id, event_type, url, secret, payload, occurred_at, next_attempt_at, attempts, last_error, delivered_at, seq) VALUES (@id, @c, @j, @type, @url, @secret, @payload, @at, @at, 0, NULL, NULL, (SELECT COALESCE(MAX(seq), 0) + 1 FROM outbox))", cancellationToken,
            ("id", Id(eventId)), ("c", Id(campaignId)), ("j", jobId is null ? null : Id(jobId.Value)), ("type", type), ("url", hooks[0].Url), ("secret", hooks[0].Secret),
            ("payload", WebhookPayload.Build(eventId, type, now, campaignId, externalRef, data)), ("at", Ms(now)));
    }
}
