using Gateway.Campaigns.Domain;

namespace Gateway.Campaigns.Store;

/// <summary>
/// The dispatcher side of the store: due jobs, lease claims, call progress, completion and lease recovery.
/// The lease state machine is written down in docs/store.md.
/// </summary>
public interface IJobStore
{
    /// <summary>
    /// Pending jobs due at <paramref name="now"/> of Active campaigns: up to <paramref name="perCampaign"/> per campaign
    /// (earliest due first), at most <paramref name="total"/>, highest priority first.
    /// </summary>
    Task<IReadOnlyList<DueJob>> GetDueJobsAsync(DateTimeOffset now, int perCampaign, int total, CancellationToken cancellationToken = default);

    Task<ClaimResult> TryClaimAsync(ClaimRequest request, CancellationToken cancellationToken = default);

    /// <summary>Moves a Pending job to a later time (its call window was closed when it came up).</summary>
    Task<bool> RescheduleAsync(Guid jobId, DateTimeOffset nextAttemptAt, DateTimeOffset now, CancellationToken cancellationToken = default);

    /// <summary>Extends the leases this node holds; returns the ids whose lease was lost.</summary>
    Task<IReadOnlyList<Guid>> RenewLeasesAsync(string nodeId, IReadOnlyCollection<Guid> attemptIds, DateTimeOffset until, CancellationToken cancellationToken = default);

    /// <summary>Records the answer time; false when the lease is no longer held.</summary>
    Task<bool> RecordAnsweredAsync(Guid attemptId, string nodeId, DateTimeOffset at, CancellationToken cancellationToken = default);

    /// <summary>
    /// Records MCF progress; once start page + confirmed ≥ total the attempt becomes FaxConfirmed. False when the
    /// lease is no longer held.
    /// </summary>
    Task<bool> RecordPagesConfirmedAsync(Guid attemptId, string nodeId, int pagesConfirmed, int pagesTotal, CancellationToken cancellationToken = default);

    /// <summary>False when the lease was lost (the completion changed nothing).</summary>
    Task<bool> CompleteAttemptAsync(AttemptCompletion completion, CancellationToken cancellationToken = default);

    /// <summary>
    /// Gives back a Leased (not FaxConfirmed) attempt of a stopping node: it becomes Released, uncounted, and the
    /// job is Pending again at <paramref name="retryAt"/>.
    /// </summary>
    Task<bool> ReleaseAsync(Guid attemptId, string nodeId, DateTimeOffset retryAt, CancellationToken cancellationToken = default);

    /// <summary>Leased or FaxConfirmed attempts whose lease expired before <paramref name="now"/>.</summary>
    Task<IReadOnlyList<Attempt>> GetExpiredLeasesAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken = default);

    /// <summary>
    /// Takes node <paramref name="nodeId"/>'s identity lock for as long as the process lives or until the handle is
    /// disposed (PostgreSQL: a session advisory lock on a connection kept open; SQLite: an exclusive lock on a file
    /// next to the database). The server or the OS frees it when the process dies. Null when another live process
    /// holds it. While a process holds it, open attempts recorded under <paramref name="nodeId"/> that this process did
    /// not start are proven to belong to a dead process (docs/store.md "Node identity").
    /// </summary>
    Task<IAsyncDisposable?> TryLockNodeAsync(string nodeId, CancellationToken cancellationToken = default);

    /// <summary>Open (Leased or FaxConfirmed) attempts recorded under <paramref name="nodeId"/>, expired or not.</summary>
    Task<IReadOnlyList<Attempt>> GetOpenAttemptsAsync(string nodeId, int limit, CancellationToken cancellationToken = default);

    /// <summary>Queue depth of every Active or Paused campaign (one grouped query; for the metrics gauge).</summary>
    Task<IReadOnlyList<QueueDepth>> GetQueueDepthsAsync(DateTimeOffset now, CancellationToken cancellationToken = default);

    Task<Attempt?> GetAttemptAsync(Guid attemptId, CancellationToken cancellationToken = default);

    /// <summary>Scheduled retry batches with RunAt ≤ <paramref name="now"/>.</summary>
    Task<IReadOnlyList<RetryBatch>> GetDueRetryBatchesAsync(DateTimeOffset now, CancellationToken cancellationToken = default);

    /// <summary>
    /// Runs a batch: the campaign's Failed (and/or Pending) jobs become Pending, due at <paramref name="now"/>, with a
    /// fresh retry budget; a Completed campaign becomes Active again. A one-time batch becomes Done; a daily one moves to
    /// <paramref name="nextRunAt"/>. Returns the number of jobs reset (0 if the batch was not due or was cancelled).
    /// </summary>
    Task<int> RunRetryBatchAsync(Guid batchId, DateTimeOffset now, DateTimeOffset? nextRunAt, CancellationToken cancellationToken = default);
}
