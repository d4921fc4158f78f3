using System.Text.RegularExpressions;
using Gateway.Campaigns.Domain;
using Gateway.Campaigns.Numbers;
using Gateway.Campaigns.Scheduling;
using Gateway.Campaigns.Store;

namespace Gateway.Campaigns;

/// <summary>
/// What operators do with campaigns (REST API and CLI call this): validate and create, start, pause, resume, cancel,
/// list, add destinations, single faxes, the do-not-fax list, retry batches and the document registry.
/// Errors are typed: <see cref="CampaignValidationException"/>, <see cref="DestinationsRejectedException"/>,
/// <see cref="CampaignNotFoundException"/>, <see cref="CampaignStateException"/>; a failed call changes nothing.
/// </summary>
public sealed partial class CampaignService(ICampaignStore store, TimeProvider time, CampaignServiceOptions? options = null)
{
    private readonly CampaignServiceOptions _options = options ?? new CampaignServiceOptions();

    public ICampaignStore Store => store;

    /// <summary>Validates and stores a Draft campaign.</summary>
    public async Task<Campaign> CreateAsync(CampaignSettings settings, CancellationToken cancellationToken = default)
    {
        await ValidateAsync(settings, cancellationToken);
        var now = time.GetUtcNow();
        var campaign = new Campaign { Id = Guid.CreateVersion7(now), Settings = Normalize(settings), State = CampaignState.Draft, CreatedAt = now, UpdatedAt = now };
        await store.InsertCampaignAsync(campaign, cancellationToken);
        return campaign;
    }

    /// <summary>Replaces the settings of a Draft campaign.</summary>
    public async Task<Campaign> UpdateDraftAsync(Guid id, CampaignSettings settings, CancellationToken cancellationToken = default)
    {
        await ValidateAsync(settings, cancellationToken);
        var current = await GetAsync(id, cancellationToken);
        if (!await store.UpdateDraftSettingsAsync(id, Normalize(settings), time.GetUtcNow(), cancellationToken))
        {
            throw new CampaignStateException(id, current.State, "change settings");
        }

        return await GetAsync(id, cancellationToken);
    }

    public async Task<Campaign> GetAsync(Guid id, CancellationToken cancellationToken = default) =>
        await store.GetCampaignAsync(id, cancellationToken) ?? throw new CampaignNotFoundException("campaign", id);

    public Task<PageOf<Campaign>> ListAsync(CampaignQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        CheckPage(query.Offset, query.Limit);
        return store.ListCampaignsAsync(query, cancellationToken);
    }

    public async Task<CampaignCounts> GetCountsAsync(Guid id, CancellationToken cancellationToken = default)
    {
        await GetAsync(id, cancellationToken);
        return await store.GetCampaignCountsAsync(id, cancellationToken);
    }

    /// <summary>Draft → Active. Needs at least one destination.</summary>
    public async Task<Campaign> StartAsync(Guid id, CancellationToken cancellationToken = default)
    {
        var current = await GetAsync(id, cancellationToken);
        if (current.State == CampaignState.Draft && (await store.GetCampaignCountsAsync(id, cancellationToken)).Total == 0)
        {
            throw new CampaignValidationException("destinations", "a campaign needs at least one destination to start");
        }

        return await TransitionAsync(id, [CampaignState.Draft], CampaignState.Active, "start", cancellationToken);
    }

    /// <summary>Active → Paused: no new calls; calls in progress finish.</summary>
    public Task<Campaign> PauseAsync(Guid id, CancellationToken cancellationToken = default) =>
        TransitionAsync(id, [CampaignState.Active], CampaignState.Paused, "pause", cancellationToken);

    /// <summary>Paused → Active.</summary>
    public Task<Campaign> ResumeAsync(Guid id, CancellationToken cancellationToken = default) =>
        TransitionAsync(id, [CampaignState.Paused], CampaignState.Active, "resume", cancellationToken);

    /// <summary>Draft, Active or Paused → Cancelled; Pending jobs become Cancelled, calls in progress finish.</summary>
    public Task<Campaign> CancelAsync(Guid id, CancellationToken cancellationToken = default) =>
        TransitionAsync(id, [CampaignState.Draft, CampaignState.Active, CampaignState.Paused], CampaignState.Cancelled, "cancel", cancellationToken);

    /// <summary>Sends one fax: a campaign of one, Active at once. Returns its campaign and job.</summary>
    public async Task<SingleFax> SendFaxAsync(SingleFaxRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        await ValidateAsync(request.Settings, cancellationToken);
        var settings = Normalize(request.Settings);
        var destination = Resolve(settings, [request.Destination])[0];
        var now = time.GetUtcNow();
        var campaign = new Campaign { Id = Guid.CreateVersion7(now), Settings = settings, State = CampaignState.Draft, IsSingleFax = true, CreatedAt = now, UpdatedAt = now };
        var job = NewJob(campaign.Id, destination, request.Destination.Line, now);
        await store.InsertCampaignAsync(campaign, cancellationToken);
        await store.InsertJobsAsync(campaign.Id, [job], cancellationToken);
        var started = await TransitionAsync(campaign.Id, [CampaignState.Draft], CampaignState.Active, "start", cancellationToken);
        return new SingleFax(started, job);
    }

    private async Task<Campaign> TransitionAsync(Guid id, CampaignState[] from, CampaignState to, string operation, CancellationToken cancellationToken)
    {
        var updated = await store.TransitionCampaignAsync(id, from, to, time.GetUtcNow(), cancellationToken);
        if (updated is not null)
        {
            return updated;
        }

        var current = await GetAsync(id, cancellationToken);
        throw new CampaignStateException(id, current.State, operation);
    }

    private static void CheckPage(int offset, int limit)
    {
        if (offset < 0)
        {
            throw new CampaignValidationException("offset", "must be >= 0");
        }

        if (limit is < 1 or > 1000)
        {
            throw new CampaignValidationException("limit", "must be between 1 and 1000");
        }
    }

    private static Job NewJob(Guid campaignId, Destination destination, int line, DateTimeOffset now) => new()
    {
        Id = Guid.CreateVersion7(now),
        CampaignId = campaignId,
        Destination = destination,
        State = JobState.Pending,
        NextAttemptAt = now,
        SourceLine = line,
        CreatedAt = now,
        UpdatedAt = now,
    };

    [GeneratedRegex(@"^[0-9+ ]{0,20}$")]
    private static partial Regex TsiPattern();
}
