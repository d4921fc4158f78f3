using System.Data.Common;
using System.Text.Json;
using Gateway.Api;
using Gateway.Persistence;

namespace Gateway.Engine;

/// <summary>
/// The campaign engine's durable state: campaigns, jobs, attempts, do-not-fax list, retry batches and the
/// webhook outbox, on SQLite or PostgreSQL with the same SQL. Every state change and the webhook event
/// it causes are written in one transaction (the outbox pattern).
/// </summary>
public sealed partial class EngineStore(HostDatabase db, TimeProvider time)
{
    private const string CampaignColumns = "id, name, kind, state, priority, spec, created_ms, updated_ms";
    private const string JobColumns = "id, campaign_id, seq, number, time_zone, time_zone_source, name, reference, status, attempts, next_at_ms, last_failure, pages_confirmed, created_ms, updated_ms";

    /// <summary>The database.</summary>
    public HostDatabase Database => db;

    private long Now => time.GetUtcNow().ToUnixTimeMilliseconds();

    /// <summary>Creates a campaign (state draft, or active for a single fax) with its jobs, in one transaction.</summary>
    public async Task<CampaignRecord> CreateCampaignAsync(string kind, CampaignSpec spec, IReadOnlyList<NewJob> jobs, bool active, CancellationToken ct)
    {
        var id = Sql.NewId(kind == "fax" ? "fxc" : "cmp");
        var now = Now;
        var stored = Strip(spec);
        await using var c = await db.OpenAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        await c.ExecAsync(tx, $"INSERT INTO eng_campaigns ({CampaignColumns}) VALUES (@id, @name, @kind, @state, @prio, @spec, @now, @now)", ct,
            ("id", id), ("name", spec.Name), ("kind", kind), ("state", active ? "active" : "draft"), ("prio", spec.Priority),
            ("spec", JsonSerializer.Serialize(stored, ApiJson.Options)), ("now", now));
        await InsertJobsAsync(c, tx, id, jobs, 0, now, ct);
        if (active)
        {
            await EnqueueEventAsync(c, tx, stored, "campaign.started", id, null, new { state = "active" }, ct);
        }

        await tx.CommitAsync(ct);
        return (await GetCampaignAsync(id, ct))!;
    }

    /// <summary>Adds jobs to a draft, active or paused campaign; false if the campaign does not take destinations.</summary>
    public async Task<bool> AddJobsAsync(string campaignId, IReadOnlyList<NewJob> jobs, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        var state = (string?)await c.ScalarAsync(tx, "SELECT state FROM eng_campaigns WHERE id = @id", ct, ("id", campaignId));
        if (state is not ("draft" or "active" or "paused"))
        {
            return false;
        }

        var seq = Convert.ToInt64(await c.ScalarAsync(tx, "SELECT COALESCE(MAX(seq), 0) FROM eng_jobs WHERE campaign_id = @id", ct, ("id", campaignId)), System.Globalization.CultureInfo.InvariantCulture);
        await InsertJobsAsync(c, tx, campaignId, jobs, seq, Now, ct);
        await c.ExecAsync(tx, "UPDATE eng_campaigns SET updated_ms = @now WHERE id = @id", ct, ("now", Now), ("id", campaignId));
        await tx.CommitAsync(ct);
        return true;
    }

    /// <summary>A campaign with counts, or null.</summary>
    public async Task<CampaignRecord?> GetCampaignAsync(string id, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        var rows = await c.QueryAsync(null, $"SELECT {CampaignColumns} FROM eng_campaigns WHERE id = @id", ReadCampaignRow, ct, ("id", id));
        if (rows.Count == 0)
        {
            return null;
        }

        return rows[0](await CountsAsync(c, id, ct));
    }

    /// <summary>Campaigns newest first, filtered by state and name substring.</summary>
    public async Task<Page<CampaignRecord>> ListCampaignsAsync(string? state, string? name, int page, int pageSize, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        const string where = "WHERE kind = 'campaign' AND (@state IS NULL OR state = @state) AND (@name IS NULL OR LOWER(name) LIKE @name)";
        var p = new (string, object?)[] { ("state", state), ("name", name is null ? null : "%" + name.ToLowerInvariant() + "%"), ("lim", pageSize), ("off", (page - 1) * pageSize) };
        var total = Convert.ToInt64(await c.ScalarAsync(null, $"SELECT COUNT(*) FROM eng_campaigns {where}", ct, p), System.Globalization.CultureInfo.InvariantCulture);
        var rows = await c.QueryAsync(null, $"SELECT {CampaignColumns} FROM eng_campaigns {where} ORDER BY created_ms DESC, id LIMIT @lim OFFSET @off", ReadCampaignRow, ct, p);
        var items = new List<CampaignRecord>();
        foreach (var r in rows)
        {
            items.Add(r(await CountsAsync(c, PeekId(r), ct)));
        }

        return new Page<CampaignRecord>(items, page, pageSize, total);
    }

