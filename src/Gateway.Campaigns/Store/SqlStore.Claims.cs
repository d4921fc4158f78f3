using System.Data.Common;
using System.Text.Json.Nodes;
using Gateway.Campaigns.Domain;
using Gateway.Campaigns.Webhooks;

namespace Gateway.Campaigns.Store;

public abstract partial class SqlStore
{
    public Task<IReadOnlyList<DueJob>> GetDueJobsAsync(DateTimeOffset now, int perCampaign, int total, CancellationToken cancellationToken = default) =>
        InTransactionAsync<IReadOnlyList<DueJob>>(
            async (c, t) =>
            {
                var result = new List<DueJob>();
                var campaigns = await QueryAsync(
                    c, t, "SELECT id, priority FROM campaigns WHERE state = @active AND is_single = 0 ORDER BY priority DESC, created_at",
                    r => (Id: r.GetString(0), Priority: r.GetInt32(1)), cancellationToken, ("active", (int)CampaignState.Active));
                foreach (var (id, priority) in campaigns)
                {
                    // Index jobs_due (campaign_id, state, next_attempt_at) answers this without scanning the campaign.
                    var jobs = await QueryAsync(
                        c, t, $"SELECT {JobColumns} FROM jobs WHERE campaign_id = @c AND state = @pending AND next_attempt_at <= @now ORDER BY next_attempt_at, id LIMIT @limit",
                        ReadJob, cancellationToken, ("c", id), ("pending", (int)JobState.Pending), ("now", Ms(now)), ("limit", perCampaign));
                    result.AddRange(jobs.Select(j => new DueJob(j, priority)));
                }

                // Single faxes are campaigns of one: fetched together, earliest due first.
                var singles = await QueryAsync(
                    c, t, $"SELECT {Prefixed("j")}, c.priority FROM jobs j JOIN campaigns c ON c.id = j.campaign_id WHERE c.state = @active AND c.is_single = 1 AND j.state = @pending AND j.next_attempt_at <= @now ORDER BY c.priority DESC, j.next_attempt_at LIMIT @limit",
                    r => new DueJob(ReadJob(r), r.GetInt32(21)), cancellationToken, ("active", (int)CampaignState.Active), ("pending", (int)JobState.Pending), ("now", Ms(now)), ("limit", total));
                result.AddRange(singles);
                return result.OrderByDescending(d => d.Priority).ThenBy(d => d.Job.NextAttemptAt).Take(total).ToList();
            },
            cancellationToken);

    private static string Prefixed(string alias) => string.Join(", ", JobColumns.Split(", ").Select(col => alias + "." + col));

