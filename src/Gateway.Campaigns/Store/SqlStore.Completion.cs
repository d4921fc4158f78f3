using System.Data.Common;
using System.Text.Json.Nodes;
using Gateway.Campaigns.Domain;
using Gateway.Campaigns.Webhooks;

namespace Gateway.Campaigns.Store;

public abstract partial class SqlStore
{
    public Task<bool> CompleteAttemptAsync(AttemptCompletion completion, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(completion);
        var (attemptId, nodeId, now, outcome, decision, recovery, ownerDead) = completion;
        return InTransactionAsync(
            async (c, t) =>
            {
                var campaignId = await ScalarAsync(c, t, "SELECT campaign_id FROM attempts WHERE id = @id", cancellationToken, ("id", Id(attemptId))) as string;
                if (campaignId is null)
                {
                    return false;
                }

                // Lock order everywhere: campaign, attempt, job, number, trunk. The campaign lock serializes the
                // "was this the last open job?" check so that exactly one completion marks the campaign Completed.
                var campaign = await GetCampaignAsync(c, t, Guid.Parse(campaignId), true, cancellationToken);
                var attempt = (await QueryAsync(c, t, $"SELECT {AttemptColumns} FROM attempts WHERE id = @id{Dialect.LockRow}", ReadAttempt, cancellationToken, ("id", Id(attemptId)))).First();
                var open = attempt.State is AttemptState.Leased or AttemptState.FaxConfirmed;
                var holder = recovery
                    ? (attempt.LeaseExpiresAt < now || (ownerDead && attempt.NodeId == nodeId)) && attempt.PagesConfirmed == outcome.PagesConfirmed
                    : attempt.NodeId == nodeId;
                if (!open || !holder)
                {
                    return false;
                }

                await ExecAsync(
                    c, t, "UPDATE attempts SET state = @state, ended_at = @now, answered_at = COALESCE(answered_at, @answered), outcome = @outcome, sip_status = @sip, pages_confirmed = @pages, pages_total = @total, transport = @transport, bit_rate = @rate, ecm = @ecm, remote_ident = @ident, reason = @reason WHERE id = @id", cancellationToken,
                    ("state", (int)(recovery ? AttemptState.Expired : AttemptState.Completed)), ("now", Ms(now)), ("answered", Ms(outcome.AnsweredAt)), ("outcome", (int)outcome.Failure),
                    ("sip", outcome.SipStatus), ("pages", Math.Max(attempt.PagesConfirmed, outcome.PagesConfirmed)), ("total", Math.Max(attempt.PagesTotal, outcome.PagesTotal)),
                    ("transport", (int)outcome.Transport), ("rate", outcome.BitRate), ("ecm", outcome.Ecm ? 1 : 0), ("ident", outcome.RemoteIdent), ("reason", outcome.Reason), ("id", Id(attemptId)));

                var job = (await QueryAsync(c, t, $"SELECT {JobColumns} FROM jobs WHERE id = @id{Dialect.LockRow}", ReadJob, cancellationToken, ("id", Id(attempt.JobId)))).First();
                var state = decision.State == JobState.Pending && campaign?.State == CampaignState.Cancelled ? JobState.Cancelled : decision.State;
                var counts = new Dictionary<FailureClass, int>(job.FailureCounts);
                if (decision.Counted)
                {
                    counts[outcome.Failure] = job.FailuresOf(outcome.Failure) + 1;
                }

                var terminal = state != JobState.Pending;
                var reason = state == JobState.Cancelled ? "campaign cancelled" : decision.Note ?? outcome.Reason;
                var answered = job.EverAnswered || outcome.Answered || outcome.AnsweredAt is not null || attempt.AnsweredAt is not null;
                await ExecAsync(
                    c, t, "UPDATE jobs SET state = @state, next_attempt_at = @next, attempt_count = attempt_count + @counted, failure_counts = @counts, ever_answered = @answered, resume_page = @resume, last_failure = @failure, last_reason = @reason, updated_at = @now, completed_at = @completed WHERE id = @id", cancellationToken,
                    ("state", (int)state), ("next", state == JobState.Pending ? Ms(decision.NextAttemptAt ?? now) : TypedNull.Int64), ("counted", decision.Counted ? 1 : 0), ("counts", WriteCounts(counts)),
                    ("answered", answered ? 1 : 0), ("resume", decision.ResumePage), ("failure", (int)outcome.Failure), ("reason", reason), ("now", Ms(now)),
                    ("completed", terminal ? Ms(now) : TypedNull.Int64), ("id", Id(job.Id)));
                await FreeNumberAndTrunkAsync(c, t, attempt, cancellationToken);

                await WriteEventAsync(c, t, job.CampaignId, job.Id, WebhookEventType.AttemptFinished, now, AttemptData(attempt, outcome, state), cancellationToken);
                var jobEvent = state switch
                {
                    JobState.Succeeded => WebhookEventType.JobSucceeded,
                    JobState.Failed => WebhookEventType.JobFailed,
                    JobState.Refused => WebhookEventType.JobRefused,
                    _ => null,
                };
                if (jobEvent is not null)
                {
                    await WriteEventAsync(c, t, job.CampaignId, job.Id, jobEvent, now, JobData(job, state, reason), cancellationToken);
                }

                if (terminal)
                {
                    await CompleteCampaignIfDoneAsync(c, t, job.CampaignId, now, cancellationToken);
                }

                return true;
            },
            cancellationToken);
    }

