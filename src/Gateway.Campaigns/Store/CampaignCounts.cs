namespace Gateway.Campaigns.Store;

/// <summary>Jobs of a campaign by state.</summary>
public sealed record CampaignCounts(int Pending, int InCall, int Succeeded, int Failed, int Refused, int Cancelled)
{
    public int Total => Pending + InCall + Succeeded + Failed + Refused + Cancelled;
}
