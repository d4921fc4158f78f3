namespace Gateway.Campaigns.Domain;

/// <summary>Life cycle of a campaign (docs/campaigns.md "Campaign states").</summary>
public enum CampaignState
{
    /// <summary>Being assembled: destinations and documents may change; nothing is dialed.</summary>
    Draft,

    /// <summary>Its due jobs are dispatched.</summary>
    Active,

    /// <summary>No new calls start; calls in progress finish.</summary>
    Paused,

    /// <summary>Terminal: pending jobs were cancelled by an operator.</summary>
    Cancelled,

    /// <summary>Terminal: every job reached a final state.</summary>
    Completed,
}
