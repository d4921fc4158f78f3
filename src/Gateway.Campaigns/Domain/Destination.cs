namespace Gateway.Campaigns.Domain;

/// <summary>A number to fax, with the local time its call windows are read in.</summary>
/// <param name="Number">E.164, e.g. "+77272501234".</param>
/// <param name="TimeZone">IANA zone id, e.g. "Asia/Almaty".</param>
/// <param name="TimeZoneSource">How <paramref name="TimeZone"/> was chosen.</param>
/// <param name="CandidateZones">The zones libphonenumber gave for the number (empty when unknown).</param>
/// <param name="Windows">Per-destination call windows replacing the campaign's; null = the campaign's.</param>
/// <param name="Reference">The submitter's own key for this destination (CRM id, row label).</param>
public sealed record Destination(
    string Number,
    string TimeZone,
    TimeZoneSource TimeZoneSource,
    IReadOnlyList<string> CandidateZones,
    CallWindows? Windows = null,
    string? Reference = null);
