using System.Text;
using Gateway.Campaigns.Domain;

namespace Gateway.Campaigns.Store;

public abstract partial class SqlStore
{
    public virtual Task<int> InsertJobsAsync(Guid campaignId, IReadOnlyList<Job> jobs, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(jobs);
        return InTransactionAsync(
            async (c, t) =>
            {
                var added = 0;
                for (var start = 0; start < jobs.Count; start += InsertBatchRows)
                {
                    var count = Math.Min(InsertBatchRows, jobs.Count - start);
                    var sql = new StringBuilder($"INSERT INTO jobs ({JobColumns}) VALUES ");
                    var args = new List<(string, object?)>(count * 21);
                    for (var i = 0; i < count; i++)
                    {
                        var job = jobs[start + i];
                        if (job.CampaignId != campaignId)
                        {
                            throw new ArgumentException($"job {job.Id} belongs to campaign {job.CampaignId}, not {campaignId}");
                        }

                        sql.Append(i == 0 ? "(" : ", (");
                        var first = true;
                        foreach (var (name, value) in JobParameters(job))
                        {
                            sql.Append(first ? "" : ", ").Append('@').Append(name).Append('_').Append(i);
                            args.Add((name + "_" + i, value));
                            first = false;
                        }

                        sql.Append(')');
                    }

                    sql.Append(" ON CONFLICT (campaign_id, number) DO NOTHING");
                    added += await ExecAsync(c, t, sql.ToString(), cancellationToken, [.. args]);
                }

                return added;
            },
            cancellationToken);
    }

    public Task<Job?> GetJobAsync(Guid id, CancellationToken cancellationToken = default) =>
        InTransactionAsync(
            async (c, t) => (await QueryAsync(c, t, $"SELECT {JobColumns} FROM jobs WHERE id = @id", ReadJob, cancellationToken, ("id", Id(id)))).FirstOrDefault(),
            cancellationToken);

    public Task<PageOf<Job>> ListJobsAsync(JobQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var filter = "campaign_id = @c" + (query.State is null ? "" : " AND state = @state") + (query.Number is null ? "" : " AND number = @number");
        var args = new List<(string, object?)> { ("c", Id(query.CampaignId)) };
        if (query.State is { } state)
        {
            args.Add(("state", (int)state));
        }

        if (query.Number is { } number)
        {
            args.Add(("number", number));
        }

        return InTransactionAsync(
            async (c, t) =>
            {
                var items = await QueryAsync(c, t, $"SELECT {JobColumns} FROM jobs WHERE {filter} ORDER BY source_line, id LIMIT @limit OFFSET @offset", ReadJob, cancellationToken, [.. args, ("limit", query.Limit), ("offset", query.Offset)]);
                var total = Convert.ToInt32(await ScalarAsync(c, t, $"SELECT COUNT(*) FROM jobs WHERE {filter}", cancellationToken, [.. args]));
                return new PageOf<Job>(items, total, query.Offset, query.Limit);
            },
            cancellationToken);
    }

    public Task<IReadOnlyList<Attempt>> ListAttemptsAsync(Guid jobId, CancellationToken cancellationToken = default) =>
        InTransactionAsync<IReadOnlyList<Attempt>>(
            async (c, t) => await QueryAsync(c, t, $"SELECT {AttemptColumns} FROM attempts WHERE job_id = @id ORDER BY seq", ReadAttempt, cancellationToken, ("id", Id(jobId))),
            cancellationToken);

    public Task<IReadOnlyDictionary<Guid, Attempt>> ListLastAttemptsAsync(IReadOnlyList<Guid> jobIds, CancellationToken cancellationToken = default)
    {
        if (jobIds.Count == 0)
        {
            return Task.FromResult<IReadOnlyDictionary<Guid, Attempt>>(new Dictionary<Guid, Attempt>());
        }

        // One parameter per job: callers pass a page of jobs (hundreds), well inside SQLite's 32,766 and PostgreSQL's
        // 65,535 bound parameters; the (job_id, seq) index answers the MAX per job.
        var args = jobIds.Select((id, i) => ($"j{i}", (object?)Id(id))).ToArray();
        var list = string.Join(", ", args.Select(a => "@" + a.Item1));
        var sql = $"SELECT {AttemptColumns} FROM attempts a WHERE a.job_id IN ({list}) AND a.seq = (SELECT MAX(b.seq) FROM attempts b WHERE b.job_id = a.job_id)";
        return InTransactionAsync<IReadOnlyDictionary<Guid, Attempt>>(
            async (c, t) => (await QueryAsync(c, t, sql, ReadAttempt, cancellationToken, args)).ToDictionary(a => a.JobId),
            cancellationToken);
    }

    public Task<Attempt?> GetAttemptAsync(Guid attemptId, CancellationToken cancellationToken = default) =>
        InTransactionAsync(
            async (c, t) => (await QueryAsync(c, t, $"SELECT {AttemptColumns} FROM attempts WHERE id = @id", ReadAttempt, cancellationToken, ("id", Id(attemptId)))).FirstOrDefault(),
            cancellationToken);

    public Task<CampaignCounts> GetCampaignCountsAsync(Guid campaignId, CancellationToken cancellationToken = default) =>
        InTransactionAsync(
            async (c, t) =>
            {
                var rows = await QueryAsync(c, t, "SELECT state, COUNT(*) FROM jobs WHERE campaign_id = @c GROUP BY state", r => ((JobState)r.GetInt32(0), Convert.ToInt32(r.GetValue(1))), cancellationToken, ("c", Id(campaignId)));
                int Of(JobState s) => rows.Where(x => x.Item1 == s).Sum(x => x.Item2);
                return new CampaignCounts(Of(JobState.Pending), Of(JobState.InCall), Of(JobState.Succeeded), Of(JobState.Failed), Of(JobState.Refused), Of(JobState.Cancelled));
            },
            cancellationToken);

    public Task<bool> CancelJobAsync(Guid jobId, DateTimeOffset now, CancellationToken cancellationToken = default) =>
        InTransactionAsync(
            async (c, t) =>
            {
                var job = (await QueryAsync(c, t, $"SELECT {JobColumns} FROM jobs WHERE id = @id{Dialect.LockRow}", ReadJob, cancellationToken, ("id", Id(jobId)))).FirstOrDefault();
                if (job is null || job.State != JobState.Pending)
                {
                    return false;
                }

                await ExecAsync(
                    c, t, "UPDATE jobs SET state = @cancelled, next_attempt_at = NULL, updated_at = @now, completed_at = @now, last_reason = @why WHERE id = @id", cancellationToken,
                    ("cancelled", (int)JobState.Cancelled), ("now", Ms(now)), ("why", "cancelled by operator"), ("id", Id(jobId)));
                await CompleteCampaignIfDoneAsync(c, t, job.CampaignId, now, cancellationToken);
                return true;
            },
            cancellationToken);
}