    public Task<bool> ReleaseAsync(Guid attemptId, string nodeId, DateTimeOffset retryAt, CancellationToken cancellationToken = default) =>
        InTransactionAsync(
            async (c, t) =>
            {
                var attempt = (await QueryAsync(c, t, $"SELECT {AttemptColumns} FROM attempts WHERE id = @id{Dialect.LockRow}", ReadAttempt, cancellationToken, ("id", Id(attemptId)))).FirstOrDefault();
                if (attempt is null || attempt.State != AttemptState.Leased || attempt.NodeId != nodeId || attempt.PagesConfirmed > 0)
                {
                    return false;
                }

                var cancelled = Convert.ToInt32(await ScalarAsync(c, t, "SELECT state FROM campaigns WHERE id = @c", cancellationToken, ("c", Id(attempt.CampaignId)))) == (int)CampaignState.Cancelled;
                await ExecAsync(
                    c, t, "UPDATE attempts SET state = @released, ended_at = @now, reason = @reason WHERE id = @id", cancellationToken,
                    ("released", (int)AttemptState.Released), ("now", Ms(retryAt)), ("reason", "released by a stopping node"), ("id", Id(attemptId)));
                await ExecAsync(
                    c, t, "UPDATE jobs SET state = @state, next_attempt_at = @next, updated_at = @now, completed_at = @completed WHERE id = @id AND state = @incall", cancellationToken,
                    ("state", (int)(cancelled ? JobState.Cancelled : JobState.Pending)), ("next", cancelled ? TypedNull.Int64 : Ms(retryAt)), ("now", Ms(retryAt)),
                    ("completed", cancelled ? Ms(retryAt) : TypedNull.Int64), ("id", Id(attempt.JobId)), ("incall", (int)JobState.InCall));
                await FreeNumberAndTrunkAsync(c, t, attempt, cancellationToken);
                if (cancelled)
                {
                    await CompleteCampaignIfDoneAsync(c, t, attempt.CampaignId, retryAt, cancellationToken);
                }

                return true;
            },
            cancellationToken);

    private static async Task FreeNumberAndTrunkAsync(DbConnection c, DbTransaction t, Attempt attempt, CancellationToken cancellationToken)
    {
        await ExecAsync(c, t, "UPDATE numbers SET active_attempt = NULL WHERE number = @n AND active_attempt = @a", cancellationToken, ("n", attempt.Number), ("a", Id(attempt.Id)));
        await ExecAsync(c, t, "UPDATE trunks SET active = active - 1 WHERE name = @t AND active > 0", cancellationToken, ("t", attempt.Trunk));
    }

    /// <summary>An Active or Paused campaign whose jobs are all terminal becomes Completed (with its webhook).</summary>
    internal async Task CompleteCampaignIfDoneAsync(DbConnection c, DbTransaction t, Guid campaignId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var open = Convert.ToInt32(await ScalarAsync(
            c, t, "SELECT COUNT(*) FROM jobs WHERE campaign_id = @c AND state IN (@pending, @incall)", cancellationToken,
            ("c", Id(campaignId)), ("pending", (int)JobState.Pending), ("incall", (int)JobState.InCall)));
        if (open > 0)
        {
            return;
        }

        var changed = await ExecAsync(
            c, t, "UPDATE campaigns SET state = @completed, updated_at = @now, finished_at = @now WHERE id = @c AND state IN (@active, @paused)", cancellationToken,
            ("completed", (int)CampaignState.Completed), ("now", Ms(now)), ("c", Id(campaignId)), ("active", (int)CampaignState.Active), ("paused", (int)CampaignState.Paused));
        if (changed == 1)
        {
            var counts = await QueryAsync(c, t, "SELECT state, COUNT(*) FROM jobs WHERE campaign_id = @c GROUP BY state", r => (((JobState)r.GetInt32(0)).ToString().ToLowerInvariant(), Convert.ToInt32(r.GetValue(1))), cancellationToken, ("c", Id(campaignId)));
            var data = new JsonObject { ["state"] = "completed" };
            var jobs = new JsonObject();
            foreach (var (name, n) in counts)
            {
                jobs[name] = n;
            }

            data["jobs"] = jobs;
            await WriteEventAsync(c, t, campaignId, null, WebhookEventType.CampaignCompleted, now, data, cancellationToken);
        }
    }

