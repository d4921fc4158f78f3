namespace Gateway.Campaigns.Webhooks;

/// <summary>Event names carried in webhook payloads ("type").</summary>
public static class WebhookEventType
{
    public const string CampaignStarted = "campaign.started";
    public const string CampaignPaused = "campaign.paused";
    public const string CampaignResumed = "campaign.resumed";
    public const string CampaignCancelled = "campaign.cancelled";
    public const string CampaignCompleted = "campaign.completed";
    public const string AttemptFinished = "attempt.finished";
    public const string JobSucceeded = "job.succeeded";
    public const string JobFailed = "job.failed";
    public const string JobRefused = "job.refused";
}
