using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using Gateway.Api;
using Gateway.Dispatching;

namespace Gateway.Engine;

public sealed partial class EngineStore
{
    /// <summary>
    /// Claims up to <paramref name="max"/> due jobs for <paramref name="node"/>: campaign active, job pending and
    /// due, number not in a call anywhere, not called within the minimum interval, under its daily cap, and
    /// inside its local call window. Order: priority, then the campaign served least recently (fair share),
    /// then due time. A job on the do-not-fax list ends Refused without a call; a job outside its window
    /// moves to the next opening. Each claim is a compare-and-set on the job row plus an attempt row with a
    /// lease, so two nodes never claim the same job.
    /// </summary>
    public async Task<IReadOnlyList<ClaimedJob>> ClaimAsync(string node, int max, TimeSpan lease, TimeSpan minInterval, int dailyCap, CancellationToken ct)
    {
        if (max <= 0)
        {
            return [];
        }

        var now = Now;
        await using var c = await db.OpenAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        var candidates = await c.QueryAsync(tx,
            """
            SELECT j.id, j.campaign_id, j.number, j.time_zone, j.attempts, j.pages_confirmed, c.spec
            FROM eng_jobs j JOIN eng_campaigns c ON c.id = j.campaign_id
            WHERE j.status = 'pending' AND j.next_at_ms <= @now AND c.state = 'active'
              AND NOT EXISTS (SELECT 1 FROM eng_jobs k WHERE k.number = j.number AND k.status = 'active')
              AND NOT EXISTS (SELECT 1 FROM eng_attempts a WHERE a.dest_number = j.number AND a.started_ms > @minStart)
            ORDER BY c.priority DESC, c.last_dispatch_ms, j.next_at_ms, j.seq
            LIMIT @lim
            """,
            r => (Id: r.GetString(0), Campaign: r.GetString(1), Number: r.GetString(2), Zone: r.GetString(3), Attempts: r.Int(4), Pages: r.Int(5), Spec: r.GetString(6)),
            ct, ("now", now), ("minStart", now - (long)minInterval.TotalMilliseconds), ("lim", max * 4));

        var claimed = new List<ClaimedJob>();
        var numbers = new HashSet<string>();
        foreach (var j in candidates)
        {
            if (claimed.Count >= max || !numbers.Add(j.Number))
            {
                continue;
            }

            var spec = JsonSerializer.Deserialize<CampaignSpec>(j.Spec, ApiJson.Options)!;
            if (await c.ScalarAsync(tx, "SELECT number FROM eng_dnf WHERE number = @n", ct, ("n", j.Number)) is not null)
            {
                await RefuseAsync(c, tx, j.Id, j.Campaign, spec, "number is on the do-not-fax list", ct);
                continue;
            }

            var dialsToday = Convert.ToInt64(await c.ScalarAsync(tx, "SELECT COUNT(*) FROM eng_attempts WHERE dest_number = @n AND started_ms > @since", ct,
                ("n", j.Number), ("since", now - 86_400_000)), CultureInfo.InvariantCulture);
            if (dailyCap > 0 && dialsToday >= dailyCap)
            {
                await c.ExecAsync(tx, "UPDATE eng_jobs SET next_at_ms = @next, updated_ms = @now WHERE id = @id", ct, ("next", now + 3_600_000), ("now", now), ("id", j.Id));
                continue;
            }

            var opening = NextOpening(spec, j.Zone, DateTimeOffset.FromUnixTimeMilliseconds(now));
            if (opening is null || opening.Value.ToUnixTimeMilliseconds() > now)
            {
                var next = opening?.ToUnixTimeMilliseconds() ?? now + 86_400_000;
                await c.ExecAsync(tx, "UPDATE eng_jobs SET next_at_ms = @next, updated_ms = @now WHERE id = @id", ct, ("next", next), ("now", now), ("id", j.Id));
                continue;
            }

            var n = await c.ExecAsync(tx,
                "UPDATE eng_jobs SET status = 'active', lease_node = @node, lease_until_ms = @until, updated_ms = @now WHERE id = @id AND status = 'pending'", ct,
                ("node", node), ("until", now + (long)lease.TotalMilliseconds), ("now", now), ("id", j.Id));
            if (n != 1)
            {
                continue;
            }

            var rowNumber = Convert.ToInt32(await c.ScalarAsync(tx, "SELECT COUNT(*) FROM eng_attempts WHERE job_id = @id", ct, ("id", j.Id)), CultureInfo.InvariantCulture) + 1;
            var attemptId = Sql.NewId("att");
            await c.ExecAsync(tx,
                "INSERT INTO eng_attempts (id, job_id, campaign_id, number, dest_number, node, started_ms) VALUES (@id, @job, @cid, @n, @num, @node, @now)", ct,
                ("id", attemptId), ("job", j.Id), ("cid", j.Campaign), ("n", rowNumber), ("num", j.Number), ("node", node), ("now", now));
            await c.ExecAsync(tx, "UPDATE eng_campaigns SET last_dispatch_ms = @now WHERE id = @id", ct, ("now", now), ("id", j.Campaign));
            claimed.Add(new ClaimedJob(j.Id, j.Campaign, attemptId, j.Attempts + 1, j.Number, j.Zone, spec, j.Pages));
        }

        await tx.CommitAsync(ct);
        return claimed;
    }