    public Task<ClaimResult> TryClaimAsync(ClaimRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return InTransactionAsync(
            async (c, t) =>
            {
                // FOR UPDATE SKIP LOCKED (PostgreSQL): a job another node is claiming is skipped, not waited for.
                var job = (await QueryAsync(
                    c, t, $"SELECT {JobColumns} FROM jobs WHERE id = @id AND state = @pending AND next_attempt_at <= @now AND campaign_id IN (SELECT id FROM campaigns WHERE state = @active){Dialect.LockRowSkipLocked}",
                    ReadJob, cancellationToken, ("id", Id(request.JobId)), ("pending", (int)JobState.Pending), ("now", Ms(request.Now)), ("active", (int)CampaignState.Active))).FirstOrDefault();
                if (job is null)
                {
                    return new ClaimResult(ClaimStatus.Gone);
                }

                var number = job.Destination.Number;
                var seq = Convert.ToInt32(await ScalarAsync(c, t, "SELECT seq FROM jobs WHERE id = @id", cancellationToken, ("id", Id(job.Id)))) + 1;
                var dnf = await QueryAsync(c, t, "SELECT reason FROM do_not_fax WHERE number = @n", r => r.IsDBNull(0) ? "" : r.GetString(0), cancellationToken, ("n", number));
                if (dnf.Count > 0)
                {
                    await RefuseAsync(c, t, job, seq, request, string.IsNullOrEmpty(dnf[0]) ? "do-not-fax list" : "do-not-fax list: " + dnf[0], cancellationToken);
                    return new ClaimResult(ClaimStatus.Refused, Job: job);
                }

                // One call per number across campaigns, a minimum interval and a daily cap (per local day of the number).
                var day = request.LocalDay.DayNumber;
                await ExecAsync(c, t, "INSERT INTO numbers (number, active_attempt, last_call_at, day, day_count) VALUES (@n, NULL, NULL, 0, 0) ON CONFLICT (number) DO NOTHING", cancellationToken, ("n", number));
                var took = await ExecAsync(
                    c, t, "UPDATE numbers SET active_attempt = @a, last_call_at = @now, day_count = CASE WHEN day = @day THEN day_count + 1 ELSE 1 END, day = @day WHERE number = @n AND active_attempt IS NULL AND (last_call_at IS NULL OR last_call_at <= @rested) AND (day <> @day OR day_count < @cap)", cancellationToken,
                    ("a", Id(request.AttemptId)), ("now", Ms(request.Now)), ("day", day), ("n", number), ("rested", Ms(request.Now - request.MinIntervalPerNumber)), ("cap", request.DailyCapPerNumber));
                if (took == 0)
                {
                    var row = (await QueryAsync(c, t, "SELECT active_attempt, day, day_count FROM numbers WHERE number = @n", r => (Busy: !r.IsDBNull(0), Day: r.GetInt32(1), Count: r.GetInt32(2)), cancellationToken, ("n", number)))[0];
                    var status = row.Busy ? ClaimStatus.NumberBusy : row.Day == day && row.Count >= request.DailyCapPerNumber ? ClaimStatus.DailyCapReached : ClaimStatus.NumberRested;
                    throw new RollbackSignal(new ClaimResult(status, Job: job));
                }

                // Trunk channels and call starts per second are counted in the database so that several nodes share one
                // limit. Starts follow the generic cell rate algorithm (ITU-T I.371 §4.4.2, virtual scheduling): one
                // start per interval T, bursts of up to ceil(rate) (tolerance (burst − 1)·T), the trunk row keeping
                // the theoretical next start time.
                var (interval, tolerance) = RateCell(request.TrunkCallsPerSecond);
                await ExecAsync(c, t, "INSERT INTO trunks (name, active, next_start_at) VALUES (@t, 0, 0) ON CONFLICT (name) DO NOTHING", cancellationToken, ("t", request.Trunk));
                if (await ExecAsync(
                    c, t, "UPDATE trunks SET active = active + 1, next_start_at = (CASE WHEN next_start_at > @now THEN next_start_at ELSE @now END) + @interval WHERE name = @t AND active < @limit AND next_start_at <= @now + @tolerance", cancellationToken,
                    ("t", request.Trunk), ("limit", request.TrunkChannels), ("now", Ms(request.Now)), ("interval", interval), ("tolerance", tolerance)) == 0)
                {
                    var active = Convert.ToInt32(await ScalarAsync(c, t, "SELECT active FROM trunks WHERE name = @t", cancellationToken, ("t", request.Trunk)));
                    throw new RollbackSignal(new ClaimResult(active >= request.TrunkChannels ? ClaimStatus.TrunkFull : ClaimStatus.TrunkRateLimited, Job: job));
                }

                var attempt = new Attempt
                {
                    Id = request.AttemptId,
                    JobId = job.Id,
                    CampaignId = job.CampaignId,
                    Sequence = seq,
                    Number = number,
                    Trunk = request.Trunk,
                    State = AttemptState.Leased,
                    NodeId = request.NodeId,
                    LeaseExpiresAt = request.LeaseUntil,
                    StartedAt = request.Now,
                    StartPage = job.ResumePage,
                };
                await InsertAttemptAsync(c, t, attempt, cancellationToken);
                await ExecAsync(
                    c, t, "UPDATE jobs SET state = @incall, seq = @seq, next_attempt_at = NULL, updated_at = @now WHERE id = @id", cancellationToken,
                    ("incall", (int)JobState.InCall), ("seq", seq), ("now", Ms(request.Now)), ("id", Id(job.Id)));
                return new ClaimResult(ClaimStatus.Claimed, attempt, job with { State = JobState.InCall, NextAttemptAt = null });
            },
            cancellationToken);
    }

