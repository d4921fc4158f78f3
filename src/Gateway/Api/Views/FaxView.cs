using Gateway.Campaigns.Domain;

namespace Gateway.Api.Views;

/// <summary>A fax: one destination (job) of a campaign; a single fax is a campaign of one.</summary>
/// <param name="PagesConfirmed">Pages confirmed so far (the first page a retry would send, 0-based).</param>
public sealed record FaxView(
    Guid Id,
    Guid CampaignId,
    string To,
    string Status,
    string TimeZone,
    string TimeZoneSource,
    IReadOnlyList<string> CandidateTimeZones,
    string? Reference,
    int AttemptCount,
    DateTimeOffset? NextAttemptAt,
    string? LastFailureClass,
    string? LastReason,
    int PagesConfirmed,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? CompletedAt)
{
    /// <summary>The API name of a job state (<c>InCall</c> is <c>active</c>).</summary>
    public static string StatusName(JobState state) => state == JobState.InCall ? "active" : ApiJson.EnumName(state);

    /// <summary>From a stored job.</summary>
    public static FaxView From(Job j) => new(
        j.Id, j.CampaignId, j.Destination.Number, StatusName(j.State), j.Destination.TimeZone, ApiJson.EnumName(j.Destination.TimeZoneSource),
        j.Destination.CandidateZones, j.Destination.Reference, j.AttemptCount, j.State == JobState.Pending ? j.NextAttemptAt : null,
        j.LastFailure is { } f ? ApiJson.EnumName(f) : null, j.LastReason, j.ResumePage, j.CreatedAt, j.UpdatedAt, j.CompletedAt);
}
