namespace Gateway.Campaigns.Store;

/// <summary>
/// "Retry all failed (and/or pending) destinations of campaign X" at a time, or every day at a local time.
/// Reset jobs are dispatched like any other: inside their call windows, within every limit.
/// </summary>
/// <param name="RunAt">Next run (UTC instant).</param>
/// <param name="DailyAt">Local time of day for a recurring batch; null = once.</param>
/// <param name="TimeZone">IANA zone <paramref name="DailyAt"/> is read in (null = UTC).</param>
public sealed record RetryBatch(
    Guid Id,
    Guid CampaignId,
    DateTimeOffset RunAt,
    TimeSpan? DailyAt,
    string? TimeZone,
    bool IncludeFailed,
    bool IncludePending,
    RetryBatchState State,
    DateTimeOffset CreatedAt,
    DateTimeOffset? LastRunAt = null,
    int LastRunJobs = 0);