    private async Task RefuseAsync(DbConnection c, DbTransaction t, Job job, int seq, ClaimRequest request, string reason, CancellationToken cancellationToken)
    {
        var attempt = new Attempt
        {
            Id = request.AttemptId,
            JobId = job.Id,
            CampaignId = job.CampaignId,
            Sequence = seq,
            Number = job.Destination.Number,
            Trunk = request.Trunk,
            State = AttemptState.Completed,
            NodeId = request.NodeId,
            LeaseExpiresAt = request.Now,
            StartedAt = request.Now,
            EndedAt = request.Now,
            Outcome = FailureClass.Refused,
            StartPage = job.ResumePage,
            Reason = reason,
        };
        await InsertAttemptAsync(c, t, attempt, cancellationToken);
        await ExecAsync(
            c, t, "UPDATE jobs SET state = @refused, seq = @seq, next_attempt_at = NULL, last_failure = @failure, last_reason = @reason, updated_at = @now, completed_at = @now WHERE id = @id", cancellationToken,
            ("refused", (int)JobState.Refused), ("seq", seq), ("failure", (int)FailureClass.Refused), ("reason", reason), ("now", Ms(request.Now)), ("id", Id(job.Id)));
        await WriteEventAsync(c, t, job.CampaignId, job.Id, WebhookEventType.JobRefused, request.Now, JobData(job, JobState.Refused, reason), cancellationToken);
        await CompleteCampaignIfDoneAsync(c, t, job.CampaignId, request.Now, cancellationToken);
    }

    private static Task InsertAttemptAsync(DbConnection c, DbTransaction t, Attempt a, CancellationToken cancellationToken) =>
        ExecAsync(
            c, t, $"INSERT INTO attempts ({AttemptColumns}) VALUES (@id, @job, @c, @seq, @n, @trunk, @state, @node, @lease, @started, @answered, @ended, @outcome, 0, @start, 0, 0, 0, 0, 0, NULL, @reason)", cancellationToken,
            ("id", Id(a.Id)), ("job", Id(a.JobId)), ("c", Id(a.CampaignId)), ("seq", a.Sequence), ("n", a.Number), ("trunk", a.Trunk), ("state", (int)a.State), ("node", a.NodeId),
            ("lease", Ms(a.LeaseExpiresAt)), ("started", Ms(a.StartedAt)), ("answered", Ms(a.AnsweredAt)), ("ended", Ms(a.EndedAt)), ("outcome", Int((int?)a.Outcome)), ("start", a.StartPage), ("reason", a.Reason));

    internal static JsonObject JobData(Job job, JobState state, string? reason) => new()
    {
        ["number"] = job.Destination.Number,
        ["reference"] = job.Destination.Reference,
        ["state"] = state.ToString().ToLowerInvariant(),
        ["reason"] = reason,
    };

    public Task<bool> RescheduleAsync(Guid jobId, DateTimeOffset nextAttemptAt, DateTimeOffset now, CancellationToken cancellationToken = default) =>
        InTransactionAsync(
            async (c, t) => await ExecAsync(
                c, t, "UPDATE jobs SET next_attempt_at = @next, updated_at = @now WHERE id = @id AND state = @pending", cancellationToken,
                ("next", Ms(nextAttemptAt)), ("now", Ms(now)), ("id", Id(jobId)), ("pending", (int)JobState.Pending)) == 1,
            cancellationToken);

    public Task<IReadOnlyList<Guid>> RenewLeasesAsync(string nodeId, IReadOnlyCollection<Guid> attemptIds, DateTimeOffset until, CancellationToken cancellationToken = default) =>
        InTransactionAsync<IReadOnlyList<Guid>>(
            async (c, t) =>
            {
                var lost = new List<Guid>();
                foreach (var id in attemptIds)
                {
                    if (await ExecAsync(c, t, "UPDATE attempts SET lease_expires_at = @until WHERE id = @id AND node_id = @node AND state IN (0, 1)", cancellationToken, ("until", Ms(until)), ("id", Id(id)), ("node", nodeId)) == 0)
                    {
                        lost.Add(id);
                    }
                }

                return lost;
            },
            cancellationToken);

    public Task<bool> RecordAnsweredAsync(Guid attemptId, string nodeId, DateTimeOffset at, CancellationToken cancellationToken = default) =>
        InTransactionAsync(
            async (c, t) => await ExecAsync(c, t, "UPDATE attempts SET answered_at = COALESCE(answered_at, @at) WHERE id = @id AND node_id = @node AND state IN (0, 1)", cancellationToken, ("at", Ms(at)), ("id", Id(attemptId)), ("node", nodeId)) == 1,
            cancellationToken);

