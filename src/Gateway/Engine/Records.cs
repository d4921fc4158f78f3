namespace Gateway.Engine;

/// <summary>A campaign row with its job counts.</summary>
public sealed record CampaignRecord(string Id, string Name, string Kind, string State, int Priority, CampaignSpec Spec,
    DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, JobCounts Counts);

/// <summary>Jobs of a campaign by status.</summary>
public sealed record JobCounts(long Total, long Pending, long Active, long Succeeded, long Failed, long Refused, long Cancelled);

/// <summary>A job (one destination; a single fax is a job).</summary>
public sealed record JobRecord(string Id, string CampaignId, long Seq, string Number, string TimeZone, string TimeZoneSource, string? Name,
    string? Reference, string Status, int Attempts, DateTimeOffset? NextAttemptAt, string? LastFailure, int PagesConfirmed,
    DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

/// <summary>One attempt.</summary>
public sealed record AttemptRecord(string Id, string JobId, int Number, string Node, DateTimeOffset StartedAt, DateTimeOffset? AnsweredAt,
    DateTimeOffset? EndedAt, string? Outcome, int? SipStatus, int PagesConfirmed, bool FaxConfirmed, string? Transport, int? Rate,
    string? RemoteIdent, string? Detail);

/// <summary>A normalized destination ready to insert.</summary>
public sealed record NewJob(string Number, string TimeZone, string TimeZoneSource, string? Name, string? Reference);

/// <summary>A job claimed by this node, with what the call needs.</summary>
public sealed record ClaimedJob(string JobId, string CampaignId, string AttemptId, int AttemptNumber, string Number, string TimeZone,
    CampaignSpec Spec, int PagesConfirmed);

/// <summary>A do-not-fax entry.</summary>
public sealed record DnfEntry(string Number, string? Reason, DateTimeOffset AddedAt);

/// <summary>A retry batch.</summary>
public sealed record RetryBatchRecord(string Id, string CampaignId, string? DailyAt, string? TimeZone, DateTimeOffset? NextRunAt,
    DateTimeOffset? LastRunAt, int? LastRunCount, string State, DateTimeOffset CreatedAt);

/// <summary>A page of items.</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, int PageNumber, int PageSize, long Total);
