using Gateway.Campaigns.Domain;

namespace Gateway.Campaigns;

/// <summary>The operation does not apply in the campaign's current state (HTTP 409).</summary>
public sealed class CampaignStateException(Guid campaignId, CampaignState state, string operation)
    : CampaignException($"campaign {campaignId} is {state.ToString().ToLowerInvariant()}: cannot {operation}")
{
    public Guid CampaignId { get; } = campaignId;

    public CampaignState State { get; } = state;
}