    private static JsonObject AttemptData(Attempt attempt, Dispatch.CallOutcome outcome, JobState jobState) => new()
    {
        ["attemptId"] = attempt.Id.ToString("D"),
        ["sequence"] = attempt.Sequence,
        ["number"] = attempt.Number,
        ["outcome"] = outcome.Failure.ToString(),
        ["reason"] = outcome.Reason,
        ["sipStatus"] = outcome.SipStatus,
        ["startPage"] = attempt.StartPage,
        ["pagesConfirmed"] = Math.Max(attempt.PagesConfirmed, outcome.PagesConfirmed),
        ["pagesTotal"] = Math.Max(attempt.PagesTotal, outcome.PagesTotal),
        ["transport"] = outcome.Transport.ToString(),
        ["bitRate"] = outcome.BitRate,
        ["remoteIdent"] = outcome.RemoteIdent,
        ["jobState"] = jobState.ToString().ToLowerInvariant(),
    };

    public Task<int> RunRetryBatchAsync(Guid batchId, DateTimeOffset now, DateTimeOffset? nextRunAt, CancellationToken cancellationToken = default) =>
        InTransactionAsync(
            async (c, t) =>
            {
                var batch = (await QueryAsync(c, t, $"SELECT {BatchColumns} FROM retry_batches WHERE id = @id{Dialect.LockRow}", ReadBatch, cancellationToken, ("id", Id(batchId)))).FirstOrDefault();
                if (batch is null || batch.State != RetryBatchState.Scheduled || batch.RunAt > now)
                {
                    return 0;
                }

                var campaign = await GetCampaignAsync(c, t, batch.CampaignId, true, cancellationToken);
                var reset = 0;
                if (campaign is not null && campaign.State is not (CampaignState.Cancelled or CampaignState.Draft))
                {
                    // A fresh retry budget: counts start again; the attempt history stays.
                    var states = new List<int>();
                    if (batch.IncludeFailed)
                    {
                        states.Add((int)JobState.Failed);
                    }

                    if (batch.IncludePending)
                    {
                        states.Add((int)JobState.Pending);
                    }

                    reset = await ExecAsync(
                        c, t, $"UPDATE jobs SET state = @pending, next_attempt_at = @now, attempt_count = 0, failure_counts = '{{}}', ever_answered = ever_answered, completed_at = NULL, updated_at = @now WHERE campaign_id = @c AND state IN ({string.Join(", ", states)})", cancellationToken,
                        ("pending", (int)JobState.Pending), ("now", Ms(now)), ("c", Id(batch.CampaignId)));
                    if (reset > 0 && campaign.State == CampaignState.Completed)
                    {
                        await ExecAsync(
                            c, t, "UPDATE campaigns SET state = @active, finished_at = NULL, updated_at = @now WHERE id = @c", cancellationToken,
                            ("active", (int)CampaignState.Active), ("now", Ms(now)), ("c", Id(batch.CampaignId)));
                        await WriteEventAsync(c, t, batch.CampaignId, null, WebhookEventType.CampaignResumed, now, new JsonObject { ["state"] = "active", ["previousState"] = "completed", ["retryBatchId"] = batchId.ToString("D") }, cancellationToken);
                    }
                }

                var daily = batch.DailyAt is not null && nextRunAt is not null;
                await ExecAsync(
                    c, t, "UPDATE retry_batches SET state = @state, run_at = @next, last_run_at = @now, last_run_jobs = @jobs WHERE id = @id", cancellationToken,
                    ("state", (int)(daily ? RetryBatchState.Scheduled : RetryBatchState.Done)), ("next", Ms(daily ? nextRunAt!.Value : batch.RunAt)), ("now", Ms(now)), ("jobs", reset), ("id", Id(batchId)));
                return reset;
            },
            cancellationToken);
}
