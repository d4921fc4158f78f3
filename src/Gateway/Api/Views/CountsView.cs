using Gateway.Campaigns.Store;

namespace Gateway.Api.Views;

/// <summary>Jobs of a campaign by status (<c>active</c> = a call is running).</summary>
public sealed record CountsView(int Total, int Pending, int Active, int Succeeded, int Failed, int Refused, int Cancelled)
{
    /// <summary>From the store's counts.</summary>
    public static CountsView From(CampaignCounts c) => new(c.Total, c.Pending, c.InCall, c.Succeeded, c.Failed, c.Refused, c.Cancelled);
}
