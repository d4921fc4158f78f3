using System.Globalization;
using Npgsql;

namespace Gateway.ClusterTest;

/// <summary>
/// The guarantees of the operations issue, checked after a run over the shared database and the far end's ledgers:
/// exactly one attempt row per (job, attempt number), attempt numbers without gaps, no number with two calls at
/// once, never more calls than the trunk's channels, nothing lost (every job final, every attempt closed, counters
/// back to zero), a confirmed fax never sent twice.
/// </summary>
public sealed class ClusterChecks(ClusterScenario scenario, NpgsqlDataSource db, string dir)
{
    private const int Succeeded = (int)Gateway.Campaigns.Domain.FailureClass.Succeeded;

    private sealed record Row(string Id, string JobId, int Seq, string Number, int State, string Node, long Lease, long Started, long? Ended, int? Outcome);

    public async Task<ClusterReport> RunAsync(ClusterSampler sampler, TimeSpan duration, IReadOnlyList<int> openAtKill, WebhookSink? sink, CancellationToken ct)
    {
        var v = new List<string>();
        var rows = new List<Row>();
        await using (var cmd = db.CreateCommand("SELECT id, job_id, seq, number, state, node_id, lease_expires_at, started_at, ended_at, outcome FROM attempts"))
        await using (var r = await cmd.ExecuteReaderAsync(ct))
        {
            while (await r.ReadAsync(ct))
            {
                rows.Add(new Row(r.GetString(0), r.GetString(1), r.GetInt32(2), r.GetString(3), r.GetInt32(4), r.GetString(5), r.GetInt64(6), r.GetInt64(7), r.IsDBNull(8) ? null : r.GetInt64(8), r.IsDBNull(9) ? null : r.GetInt32(9)));
            }
        }

        var jobs = new Dictionary<string, (int State, int Count)>();
        await using (var cmd = db.CreateCommand("SELECT id, state, attempt_count FROM jobs"))
        await using (var r = await cmd.ExecuteReaderAsync(ct))
        {
            while (await r.ReadAsync(ct))
            {
                jobs[r.GetString(0)] = (r.GetInt32(1), r.GetInt32(2));
            }
        }

        // Exactly once per attempt: one row per (job, seq), and seq runs 1..n.
        foreach (var g in rows.GroupBy(a => a.JobId))
        {
            var seqs = g.Select(a => a.Seq).Order().ToList();
            if (seqs.Distinct().Count() != seqs.Count)
            {
                v.Add($"job {g.Key}: attempt number dispatched twice ({string.Join(",", seqs)})");
            }
            else if (!seqs.SequenceEqual(Enumerable.Range(1, seqs.Count)))
            {
                v.Add($"job {g.Key}: attempt numbers {string.Join(",", seqs)} have a gap");
            }
        }

        // Nothing lost.
        if (jobs.Count != scenario.Destinations)
        {
            v.Add($"{jobs.Count} jobs in the database, {scenario.Destinations} destinations sent");
        }

        foreach (var (id, (state, _)) in jobs.Where(j => j.Value.State != 2))
        {
            v.Add($"job {id} ended in state {state}, not Succeeded");
        }

        foreach (var a in rows.Where(a => a.State is 0 or 1 || a.Ended is null))
        {
            v.Add($"attempt {a.Id} of {a.Node} still open (state {a.State})");
        }

        var trunkActive = Convert.ToInt64(await ClusterRun.ScalarAsync(db, "SELECT COALESCE(SUM(active), 0) FROM trunks", ct), CultureInfo.InvariantCulture);
        var busyNumbers = Convert.ToInt64(await ClusterRun.ScalarAsync(db, "SELECT COUNT(*) FROM numbers WHERE active_attempt IS NOT NULL", ct), CultureInfo.InvariantCulture);
        if (trunkActive != 0 || busyNumbers != 0)
        {
            v.Add($"counters not back to zero: trunk channels {trunkActive}, numbers marked in a call {busyNumbers}");
        }

        // One call per number at a time and the channel limit, from the recorded intervals (a killed node's call
        // counts until its attempt was recovered, as the database counted it).
        var closed = rows.Where(a => a.Ended is not null).ToList();
        foreach (var g in closed.GroupBy(a => a.Number))
        {
            var ordered = g.OrderBy(a => a.Started).ToList();
            for (var i = 1; i < ordered.Count; i++)
            {
                if (ordered[i].Started + scenario.ClockSlackMs < ordered[i - 1].Ended)
                {
                    v.Add($"number {g.Key}: attempt {ordered[i].Seq} started {ordered[i - 1].Ended - ordered[i].Started} ms before attempt {ordered[i - 1].Seq} ended");
                }
            }
        }

        var recordedMax = MaxOverlap(closed.Select(a => (a.Started, a.Ended!.Value)));
        var recordedMaxWithSlack = MaxOverlap(closed.Select(a => (Math.Min(a.Started + scenario.ClockSlackMs, a.Ended!.Value), a.Ended!.Value)));
        if (recordedMaxWithSlack > scenario.TrunkChannels || sampler.MaxOpenAttempts > scenario.TrunkChannels || sampler.MaxTrunkActive > scenario.TrunkChannels)
        {
            v.Add($"channel limit {scenario.TrunkChannels} exceeded: recorded {recordedMax} ({recordedMaxWithSlack} with {scenario.ClockSlackMs} ms slack), sampled open {sampler.MaxOpenAttempts}, sampled trunk counter {sampler.MaxTrunkActive}");
        }

        if (sampler.MaxOpenPerNumber > 1)
        {
            v.Add($"sampled {sampler.MaxOpenPerNumber} open attempts on one number");
        }

        // A confirmed fax is never sent twice: the far end's ledgers (one per node) name each job at most once, and
        // only with an attempt the database recorded as Succeeded (outcome 0) or recovered as such.
        var ledger = Directory.GetFiles(dir, "ledger-node-*.txt").SelectMany(File.ReadAllLines).Where(l => l.Length > 0).Select(l => l.Split(' ')).ToList();
        foreach (var g in ledger.GroupBy(l => l[0]).Where(g => g.Count() > 1))
        {
            v.Add($"job {g.Key} received {g.Count()} times by the far end");
        }

        var succeeded = rows.Where(a => a.Outcome == Succeeded).ToDictionary(a => a.Id);
        foreach (var l in ledger.Where(l => !succeeded.ContainsKey(l[1])))
        {
            v.Add($"far end received attempt {l[1]} of job {l[0]}, which the database does not record as succeeded");
        }

        foreach (var g in rows.Where(a => a.Outcome == Succeeded).GroupBy(a => a.JobId).Where(g => g.Count() > 1))
        {
            v.Add($"job {g.Key} has {g.Count()} succeeded attempts");
        }

        var expired = rows.Where(a => a.State == 3).ToList();
        var webhookEvents = 0;
        var deliveries = 0;
        var duplicates = 0;
        if (sink is not null)
        {
            webhookEvents = Convert.ToInt32(await ClusterRun.ScalarAsync(db, "SELECT COUNT(*) FROM outbox", ct), CultureInfo.InvariantCulture);
            var undelivered = Convert.ToInt32(await ClusterRun.ScalarAsync(db, "SELECT COUNT(*) FROM outbox WHERE delivered_at IS NULL", ct), CultureInfo.InvariantCulture);
            deliveries = sink.Deliveries.Values.Sum();
            duplicates = sink.Deliveries.Values.Sum(n => n - 1);
            if (undelivered > 0 || sink.Deliveries.Count != webhookEvents)
            {
                v.Add($"webhooks: {webhookEvents} events, {sink.Deliveries.Count} received, {undelivered} undelivered");
            }
        }

        // Calls per second over all nodes: in any one-second window at most the burst (ceil(rate)) plus the rate,
        // with the same slack for nodes' clock reads as above.
        var starts = rows.Select(a => a.Started / 1000).GroupBy(sec => sec).Select(g => g.Count()).DefaultIfEmpty(0).Max();
        var startLimit = (2 * (int)Math.Ceiling(scenario.CallsPerSecond)) + 2;
        if (starts > startLimit)
        {
            v.Add($"{starts} call starts in one second over all nodes; the trunk allows {scenario.CallsPerSecond}/s (at most {startLimit} in a window with its burst)");
        }
        return new ClusterReport
        {
            Scenario = scenario,
            Duration = duration,
            Jobs = jobs.Count,
            JobsSucceeded = jobs.Values.Count(j => j.State == 2),
            Attempts = rows.Count,
            AttemptsCompleted = rows.Count(a => a.State == 2),
            AttemptsReleased = rows.Count(a => a.State == 4),
            AttemptsExpired = expired.Count,
            RecoveredByOwner = expired.Count(a => a.Ended < a.Lease),
            RecoveredOnExpiry = expired.Count(a => a.Ended >= a.Lease),
            OpenAtKill = openAtKill,
            MaxConcurrentSampled = sampler.MaxOpenAttempts,
            MaxConcurrentRecorded = recordedMax,
            MaxConcurrentRecordedWithSlack = recordedMaxWithSlack,
            Samples = sampler.Samples,
            MaxStartsInOneSecond = starts,
            AttemptsPerNode = rows.GroupBy(a => a.Node).ToDictionary(g => g.Key, g => g.Count()),
            WebhookEvents = webhookEvents,
            WebhookDeliveries = deliveries,
            WebhookDuplicates = duplicates,
            Violations = v,
        };
    }

    /// <summary>The most intervals [start, end) open at one instant.</summary>
    public static int MaxOverlap(IEnumerable<(long Start, long End)> intervals)
    {
        var edges = intervals.SelectMany(i => new[] { (At: i.Start, Delta: 1), (At: i.End, Delta: -1) })
            .OrderBy(e => e.At).ThenBy(e => e.Delta); // an end and a start at the same millisecond do not overlap
        int open = 0, max = 0;
        foreach (var (_, delta) in edges)
        {
            open += delta;
            max = Math.Max(max, open);
        }

        return max;
    }
}
