namespace Gateway.Campaigns.Domain;

/// <summary>A stored campaign: its settings, state and times.</summary>
public sealed record Campaign
{
    public required Guid Id { get; init; }

    public required CampaignSettings Settings { get; init; }

    public required CampaignState State { get; init; }

    /// <summary>True for a single fax (POST /faxes): a campaign of one destination, started at once.</summary>
    public bool IsSingleFax { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public required DateTimeOffset UpdatedAt { get; init; }

    public DateTimeOffset? StartedAt { get; init; }

    /// <summary>When it became Cancelled or Completed.</summary>
    public DateTimeOffset? FinishedAt { get; init; }

    public string Name => Settings.Name;

    public int Priority => Settings.Priority;
}
