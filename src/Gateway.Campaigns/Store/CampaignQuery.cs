using Gateway.Campaigns.Domain;

namespace Gateway.Campaigns.Store;

/// <summary>Filters for listing campaigns, newest first.</summary>
public sealed record CampaignQuery
{
    public CampaignState? State { get; init; }

    /// <summary>Case-insensitive substring of the name.</summary>
    public string? NameContains { get; init; }

    public bool? IsSingleFax { get; init; }

    public DateTimeOffset? CreatedAfter { get; init; }

    public DateTimeOffset? CreatedBefore { get; init; }

    public int Offset { get; init; }

    /// <summary>1–1000, default 50.</summary>
    public int Limit { get; init; } = 50;
}
