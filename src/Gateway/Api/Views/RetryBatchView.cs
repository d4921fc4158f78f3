using System.Globalization;
using Gateway.Campaigns.Store;

namespace Gateway.Api.Views;

/// <summary>A retry batch.</summary>
/// <param name="NextRunAt">When it runs next (null once a one-time batch ran or a batch was cancelled).</param>
/// <param name="DailyAt">HH:MM local time of a daily batch; null for a one-time batch.</param>
public sealed record RetryBatchView(
    Guid Id,
    Guid CampaignId,
    string State,
    DateTimeOffset? NextRunAt,
    string? DailyAt,
    string? TimeZone,
    bool IncludeFailed,
    bool IncludePending,
    DateTimeOffset CreatedAt,
    DateTimeOffset? LastRunAt,
    int LastRunCount)
{
    /// <summary>From a stored batch.</summary>
    public static RetryBatchView From(RetryBatch b) => new(
        b.Id, b.CampaignId, ApiJson.EnumName(b.State), b.State == RetryBatchState.Scheduled ? b.RunAt : null,
        b.DailyAt is { } d ? d.ToString(@"hh\:mm", CultureInfo.InvariantCulture) : null, b.TimeZone, b.IncludeFailed, b.IncludePending,
        b.CreatedAt, b.LastRunAt, b.LastRunJobs);
}
