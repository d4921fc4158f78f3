using System.Globalization;

namespace Gateway.Engine;

public sealed partial class EngineStore
{
    /// <summary>Adds a number to the do-not-fax list; false if it was already there.</summary>
    public async Task<bool> AddDnfAsync(string number, string? reason, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        return await c.ExecAsync(null, "INSERT INTO eng_dnf (number, reason, added_ms) VALUES (@n, @r, @now) ON CONFLICT (number) DO NOTHING", ct,
            ("n", number), ("r", reason), ("now", Now)) == 1;
    }

    /// <summary>Removes a number; false if it was not listed.</summary>
    public async Task<bool> RemoveDnfAsync(string number, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        return await c.ExecAsync(null, "DELETE FROM eng_dnf WHERE number = @n", ct, ("n", number)) == 1;
    }

    /// <summary>One entry or null.</summary>
    public async Task<DnfEntry?> GetDnfAsync(string number, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        var rows = await c.QueryAsync(null, "SELECT number, reason, added_ms FROM eng_dnf WHERE number = @n",
            r => new DnfEntry(r.GetString(0), r.Str(1), Sql.Time(r.Long(2))!.Value), ct, ("n", number));
        return rows.Count == 0 ? null : rows[0];
    }

    /// <summary>The list, by number.</summary>
    public async Task<Page<DnfEntry>> ListDnfAsync(int page, int pageSize, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        var total = Convert.ToInt64(await c.ScalarAsync(null, "SELECT COUNT(*) FROM eng_dnf", ct), CultureInfo.InvariantCulture);
        var items = await c.QueryAsync(null, "SELECT number, reason, added_ms FROM eng_dnf ORDER BY number LIMIT @lim OFFSET @off",
            r => new DnfEntry(r.GetString(0), r.Str(1), Sql.Time(r.Long(2))!.Value), ct, ("lim", pageSize), ("off", (page - 1) * pageSize));
        return new Page<DnfEntry>(items, page, pageSize, total);
    }

    /// <summary>Creates a retry batch (once at <paramref name="runAt"/>, or daily at <paramref name="dailyAt"/> in <paramref name="zone"/>).</summary>
    public async Task<RetryBatchRecord?> CreateRetryBatchAsync(string campaignId, DateTimeOffset firstRun, string? dailyAt, string? zone, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        if (await c.ScalarAsync(null, "SELECT id FROM eng_campaigns WHERE id = @id", ct, ("id", campaignId)) is null)
        {
            return null;
        }

        var id = Sql.NewId("rb");
        await c.ExecAsync(null,
            "INSERT INTO eng_retry_batches (id, campaign_id, daily_at, time_zone, next_run_ms, state, created_ms) VALUES (@id, @cid, @daily, @tz, @next, 'scheduled', @now)", ct,
            ("id", id), ("cid", campaignId), ("daily", dailyAt), ("tz", zone), ("next", firstRun.ToUnixTimeMilliseconds()), ("now", Now));
        return (await ListRetryBatchesAsync(null, ct)).First(b => b.Id == id);
    }

    /// <summary>Batches, optionally of one campaign.</summary>
    public async Task<IReadOnlyList<RetryBatchRecord>> ListRetryBatchesAsync(string? campaignId, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        return await c.QueryAsync(null,
            "SELECT id, campaign_id, daily_at, time_zone, next_run_ms, last_run_ms, last_run_count, state, created_ms FROM eng_retry_batches WHERE (@cid IS NULL OR campaign_id = @cid) ORDER BY created_ms DESC, id",
            r => new RetryBatchRecord(r.GetString(0), r.GetString(1), r.Str(2), r.Str(3), Sql.Time(r.Long(4)), Sql.Time(r.Long(5)),
                r.IsDBNull(6) ? null : r.Int(6), r.GetString(7), Sql.Time(r.Long(8))!.Value), ct, ("cid", campaignId));
    }

    /// <summary>Cancels a scheduled batch; false if none.</summary>
    public async Task<bool> CancelRetryBatchAsync(string id, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        return await c.ExecAsync(null, "UPDATE eng_retry_batches SET state = 'cancelled', next_run_ms = NULL WHERE id = @id AND state = 'scheduled'", ct, ("id", id)) == 1;
    }

    /// <summary>
    /// Runs due batches: every failed job of the campaign becomes pending again with fresh per-class retry
    /// counts (the total count keeps growing), pending jobs become due now; a completed campaign becomes
    /// active again. Windows and limits apply at dispatch as always. Returns jobs requeued.
    /// </summary>
    public async Task<int> RunDueRetryBatchesAsync(CancellationToken ct)
    {
        var now = Now;
        await using var c = await db.OpenAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        var due = await c.QueryAsync(tx, "SELECT id, campaign_id, daily_at, time_zone, next_run_ms FROM eng_retry_batches WHERE state = 'scheduled' AND next_run_ms <= @now",
            r => (Id: r.GetString(0), Campaign: r.GetString(1), Daily: r.Str(2), Zone: r.Str(3), Next: r.Long(4) ?? now), ct, ("now", now));
        var total = 0;
        foreach (var b in due)
        {
            var state = (string?)await c.ScalarAsync(tx, "SELECT state FROM eng_campaigns WHERE id = @id", ct, ("id", b.Campaign));
            var n = 0;
            if (state is "active" or "completed" or "paused")
            {
                n = await c.ExecAsync(tx,
                    "UPDATE eng_jobs SET status = 'pending', attempts_base = attempts, class_counts = '{}', next_at_ms = @now, updated_ms = @now WHERE campaign_id = @cid AND status = 'failed'", ct,
                    ("now", now), ("cid", b.Campaign));
                await c.ExecAsync(tx, "UPDATE eng_jobs SET next_at_ms = @now WHERE campaign_id = @cid AND status = 'pending' AND next_at_ms > @now", ct, ("now", now), ("cid", b.Campaign));
                if (state == "completed" && n > 0)
                {
                    await c.ExecAsync(tx, "UPDATE eng_campaigns SET state = 'active', updated_ms = @now WHERE id = @cid", ct, ("now", now), ("cid", b.Campaign));
                }
            }

            long? next = b.Daily is null ? null : NextDaily(b.Daily, b.Zone ?? "UTC", DateTimeOffset.FromUnixTimeMilliseconds(now)).ToUnixTimeMilliseconds();
            await c.ExecAsync(tx, "UPDATE eng_retry_batches SET last_run_ms = @now, last_run_count = @n, next_run_ms = @next, state = @st WHERE id = @id", ct,
                ("now", now), ("n", n), ("next", next), ("st", next is null ? "done" : "scheduled"), ("id", b.Id));
            total += n;
        }

        await tx.CommitAsync(ct);
        return total;
    }

    /// <summary>The next time after <paramref name="after"/> that the local clock in <paramref name="zone"/> shows <paramref name="hhmm"/>.</summary>
    public static DateTimeOffset NextDaily(string hhmm, string zone, DateTimeOffset after)
    {
        var tz = TimeZoneInfo.FindSystemTimeZoneById(zone);
        var time = TimeOnly.ParseExact(hhmm, "HH:mm", CultureInfo.InvariantCulture).ToTimeSpan();
        var localDate = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(after, tz).DateTime);
        for (var d = 0; ; d++)
        {
            var at = CallWindowCalendar.ToUtc(localDate.AddDays(d), time, tz);
            if (at > after)
            {
                return at;
            }
        }
    }
}
