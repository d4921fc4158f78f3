using Gateway.Campaigns.Dispatch;
using Gateway.Campaigns.Domain;
using Gateway.Campaigns.Store;

namespace Gateway.Campaigns.Tests.Store;

/// <summary>Builders for store tests.</summary>
public static class StoreFixtures
{
    public static readonly DateTimeOffset T0 = new(2026, 3, 2, 10, 0, 0, TimeSpan.Zero);

    public static CampaignSettings Settings(string name = "test", int priority = 128, string trunk = "default", bool webhook = true) => new()
    {
        Name = name,
        DocumentIds = [Guid.NewGuid()],
        Sender = new SenderIdentity("+7 727 000 0000", "Gateway test", "+77270000000"),
        Priority = priority,
        Trunk = trunk,
        Windows = CallWindows.Always,
        Webhook = webhook ? new WebhookTarget(new Uri("http://127.0.0.1:9/hook"), "0123456789abcdef0123") : null,
        ExternalRef = "ext-" + name,
    };

    public static Campaign NewCampaign(CampaignState state = CampaignState.Active, string name = "test", int priority = 128, string trunk = "default", bool webhook = true) => new()
    {
        Id = Guid.NewGuid(),
        Settings = Settings(name, priority, trunk, webhook),
        State = state,
        CreatedAt = T0,
        UpdatedAt = T0,
    };

    public static Job NewJob(Guid campaignId, string number, DateTimeOffset? due = null, int line = 1) => new()
    {
        Id = Guid.NewGuid(),
        CampaignId = campaignId,
        Destination = new Destination(number, "Asia/Almaty", TimeZoneSource.Number, ["Asia/Almaty"], null, "ref-" + line),
        State = JobState.Pending,
        NextAttemptAt = due ?? T0,
        SourceLine = line,
        CreatedAt = T0,
        UpdatedAt = T0,
    };

    public static ClaimRequest Claim(Guid jobId, string node = "node-a", DateTimeOffset? now = null, int channels = 10, TimeSpan? minInterval = null, int dailyCap = 100, string trunk = "default") =>
        new(jobId, Guid.NewGuid(), node, now ?? T0, (now ?? T0).AddSeconds(90), trunk, channels, minInterval ?? TimeSpan.Zero, dailyCap, DateOnly.FromDateTime((now ?? T0).UtcDateTime));

    public static CallOutcome Outcome(FailureClass failure, int pages = 0, int total = 0) => new()
    {
        Failure = failure,
        Reason = failure.ToString(),
        SipStatus = failure == FailureClass.Busy ? 486 : 200,
        Answered = failure is not (FailureClass.Busy or FailureClass.NoAnswer or FailureClass.Rejected or FailureClass.NetworkError),
        PagesConfirmed = pages,
        PagesTotal = total,
        Transport = FaxTransport.T38,
        BitRate = 14400,
        RemoteIdent = "+7 727 111",
    };

    /// <summary>A campaign with the given numbers inserted, all due at T0.</summary>
    public static async Task<(Campaign Campaign, List<Job> Jobs)> SeedAsync(SqlStore store, CampaignState state, params string[] numbers)
    {
        var campaign = NewCampaign(state);
        await store.InsertCampaignAsync(campaign, TestContext.Current.CancellationToken);
        var jobs = numbers.Select((n, i) => NewJob(campaign.Id, n, line: i + 1)).ToList();
        await store.InsertJobsAsync(campaign.Id, jobs, TestContext.Current.CancellationToken);
        return (campaign, jobs);
    }
}