    /// <summary>Records that the far end confirmed the whole document: from here on the job can only end Succeeded.</summary>
    public async Task ConfirmFaxAsync(string attemptId, int pages, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        await c.ExecAsync(null, "UPDATE eng_attempts SET fax_confirmed = 1, pages_confirmed = @p WHERE id = @id", ct, ("p", pages), ("id", attemptId));
    }

    /// <summary>Extends the leases of calls still running on this node.</summary>
    public async Task RenewLeasesAsync(string node, IReadOnlyCollection<string> jobIds, TimeSpan lease, CancellationToken ct)
    {
        if (jobIds.Count == 0)
        {
            return;
        }

        await using var c = await db.OpenAsync(ct);
        foreach (var id in jobIds)
        {
            await c.ExecAsync(null, "UPDATE eng_jobs SET lease_until_ms = @until WHERE id = @id AND lease_node = @node AND status = 'active'", ct,
                ("until", Now + (long)lease.TotalMilliseconds), ("id", id), ("node", node));
        }
    }

    /// <summary>
    /// Records an attempt's outcome and moves the job on by the retry policy, in one transaction with its
    /// webhook event. False if this node no longer holds the job's lease (another node recovered it).
    /// </summary>
    public async Task<bool> CompleteAttemptAsync(string node, ClaimedJob job, FaxCallResult result, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        var ok = await CompleteInTransactionAsync(c, tx, node, job.JobId, job.AttemptId, result, ct);
        await tx.CommitAsync(ct);
        return ok;
    }

    /// <summary>
    /// Gives a claimed job back without counting the attempt (graceful stop after the drain time): the attempt
    /// is closed as interrupted and the job is due again at once, unless the fax was already confirmed.
    /// </summary>
    public async Task ReleaseAsync(string node, ClaimedJob job, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        var confirmed = Convert.ToInt32(await c.ScalarAsync(tx, "SELECT fax_confirmed FROM eng_attempts WHERE id = @id", ct, ("id", job.AttemptId)), CultureInfo.InvariantCulture) == 1;
        if (confirmed)
        {
            await CompleteInTransactionAsync(c, tx, node, job.JobId, job.AttemptId,
                new FaxCallResult(FailureClass.Succeeded, null, job.PagesConfirmed, null, null, null, null, "fax confirmed before the stop"), ct);
        }
        else
        {
            var now = Now;
            await c.ExecAsync(tx, "UPDATE eng_attempts SET ended_ms = @now, outcome = 'interrupted', detail = 'service stopped during the call' WHERE id = @id AND ended_ms IS NULL", ct,
                ("now", now), ("id", job.AttemptId));
            await c.ExecAsync(tx,
                "UPDATE eng_jobs SET status = 'pending', next_at_ms = @now, lease_node = NULL, lease_until_ms = NULL, updated_ms = @now WHERE id = @id AND status = 'active' AND lease_node = @node", ct,
                ("now", now), ("id", job.JobId), ("node", node));
        }

        await tx.CommitAsync(ct);
    }

    /// <summary>Next instant inside the campaign's windows in the destination's zone.</summary>
    public static DateTimeOffset? NextOpening(CampaignSpec spec, string zone, DateTimeOffset from)
    {
        var (calendar, _) = CallWindowCalendar.Build(spec.CallWindows, spec.Holidays);
        return calendar?.NextOpening(from, TimeZoneInfo.FindSystemTimeZoneById(zone)) ?? from;
    }

    private async Task RefuseAsync(DbConnection c, DbTransaction tx, string jobId, string campaignId, CampaignSpec spec, string why, CancellationToken ct)
    {
        await c.ExecAsync(tx, "UPDATE eng_jobs SET status = 'refused', last_failure = 'refused', updated_ms = @now WHERE id = @id AND status = 'pending'", ct,
            ("now", Now), ("id", jobId));
        await EnqueueEventAsync(c, tx, spec, "fax.refused", campaignId, jobId, new { status = "refused", reason = why }, ct);
        await CompleteCampaignIfDoneAsync(c, tx, campaignId, spec, ct);
    }

