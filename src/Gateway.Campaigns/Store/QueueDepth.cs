namespace Gateway.Campaigns.Store;

/// <summary>The queue of one Active or Paused campaign: jobs waiting (of which due now) and jobs in a call.</summary>
public sealed record QueueDepth(Guid CampaignId, int Pending, int Due, int InCall);
