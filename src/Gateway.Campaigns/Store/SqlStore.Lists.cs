using Gateway.Campaigns.Webhooks;

namespace Gateway.Campaigns.Store;

public abstract partial class SqlStore
{
    private const string BatchColumns = "id, campaign_id, run_at, daily_at, time_zone, include_failed, include_pending, state, created_at, last_run_at, last_run_jobs";

    public Task AddDoNotFaxAsync(DoNotFaxEntry entry, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return InTransactionAsync(
            (c, t) => ExecAsync(
                c, t, "INSERT INTO do_not_fax (number, reason, added_at) VALUES (@n, @r, @at) ON CONFLICT (number) DO UPDATE SET reason = excluded.reason", cancellationToken,
                ("n", entry.Number), ("r", entry.Reason), ("at", Ms(entry.AddedAt))),
            cancellationToken);
    }

    public Task<IReadOnlyList<string>> AddDoNotFaxManyAsync(IReadOnlyList<DoNotFaxEntry> entries, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entries);
        return InTransactionAsync<IReadOnlyList<string>>(
            async (c, t) =>
            {
                var added = new List<string>();
                foreach (var entry in entries)
                {
                    if (await ExecAsync(
                        c, t, "INSERT INTO do_not_fax (number, reason, added_at) VALUES (@n, @r, @at) ON CONFLICT (number) DO NOTHING", cancellationToken,
                        ("n", entry.Number), ("r", entry.Reason), ("at", Ms(entry.AddedAt))) == 1)
                    {
                        added.Add(entry.Number);
                    }
                }

                return added;
            },
            cancellationToken);
    }

    public Task<bool> RemoveDoNotFaxAsync(string number, CancellationToken cancellationToken = default) =>
        InTransactionAsync(async (c, t) => await ExecAsync(c, t, "DELETE FROM do_not_fax WHERE number = @n", cancellationToken, ("n", number)) == 1, cancellationToken);

    public Task<PageOf<DoNotFaxEntry>> ListDoNotFaxAsync(int offset, int limit, CancellationToken cancellationToken = default) =>
        InTransactionAsync(
            async (c, t) =>
            {
                var items = await QueryAsync(
                    c, t, "SELECT number, reason, added_at FROM do_not_fax ORDER BY number LIMIT @limit OFFSET @offset",
                    r => new DoNotFaxEntry(r.GetString(0), r.IsDBNull(1) ? null : r.GetString(1), At(r.GetInt64(2))), cancellationToken, ("limit", limit), ("offset", offset));
                var total = Convert.ToInt32(await ScalarAsync(c, t, "SELECT COUNT(*) FROM do_not_fax", cancellationToken));
                return new PageOf<DoNotFaxEntry>(items, total, offset, limit);
            },
            cancellationToken);

    public Task<bool> IsDoNotFaxAsync(string number, CancellationToken cancellationToken = default) =>
        InTransactionAsync(async (c, t) => await ScalarAsync(c, t, "SELECT 1 FROM do_not_fax WHERE number = @n", cancellationToken, ("n", number)) is not null, cancellationToken);

    public Task InsertRetryBatchAsync(RetryBatch batch, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(batch);
        return InTransactionAsync(
            (c, t) => ExecAsync(
                c, t, $"INSERT INTO retry_batches ({BatchColumns}) VALUES (@id, @c, @run, @daily, @zone, @failed, @pending, @state, @created, @last, @jobs)", cancellationToken,
                ("id", Id(batch.Id)), ("c", Id(batch.CampaignId)), ("run", Ms(batch.RunAt)), ("daily", batch.DailyAt is { } d ? (long)d.TotalMilliseconds : TypedNull.Int64),
                ("zone", batch.TimeZone), ("failed", batch.IncludeFailed ? 1 : 0), ("pending", batch.IncludePending ? 1 : 0), ("state", (int)batch.State),
                ("created", Ms(batch.CreatedAt)), ("last", Ms(batch.LastRunAt)), ("jobs", batch.LastRunJobs)),
            cancellationToken);
    }

    public Task<RetryBatch?> GetRetryBatchAsync(Guid id, CancellationToken cancellationToken = default) =>
        InTransactionAsync(
            async (c, t) => (await QueryAsync(c, t, $"SELECT {BatchColumns} FROM retry_batches WHERE id = @id", ReadBatch, cancellationToken, ("id", Id(id)))).FirstOrDefault(),
            cancellationToken);

    public Task<IReadOnlyList<RetryBatch>> ListRetryBatchesAsync(Guid? campaignId, CancellationToken cancellationToken = default) =>
        InTransactionAsync<IReadOnlyList<RetryBatch>>(
            async (c, t) => campaignId is { } id
                ? await QueryAsync(c, t, $"SELECT {BatchColumns} FROM retry_batches WHERE campaign_id = @c ORDER BY created_at DESC, id DESC", ReadBatch, cancellationToken, ("c", Id(id)))
                : await QueryAsync(c, t, $"SELECT {BatchColumns} FROM retry_batches ORDER BY created_at DESC, id DESC", ReadBatch, cancellationToken),
            cancellationToken);

    public Task<bool> CancelRetryBatchAsync(Guid id, CancellationToken cancellationToken = default) =>
        InTransactionAsync(
            async (c, t) => await ExecAsync(c, t, "UPDATE retry_batches SET state = @cancelled WHERE id = @id AND state = @scheduled", cancellationToken, ("cancelled", (int)RetryBatchState.Cancelled), ("id", Id(id)), ("scheduled", (int)RetryBatchState.Scheduled)) == 1,
            cancellationToken);

    public Task<IReadOnlyList<RetryBatch>> GetDueRetryBatchesAsync(DateTimeOffset now, CancellationToken cancellationToken = default) =>
        InTransactionAsync<IReadOnlyList<RetryBatch>>(
            async (c, t) => await QueryAsync(c, t, $"SELECT {BatchColumns} FROM retry_batches WHERE state = @scheduled AND run_at <= @now ORDER BY run_at", ReadBatch, cancellationToken, ("scheduled", (int)RetryBatchState.Scheduled), ("now", Ms(now))),
            cancellationToken);

    private static RetryBatch ReadBatch(System.Data.Common.DbDataReader r) => new(
        Guid.Parse(r.GetString(0)),
        Guid.Parse(r.GetString(1)),
        At(r.GetInt64(2)),
        r.IsDBNull(3) ? null : TimeSpan.FromMilliseconds(r.GetInt64(3)),
        r.IsDBNull(4) ? null : r.GetString(4),
        r.GetInt32(5) != 0,
        r.GetInt32(6) != 0,
        (RetryBatchState)r.GetInt32(7),
        At(r.GetInt64(8)),
        OptAt(r, 9),
        r.GetInt32(10));

    private const string OutboxColumns = "id, campaign_id, job_id, event_type, url, secret, payload, occurred_at, next_attempt_at, attempts, last_error, claimed_by";

    public Task<IReadOnlyList<OutboxMessage>> GetDueWebhooksAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken = default) =>
        InTransactionAsync<IReadOnlyList<OutboxMessage>>(
            async (c, t) => await QueryAsync(
                c, t, $"SELECT {OutboxColumns} FROM outbox WHERE next_attempt_at <= @now ORDER BY next_attempt_at, seq LIMIT @limit",
                ReadOutbox, cancellationToken, ("now", Ms(now)), ("limit", limit)),
            cancellationToken);

    public Task<IReadOnlyList<OutboxMessage>> ClaimDueWebhooksAsync(string claimant, DateTimeOffset now, DateTimeOffset leaseUntil, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(claimant);
        if (leaseUntil <= now)
        {
            throw new ArgumentOutOfRangeException(nameof(leaseUntil), "a claim lease must end after now");
        }

        return InTransactionAsync<IReadOnlyList<OutboxMessage>>(
            async (c, t) =>
            {
                // PostgreSQL: FOR UPDATE SKIP LOCKED, so concurrent passes on other nodes take disjoint rows without
                // waiting; a row another pass committed meanwhile is re-checked against the WHERE clause (READ
                // COMMITTED, PostgreSQL docs §13.2.1) and dropped because its next_attempt_at moved to its lease end.
                // SQLite: the write transaction (BEGIN IMMEDIATE) already excludes every other writer.
                var due = await QueryAsync(
                    c, t, $"SELECT {OutboxColumns} FROM outbox WHERE next_attempt_at <= @now ORDER BY next_attempt_at, seq LIMIT @limit{Dialect.LockRowSkipLocked}",
                    ReadOutbox, cancellationToken, ("now", Ms(now)), ("limit", limit));
                foreach (var e in due)
                {
                    await ExecAsync(c, t, "UPDATE outbox SET claimed_by = @by, next_attempt_at = @until WHERE id = @id", cancellationToken, ("by", claimant), ("until", Ms(leaseUntil)), ("id", Id(e.Id)));
                }

                return due.Select(e => e with { NextAttemptAt = leaseUntil, ClaimedBy = claimant }).ToList();
            },
            cancellationToken);
    }

    public Task<int> ReleaseWebhookClaimsAsync(string claimant, DateTimeOffset now, CancellationToken cancellationToken = default) =>
        InTransactionAsync(
            (c, t) => ExecAsync(
                c, t, "UPDATE outbox SET claimed_by = NULL, next_attempt_at = @now WHERE claimed_by = @by AND delivered_at IS NULL AND next_attempt_at IS NOT NULL", cancellationToken,
                ("now", Ms(now)), ("by", claimant)),
            cancellationToken);

    private static OutboxMessage ReadOutbox(System.Data.Common.DbDataReader r) => new(
        Guid.Parse(r.GetString(0)), Guid.Parse(r.GetString(1)), r.IsDBNull(2) ? null : Guid.Parse(r.GetString(2)), r.GetString(3), new Uri(r.GetString(4)), r.GetString(5),
        r.GetString(6), At(r.GetInt64(7)), At(r.GetInt64(8)), r.GetInt32(9), r.IsDBNull(10) ? null : r.GetString(10), r.IsDBNull(11) ? null : r.GetString(11));

    public Task<bool> MarkWebhookDeliveredAsync(Guid id, DateTimeOffset now, CancellationToken cancellationToken = default) =>
        InTransactionAsync(
            async (c, t) => await ExecAsync(c, t, "UPDATE outbox SET delivered_at = @now, next_attempt_at = NULL, attempts = attempts + 1 WHERE id = @id AND delivered_at IS NULL", cancellationToken, ("now", Ms(now)), ("id", Id(id))) == 1,
            cancellationToken);

    public Task<bool> MarkWebhookFailedAsync(Guid id, string? claimedBy, string error, DateTimeOffset? nextAttemptAt, CancellationToken cancellationToken = default) =>
        InTransactionAsync(
            async (c, t) => await ExecAsync(
                c, t, "UPDATE outbox SET last_error = @error, next_attempt_at = @next, attempts = attempts + 1, claimed_by = NULL WHERE id = @id AND delivered_at IS NULL AND (@by IS NULL OR claimed_by = @by)", cancellationToken,
                ("error", error), ("next", Ms(nextAttemptAt)), ("by", claimedBy), ("id", Id(id))) == 1,
            cancellationToken);
}
