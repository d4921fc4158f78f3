using Gateway.Api.Audit;
using Gateway.Api.Auth;
using Gateway.Api.Contracts;
using Gateway.Api.Idempotency;
using Gateway.Api.Views;
using Gateway.Campaigns;
using Gateway.Campaigns.Domain;
using Gateway.Campaigns.Numbers;
using Gateway.Campaigns.Store;

namespace Gateway.Api;

/// <summary><c>/api/v1/campaigns</c>: create, read, list, state changes, destinations, jobs, report (over <see cref="CampaignService"/>).</summary>
public static partial class CampaignEndpoints
{
    /// <summary>Maps the endpoints.</summary>
    public static void Map(RouteGroupBuilder api, ApiOptions options)
    {
        var g = api.MapGroup("/campaigns").WithTags("campaigns");
        var submitter = RolePolicies.For(ApiRole.Submitter);
        var operatorRole = RolePolicies.For(ApiRole.Operator);
        var viewer = RolePolicies.For(ApiRole.Viewer);

        g.MapPost("/", CreateAsync).RequireAuthorization(submitter)
            .WithMetadata(IdempotentCreate.Instance, new BodySizeLimit(options.MaxCsvBytes)).Audited("campaign.create");
        g.MapGet("/", ListAsync).RequireAuthorization(viewer);
        g.MapGet("/{id}", async (string id, CampaignService service, CancellationToken ct) =>
                await FindAsync(service, id, ct) is { } c ? Results.Ok(await ViewAsync(service, c, ct)) : Problems.NotFound($"campaign '{id}'"))
            .RequireAuthorization(viewer);

        MapTransition(g, "start", (s, id, ct) => s.StartAsync(id, ct), operatorRole);
        MapTransition(g, "pause", (s, id, ct) => s.PauseAsync(id, ct), operatorRole);
        MapTransition(g, "resume", (s, id, ct) => s.ResumeAsync(id, ct), operatorRole);
        MapTransition(g, "cancel", (s, id, ct) => s.CancelAsync(id, ct), operatorRole);

        g.MapPost("/{id}/destinations", AddDestinationsAsync).RequireAuthorization(submitter)
            .WithMetadata(IdempotentCreate.Instance, new BodySizeLimit(options.MaxCsvBytes)).Audited("campaign.destinations.add");
        g.MapGet("/{id}/jobs", ListJobsAsync).RequireAuthorization(viewer);
        g.MapGet("/{id}/report", ReportAsync).RequireAuthorization(viewer).Produces(StatusCodes.Status200OK, contentType: "text/csv");
    }

    /// <summary>The campaign (not a single fax's) with this id, or null.</summary>
    internal static async Task<Campaign?> FindAsync(CampaignService service, string id, CancellationToken ct) =>
        Guid.TryParse(id, out var guid) && await service.Store.GetCampaignAsync(guid, ct) is { IsSingleFax: false } c ? c : null;

    internal static async Task<CampaignView> ViewAsync(CampaignService service, Campaign c, CancellationToken ct) =>
        CampaignView.From(c, await service.Store.GetCampaignCountsAsync(c.Id, ct));

    private static async Task<IResult> CreateAsync(HttpRequest request, CampaignService service, ApiOptions options)
    {
        var ct = request.HttpContext.RequestAborted;
        var (spec, error) = await RequestJson.ReadAsync<CampaignSpec>(request);
        if (error is not null)
        {
            return error;
        }

        var (settings, errors) = await CampaignSpecMapper.ToSettingsAsync(spec!, service.Store, ct);
        if (settings is null)
        {
            return Problems.Invalid("The campaign is invalid; nothing was created.", errors);
        }

        var inputs = (spec!.Destinations ?? []).Select((d, i) => new DestinationInput(i + 1, d.Number ?? "", d.TimeZone, d.Reference)).ToList();
        try
        {
            await service.ValidateAsync(settings, ct);

            // Resolve the inline destinations before anything is stored, so a bad one creates nothing.
            if (Resolve(settings, inputs, options) is { } rejected)
            {
                return rejected;
            }

            var campaign = await service.CreateAsync(settings, ct);
            if (inputs.Count > 0)
            {
                await service.AddDestinationsAsync(campaign.Id, inputs, ct);
            }

            return TypedResults.Created($"/api/v1/campaigns/{campaign.Id}", await ViewAsync(service, campaign, ct));
        }
        catch (CampaignException e)
        {
            return CampaignProblems.From(e, JsonLabel);
        }
    }

    private static async Task<IResult> ListAsync(HttpRequest request, CampaignService service, ApiOptions options)
    {
        var (page, size, error) = Paging.Read(request, options);
        if (error is not null)
        {
            return error;
        }

        CampaignState? state = null;
        if (request.Query["state"].ToString() is { Length: > 0 } s)
        {
            if (!Enum.TryParse<CampaignState>(s, ignoreCase: true, out var parsed) || int.TryParse(s, out _))
            {
                return Problems.BadRequest($"'state' must be one of {string.Join(", ", Enum.GetValues<CampaignState>().Select(ApiJson.EnumName))}.");
            }

            state = parsed;
        }

        var ct = request.HttpContext.RequestAborted;
        var query = new CampaignQuery
        {
            State = state,
            NameContains = request.Query["name"].ToString() is { Length: > 0 } n ? n : null,
            IsSingleFax = false,
            Offset = (page - 1) * size,
            Limit = size,
        };
        var result = await service.ListAsync(query, ct);
        var items = new List<CampaignView>(result.Items.Count);
        foreach (var c in result.Items)
        {
            items.Add(await ViewAsync(service, c, ct));
        }

        return Results.Ok(new PageView<CampaignView>(items, page, size, result.Total));
    }

    private static void MapTransition(RouteGroupBuilder g, string action, Func<CampaignService, Guid, CancellationToken, Task<Campaign>> transition, string policy) =>
        g.MapPost("/{id}/" + action, async (string id, CampaignService service, CancellationToken ct) =>
            {
                if (await FindAsync(service, id, ct) is not { } current)
                {
                    return Problems.NotFound($"campaign '{id}'");
                }

                try
                {
                    return Results.Ok(await ViewAsync(service, await transition(service, current.Id, ct), ct));
                }
                catch (CampaignValidationException e) when (e.Field == "destinations")
                {
                    return Problems.Conflict("The campaign has no destinations; add some before starting it.");
                }
                catch (CampaignException e)
                {
                    return CampaignProblems.From(e);
                }
            })
            .RequireAuthorization(policy)
            .WithMetadata(IdempotentCreate.Instance)
            .Audited("campaign." + action);

    private static string JsonLabel(DestinationError e) => $"destinations[{e.Line - 1}]";

    /// <summary>The 422 for bad destinations, or null when all resolve.</summary>
    private static IResult? Resolve(CampaignSettings settings, IReadOnlyList<DestinationInput> inputs, ApiOptions options)
    {
        if (inputs.Count > options.MaxDestinationsPerRequest)
        {
            return Problems.Invalid($"At most {options.MaxDestinationsPerRequest} destinations per request.", new Dictionary<string, string[]> { ["destinations"] = [$"at most {options.MaxDestinationsPerRequest}"] });
        }

        var resolver = new DestinationResolver(settings.DefaultRegion, settings.DefaultTimeZone);
        var errors = new List<DestinationError>();
        foreach (var input in inputs)
        {
            try
            {
                resolver.Resolve(input);
            }
            catch (DestinationException e)
            {
                errors.Add(e.Error);
            }
        }

        return errors.Count > 0 ? CampaignProblems.Destinations(errors, JsonLabel) : null;
    }
}