    public Task<bool> RecordPagesConfirmedAsync(Guid attemptId, string nodeId, int pagesConfirmed, int pagesTotal, CancellationToken cancellationToken = default) =>
        InTransactionAsync(
            async (c, t) => await ExecAsync(
                c, t, "UPDATE attempts SET pages_confirmed = @p, pages_total = @total, state = CASE WHEN @total > 0 AND start_page + @p >= @total THEN 1 ELSE state END WHERE id = @id AND node_id = @node AND state IN (0, 1) AND pages_confirmed <= @p", cancellationToken,
                ("p", pagesConfirmed), ("total", pagesTotal), ("id", Id(attemptId)), ("node", nodeId)) == 1,
            cancellationToken);

    public Task<IReadOnlyList<Attempt>> GetExpiredLeasesAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken = default) =>
        InTransactionAsync<IReadOnlyList<Attempt>>(
            async (c, t) => await QueryAsync(
                c, t, $"SELECT {AttemptColumns} FROM attempts WHERE state IN (0, 1) AND lease_expires_at < @now ORDER BY lease_expires_at LIMIT @limit", ReadAttempt, cancellationToken, ("now", Ms(now)), ("limit", limit)),
            cancellationToken);

    public Task<IReadOnlyList<Attempt>> GetOpenAttemptsAsync(string nodeId, int limit, CancellationToken cancellationToken = default) =>
        InTransactionAsync<IReadOnlyList<Attempt>>(
            async (c, t) => await QueryAsync(
                c, t, $"SELECT {AttemptColumns} FROM attempts WHERE state IN (0, 1) AND node_id = @node ORDER BY started_at LIMIT @limit", ReadAttempt, cancellationToken, ("node", nodeId), ("limit", limit)),
            cancellationToken);

    /// <summary>A 64-bit advisory lock key per node id (first 8 bytes of SHA-256 of "gateway-node:" + id).</summary>
    internal static long NodeLockKey(string nodeId) =>
        System.Buffers.Binary.BinaryPrimitives.ReadInt64BigEndian(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes("gateway-node:" + nodeId)));

    /// <summary>GCRA emission interval and burst tolerance in ms for a rate; (0, 0) when the rate is not limited.</summary>
    internal static (long Interval, long Tolerance) RateCell(double callsPerSecond)
    {
        if (callsPerSecond <= 0)
        {
            return (0, 0);
        }

        var interval = (long)Math.Round(1000 / callsPerSecond);
        var burst = Math.Max(1, (int)Math.Ceiling(callsPerSecond));
        return (interval, (burst - 1) * interval);
    }

    public Task<IReadOnlyList<QueueDepth>> GetQueueDepthsAsync(DateTimeOffset now, CancellationToken cancellationToken = default) =>
        InTransactionAsync<IReadOnlyList<QueueDepth>>(
            async (c, t) => await QueryAsync(
                c, t, "SELECT j.campaign_id, SUM(CASE WHEN j.state = @pending THEN 1 ELSE 0 END), SUM(CASE WHEN j.state = @pending AND j.next_attempt_at <= @now THEN 1 ELSE 0 END), SUM(CASE WHEN j.state = @incall THEN 1 ELSE 0 END) FROM jobs j JOIN campaigns c ON c.id = j.campaign_id WHERE c.state IN (@active, @paused) AND j.state IN (@pending, @incall) GROUP BY j.campaign_id",
                r => new QueueDepth(Guid.Parse(r.GetString(0)), Convert.ToInt32(r.GetValue(1)), Convert.ToInt32(r.GetValue(2)), Convert.ToInt32(r.GetValue(3))), cancellationToken,
                ("pending", (int)JobState.Pending), ("incall", (int)JobState.InCall), ("now", Ms(now)), ("active", (int)CampaignState.Active), ("paused", (int)CampaignState.Paused)),
            cancellationToken);

    public abstract Task<IAsyncDisposable?> TryLockNodeAsync(string nodeId, CancellationToken cancellationToken = default);
}
