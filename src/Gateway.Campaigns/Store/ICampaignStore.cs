using Gateway.Campaigns.Domain;
using Gateway.Campaigns.Webhooks;

namespace Gateway.Campaigns.Store;

/// <summary>
/// The operator side of the store: documents, campaigns, destinations, do-not-fax list, retry batches and the
/// webhook outbox. Every state change writes its webhook rows in the same transaction. SQLite and PostgreSQL
/// implement it; both pass the same contract suite (docs/store.md).
/// </summary>
public interface ICampaignStore
{
    /// <summary>Applies pending schema migrations (idempotent; safe with several nodes starting at once).</summary>
    Task MigrateAsync(CancellationToken cancellationToken = default);

    /// <summary>Stores the bytes unless a document with the same SHA-256 exists; returns the (existing) entry.</summary>
    Task<DocumentRef> AddDocumentAsync(ReadOnlyMemory<byte> bytes, string fileName, string mediaType, DateTimeOffset now, CancellationToken cancellationToken = default);

    Task<DocumentRef?> GetDocumentAsync(Guid id, CancellationToken cancellationToken = default);

    Task<byte[]?> ReadDocumentBytesAsync(Guid id, CancellationToken cancellationToken = default);

    /// <summary>Records the page count once the host has rasterized the document.</summary>
    Task SetDocumentPageCountAsync(Guid id, int pageCount, CancellationToken cancellationToken = default);

    Task InsertCampaignAsync(Campaign campaign, CancellationToken cancellationToken = default);

    Task<Campaign?> GetCampaignAsync(Guid id, CancellationToken cancellationToken = default);

    Task<PageOf<Campaign>> ListCampaignsAsync(CampaignQuery query, CancellationToken cancellationToken = default);

    /// <summary>Replaces the settings of a Draft campaign; false when it is no longer a draft.</summary>
    Task<bool> UpdateDraftSettingsAsync(Guid id, CampaignSettings settings, DateTimeOffset now, CancellationToken cancellationToken = default);

    /// <summary>
    /// Moves the campaign to <paramref name="to"/> if its state is one of <paramref name="from"/>, with its webhook
    /// event; Cancelled also cancels its Pending jobs. Returns the updated campaign, or null when the state did not match.
    /// </summary>
    Task<Campaign?> TransitionCampaignAsync(Guid id, IReadOnlyCollection<CampaignState> from, CampaignState to, DateTimeOffset now, CancellationToken cancellationToken = default);

    /// <summary>Inserts jobs (all or none); numbers already in the campaign are skipped. Returns how many were added.</summary>
    Task<int> InsertJobsAsync(Guid campaignId, IReadOnlyList<Job> jobs, CancellationToken cancellationToken = default);

    Task<Job?> GetJobAsync(Guid id, CancellationToken cancellationToken = default);

    Task<PageOf<Job>> ListJobsAsync(JobQuery query, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<Attempt>> ListAttemptsAsync(Guid jobId, CancellationToken cancellationToken = default);

    /// <summary>The last attempt (highest sequence) of each of <paramref name="jobIds"/> that has one, in one query.</summary>
    Task<IReadOnlyDictionary<Guid, Attempt>> ListLastAttemptsAsync(IReadOnlyList<Guid> jobIds, CancellationToken cancellationToken = default);

    Task<CampaignCounts> GetCampaignCountsAsync(Guid campaignId, CancellationToken cancellationToken = default);

    /// <summary>Cancels one Pending job (a single fax's cancel); false when it is not Pending.</summary>
    Task<bool> CancelJobAsync(Guid jobId, DateTimeOffset now, CancellationToken cancellationToken = default);

    /// <summary>Adds or updates an entry (number in E.164).</summary>
    Task AddDoNotFaxAsync(DoNotFaxEntry entry, CancellationToken cancellationToken = default);

    /// <summary>Adds the numbers not yet listed, in one transaction; returns those it added (listed ones are left as they are).</summary>
    Task<IReadOnlyList<string>> AddDoNotFaxManyAsync(IReadOnlyList<DoNotFaxEntry> entries, CancellationToken cancellationToken = default);

    Task<bool> RemoveDoNotFaxAsync(string number, CancellationToken cancellationToken = default);

    Task<PageOf<DoNotFaxEntry>> ListDoNotFaxAsync(int offset, int limit, CancellationToken cancellationToken = default);

    Task<bool> IsDoNotFaxAsync(string number, CancellationToken cancellationToken = default);

    Task InsertRetryBatchAsync(RetryBatch batch, CancellationToken cancellationToken = default);

    Task<RetryBatch?> GetRetryBatchAsync(Guid id, CancellationToken cancellationToken = default);

    /// <summary>Batches of one campaign (or all when null), newest first.</summary>
    Task<IReadOnlyList<RetryBatch>> ListRetryBatchesAsync(Guid? campaignId, CancellationToken cancellationToken = default);

    Task<bool> CancelRetryBatchAsync(Guid id, CancellationToken cancellationToken = default);

    /// <summary>Undelivered webhooks due at <paramref name="now"/>, oldest first (a read: nothing is claimed).</summary>
    Task<IReadOnlyList<OutboxMessage>> GetDueWebhooksAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken = default);

    /// <summary>
    /// Claims up to <paramref name="limit"/> due webhooks for one delivery pass of <paramref name="claimant"/>: each is
    /// not due again (for any node) before <paramref name="leaseUntil"/>, so with several nodes every event is posted by
    /// one pass at a time; a pass that dies leaves its events due again when the lease ends (docs/store.md "Webhook outbox").
    /// </summary>
    Task<IReadOnlyList<OutboxMessage>> ClaimDueWebhooksAsync(string claimant, DateTimeOffset now, DateTimeOffset leaseUntil, int limit, CancellationToken cancellationToken = default);

    /// <summary>
    /// Hands back the events <paramref name="claimant"/> still holds (claimed, not recorded): due again at
    /// <paramref name="now"/>. A stopping node calls it so no event waits for its claim lease. Returns how many.
    /// </summary>
    Task<int> ReleaseWebhookClaimsAsync(string claimant, DateTimeOffset now, CancellationToken cancellationToken = default);

    /// <summary>Records a delivery; false when the event was already recorded as delivered.</summary>
    Task<bool> MarkWebhookDeliveredAsync(Guid id, DateTimeOffset now, CancellationToken cancellationToken = default);

    /// <summary>
    /// Records a failed delivery; <paramref name="nextAttemptAt"/> null gives up (dead letter). With
    /// <paramref name="claimedBy"/> it applies only while that claim still holds the event (another pass may have taken
    /// it over after the lease ended); false when it changed nothing.
    /// </summary>
    Task<bool> MarkWebhookFailedAsync(Guid id, string? claimedBy, string error, DateTimeOffset? nextAttemptAt, CancellationToken cancellationToken = default);
}
