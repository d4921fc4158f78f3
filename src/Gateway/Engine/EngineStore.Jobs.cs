using System.Data.Common;
using System.Text.Json;
using Gateway.Api;

namespace Gateway.Engine;

public sealed partial class EngineStore
{
    /// <summary>A job, or null.</summary>
    public async Task<JobRecord?> GetJobAsync(string id, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        var rows = await c.QueryAsync(null, $"SELECT {JobColumns} FROM eng_jobs WHERE id = @id", ReadJob, ct, ("id", id));
        return rows.Count == 0 ? null : rows[0];
    }

    /// <summary>A campaign's jobs in submission order.</summary>
    public async Task<Page<JobRecord>> ListJobsAsync(string campaignId, string? status, int page, int pageSize, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        const string where = "WHERE campaign_id = @cid AND (@st IS NULL OR status = @st)";
        var p = new (string, object?)[] { ("cid", campaignId), ("st", status), ("lim", pageSize), ("off", (page - 1) * pageSize) };
        var total = Convert.ToInt64(await c.ScalarAsync(null, $"SELECT COUNT(*) FROM eng_jobs {where}", ct, p), System.Globalization.CultureInfo.InvariantCulture);
        var items = await c.QueryAsync(null, $"SELECT {JobColumns} FROM eng_jobs {where} ORDER BY seq LIMIT @lim OFFSET @off", ReadJob, ct, p);
        return new Page<JobRecord>(items, page, pageSize, total);
    }

    /// <summary>A job's attempts in order.</summary>
    public async Task<IReadOnlyList<AttemptRecord>> ListAttemptsAsync(string jobId, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        return await c.QueryAsync(null,
            """
            SELECT id, job_id, number, node, started_ms, answered_ms, ended_ms, outcome, sip_status, pages_confirmed, fax_confirmed,
                   transport, rate, remote_ident, detail
            FROM eng_attempts WHERE job_id = @id ORDER BY number
            """,
            r => new AttemptRecord(r.GetString(0), r.GetString(1), r.Int(2), r.GetString(3), Sql.Time(r.Long(4))!.Value, Sql.Time(r.Long(5)),
                Sql.Time(r.Long(6)), r.Str(7), r.IsDBNull(8) ? null : r.Int(8), r.Int(9), r.Int(10) == 1, r.Str(11), r.IsDBNull(12) ? null : r.Int(12),
                r.Str(13), r.Str(14)), ct, ("id", jobId));
    }

    /// <summary>Cancels a pending job; returns the job and whether it was cancelled (false: its status does not allow it).</summary>
    public async Task<(JobRecord? Job, bool Cancelled)> CancelJobAsync(string id, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        var rows = await c.QueryAsync(tx, "SELECT j.campaign_id, c.spec FROM eng_jobs j JOIN eng_campaigns c ON c.id = j.campaign_id WHERE j.id = @id",
            r => (r.GetString(0), r.GetString(1)), ct, ("id", id));
        if (rows.Count == 0)
        {
            return (null, false);
        }

        var n = await c.ExecAsync(tx, "UPDATE eng_jobs SET status = 'cancelled', updated_ms = @now WHERE id = @id AND status = 'pending'", ct, ("now", Now), ("id", id));
        if (n == 1)
        {
            var spec = JsonSerializer.Deserialize<CampaignSpec>(rows[0].Item2, ApiJson.Options)!;
            await EnqueueEventAsync(c, tx, spec, "fax.cancelled", rows[0].Item1, id, new { status = "cancelled" }, ct);
            await CompleteCampaignIfDoneAsync(c, tx, rows[0].Item1, spec, ct);
        }

        await tx.CommitAsync(ct);
        return (await GetJobAsync(id, ct), n == 1);
    }

    private static JobRecord ReadJob(DbDataReader r) => new(
        r.GetString(0), r.GetString(1), r.Long(2) ?? 0, r.GetString(3), r.GetString(4), r.GetString(5), r.Str(6), r.Str(7), r.GetString(8), r.Int(9),
        r.GetString(8) is "pending" ? Sql.Time(r.Long(10)) : null, r.Str(11), r.Int(12), Sql.Time(r.Long(13))!.Value, Sql.Time(r.Long(14))!.Value);
}
