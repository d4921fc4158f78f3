using Gateway.Dispatching;

namespace Gateway.Engine;

public sealed partial class EngineStore
{
    /// <summary>
    /// Takes back jobs whose lease expired (their node died), and at start also every job still leased to
    /// this node id (it died and came back). An attempt that had reached "fax confirmed" ends Succeeded
    /// and is never sent again; any other open attempt ends NetworkError ("node lost during the call") and
    /// the retry policy decides. Returns how many jobs were recovered.
    /// </summary>
    public async Task<int> RecoverLeasesAsync(string node, bool atStartup, CancellationToken ct)
    {
        var now = Now;
        await using var c = await db.OpenAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        var rows = await c.QueryAsync(tx,
            """
            SELECT j.id, a.id, a.fax_confirmed, a.pages_confirmed FROM eng_jobs j
            LEFT JOIN eng_attempts a ON a.job_id = j.id AND a.ended_ms IS NULL
            WHERE j.status = 'active' AND (j.lease_until_ms < @now OR (@startup = 1 AND j.lease_node = @node))
            """,
            r => (Job: r.GetString(0), Attempt: r.Str(1), Confirmed: !r.IsDBNull(2) && r.Int(2) == 1, Pages: r.IsDBNull(3) ? 0 : r.Int(3)),
            ct, ("now", now), ("startup", atStartup ? 1 : 0), ("node", node));
        var done = 0;
        foreach (var g in rows.GroupBy(r => r.Job))
        {
            var confirmed = g.FirstOrDefault(x => x.Confirmed);
            var attempt = confirmed.Attempt ?? g.First().Attempt;
            if (attempt is null)
            {
                // Claimed but no attempt row: cannot happen (same transaction); put the job back.
                await c.ExecAsync(tx, "UPDATE eng_jobs SET status = 'pending', lease_node = NULL, lease_until_ms = NULL WHERE id = @id", ct, ("id", g.Key));
                continue;
            }

            var result = confirmed.Attempt is not null
                ? new FaxCallResult(FailureClass.Succeeded, null, confirmed.Pages, null, null, null, null, "recovered: the fax was confirmed before the node stopped")
                : new FaxCallResult(FailureClass.NetworkError, null, 0, null, null, null, null, "node lost during the call (lease expired)");
            foreach (var other in g.Where(x => x.Attempt is not null && x.Attempt != attempt))
            {
                await c.ExecAsync(tx, "UPDATE eng_attempts SET ended_ms = @now, outcome = 'interrupted' WHERE id = @id AND ended_ms IS NULL", ct, ("now", now), ("id", other.Attempt));
            }

            if (await CompleteInTransactionAsync(c, tx, null, g.Key, attempt, result, ct))
            {
                done++;
            }
        }

        await tx.CommitAsync(ct);
        return done;
    }
}
