using Gateway.Campaigns.Domain;

namespace Gateway.Campaigns.Store;

/// <summary>Filters for listing the jobs of one campaign, in upload order.</summary>
public sealed record JobQuery(Guid CampaignId)
{
    public JobState? State { get; init; }

    public string? Number { get; init; }

    public int Offset { get; init; }

    public int Limit { get; init; } = 100;
}