    /// <summary>
    /// Changes state when the current state is one of <paramref name="from"/>. Cancelling also cancels the
    /// pending jobs. Returns the new record, or null with the current state when not allowed.
    /// </summary>
    public async Task<(CampaignRecord? Campaign, string? CurrentState)> TransitionAsync(string id, string[] from, string to, string eventType, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        var rows = await c.QueryAsync(tx, "SELECT state, spec FROM eng_campaigns WHERE id = @id", r => (r.GetString(0), r.GetString(1)), ct, ("id", id));
        if (rows.Count == 0)
        {
            return (null, null);
        }

        var (state, specJson) = rows[0];
        if (!from.Contains(state))
        {
            return (null, state);
        }

        var now = Now;
        await c.ExecAsync(tx, "UPDATE eng_campaigns SET state = @to, updated_ms = @now WHERE id = @id", ct, ("to", to), ("now", now), ("id", id));
        if (to == "cancelled")
        {
            await c.ExecAsync(tx, "UPDATE eng_jobs SET status = 'cancelled', updated_ms = @now WHERE campaign_id = @id AND status = 'pending'", ct, ("now", now), ("id", id));
        }

        var spec = JsonSerializer.Deserialize<CampaignSpec>(specJson, ApiJson.Options)!;
        await EnqueueEventAsync(c, tx, spec, eventType, id, null, new { state = to, previousState = state }, ct);
        if (to == "active")
        {
            await CompleteCampaignIfDoneAsync(c, tx, id, spec, ct);
        }

        await tx.CommitAsync(ct);
        return (await GetCampaignAsync(id, ct), to);
    }

    private static async Task InsertJobsAsync(DbConnection c, DbTransaction tx, string campaignId, IReadOnlyList<NewJob> jobs, long seqStart, long now, CancellationToken ct)
    {
        var seq = seqStart;
        foreach (var j in jobs)
        {
            await c.ExecAsync(tx,
                """
                INSERT INTO eng_jobs (id, campaign_id, seq, number, time_zone, time_zone_source, name, reference, status, next_at_ms, created_ms, updated_ms)
                VALUES (@id, @cid, @seq, @num, @tz, @tzs, @name, @ref, 'pending', @now, @now, @now)
                """, ct,
                ("id", Sql.NewId("fax")), ("cid", campaignId), ("seq", ++seq), ("num", j.Number), ("tz", j.TimeZone), ("tzs", j.TimeZoneSource),
                ("name", j.Name), ("ref", j.Reference), ("now", now));
        }
    }

    private static async Task<JobCounts> CountsAsync(DbConnection c, string? campaignId, CancellationToken ct)
    {
        var rows = await c.QueryAsync(null, "SELECT status, COUNT(*) FROM eng_jobs WHERE campaign_id = @id GROUP BY status",
            r => (r.GetString(0), r.Long(1) ?? 0), ct, ("id", campaignId));
        long Get(string s) => rows.Where(x => x.Item1 == s).Sum(x => x.Item2);
        return new JobCounts(rows.Sum(x => x.Item2), Get("pending"), Get("active"), Get("succeeded"), Get("failed"), Get("refused"), Get("cancelled"));
    }

    private static Func<JobCounts, CampaignRecord> ReadCampaignRow(DbDataReader r)
    {
        var id = r.GetString(0);
        var name = r.GetString(1);
        var kind = r.GetString(2);
        var state = r.GetString(3);
        var prio = r.Int(4);
        var spec = JsonSerializer.Deserialize<CampaignSpec>(r.GetString(5), ApiJson.Options)!;
        var created = Sql.Time(r.Long(6))!.Value;
        var updated = Sql.Time(r.Long(7))!.Value;
        return counts => new CampaignRecord(id, name, kind, state, prio, spec, created, updated, counts);
    }

    private static string PeekId(Func<JobCounts, CampaignRecord> row) => row(new JobCounts(0, 0, 0, 0, 0, 0, 0)).Id;

    private static CampaignSpec Strip(CampaignSpec spec) => new()
    {
        Name = spec.Name,
        DocumentIds = spec.DocumentIds,
        Sender = spec.Sender,
        PromptRef = spec.PromptRef,
        DefaultTimeZone = spec.DefaultTimeZone,
        DefaultRegion = spec.DefaultRegion,
        CallWindows = spec.CallWindows,
        Holidays = spec.Holidays,
        RetryPolicy = spec.RetryPolicy,
        Priority = spec.Priority,
        Webhook = spec.Webhook,
        Destinations = null,
    };
}