    private async Task<bool> CompleteInTransactionAsync(DbConnection c, DbTransaction tx, string? node, string jobId, string attemptId, FaxCallResult result, CancellationToken ct)
    {
        var now = Now;
        var rows = await c.QueryAsync(tx,
            "SELECT j.campaign_id, j.attempts, j.attempts_base, j.class_counts, j.time_zone, j.pages_confirmed, c.spec, c.state FROM eng_jobs j JOIN eng_campaigns c ON c.id = j.campaign_id WHERE j.id = @id AND j.status = 'active' AND (@node IS NULL OR j.lease_node = @node)",
            r => (Campaign: r.GetString(0), Attempts: r.Int(1), Base: r.Int(2), Counts: r.GetString(3), Zone: r.GetString(4), Pages: r.Int(5), Spec: r.GetString(6), State: r.GetString(7)),
            ct, ("id", jobId), ("node", node));
        if (rows.Count == 0)
        {
            return false;
        }

        var j = rows[0];
        var spec = JsonSerializer.Deserialize<CampaignSpec>(j.Spec, ApiJson.Options)!;
        var counts = RetryPolicy.ParseCounts(j.Counts);
        var key = result.Outcome.ToString();
        counts[key] = counts.GetValueOrDefault(key) + 1;
        var attempts = j.Attempts + 1;
        string status;
        long next = now;
        if (result.Outcome == FailureClass.Succeeded)
        {
            status = "succeeded";
        }
        else
        {
            var (policy, _) = RetryPolicy.Build(spec.RetryPolicy);
            var delay = policy?.NextDelay(result.Outcome, attempts - j.Base, counts[key]);
            if (delay is null || result.Outcome == FailureClass.Refused)
            {
                status = result.Outcome == FailureClass.Refused ? "refused" : "failed";
            }
            else if (j.State == "cancelled")
            {
                status = "cancelled";
            }
            else
            {
                status = "pending";
                var due = DateTimeOffset.FromUnixTimeMilliseconds(now) + delay.Value;
                next = (NextOpening(spec, j.Zone, due) ?? due).ToUnixTimeMilliseconds();
            }
        }

        await c.ExecAsync(tx,
            """
            UPDATE eng_attempts SET ended_ms = @now, answered_ms = @ans, outcome = @out, sip_status = @sip,
                pages_confirmed = CASE WHEN fax_confirmed = 1 THEN pages_confirmed ELSE @pages END,
                transport = @tr, rate = @rate, remote_ident = @rid, detail = @det
            WHERE id = @id AND ended_ms IS NULL
            """, ct,
            ("now", now), ("ans", result.AnsweredAt?.ToUnixTimeMilliseconds()), ("out", ToApi(result.Outcome)), ("sip", result.SipStatus), ("pages", result.PagesConfirmed),
            ("tr", result.Transport), ("rate", result.Rate), ("rid", result.RemoteIdent), ("det", result.Detail), ("id", attemptId));
        await c.ExecAsync(tx,
            """
            UPDATE eng_jobs SET status = @st, attempts = @att, class_counts = @cc, next_at_ms = @next, last_failure = @lf,
                pages_confirmed = @pages, lease_node = NULL, lease_until_ms = NULL, updated_ms = @now
            WHERE id = @id AND status = 'active'
            """, ct,
            ("st", status), ("att", attempts), ("cc", JsonSerializer.Serialize(counts)), ("next", next),
            ("lf", result.Outcome == FailureClass.Succeeded ? null : ToApi(result.Outcome)), ("pages", Math.Max(j.Pages, result.PagesConfirmed)), ("now", now), ("id", jobId));
        var type = status switch { "pending" => "fax.retry_scheduled", "succeeded" => "fax.succeeded", "refused" => "fax.refused", "cancelled" => "fax.cancelled", _ => "fax.failed" };
        await EnqueueEventAsync(c, tx, spec, type, j.Campaign, jobId, new
        {
            status,
            outcome = ToApi(result.Outcome),
            attempt = attempts,
            sipStatus = result.SipStatus,
            pagesConfirmed = result.PagesConfirmed,
            nextAttemptAt = status == "pending" ? DateTimeOffset.FromUnixTimeMilliseconds(next) : (DateTimeOffset?)null,
        }, ct);
        await CompleteCampaignIfDoneAsync(c, tx, j.Campaign, spec, ct);
        return true;
    }

    /// <summary>The API spelling of a failure class (camelCase).</summary>
    public static string ToApi(FailureClass f) => JsonNamingPolicy.CamelCase.ConvertName(f.ToString());
}
