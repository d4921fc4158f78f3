using Gateway.Api.Auth;
using Gateway.Api.Idempotency;
using Gateway.Documents;
using Gateway.Engine;

namespace Gateway.Api;

/// <summary><c>/api/v1/campaigns</c>: create, read, list, state changes, destinations, jobs.</summary>
public static partial class CampaignEndpoints
{
    private static readonly string[] States = ["draft", "active", "paused", "cancelled", "completed"];
    private static readonly string[] JobStatuses = ["pending", "active", "succeeded", "failed", "refused", "cancelled"];

    /// <summary>Maps the endpoints.</summary>
    public static void Map(RouteGroupBuilder api, ApiOptions options)
    {
        var g = api.MapGroup("/campaigns").WithTags("campaigns");
        var submitter = RolePolicies.For(ApiRole.Submitter);
        var operatorRole = RolePolicies.For(ApiRole.Operator);
        var viewer = RolePolicies.For(ApiRole.Viewer);

        g.MapPost("/", CreateAsync).RequireAuthorization(submitter)
            .WithMetadata(IdempotentCreate.Instance, new BodySizeLimit(options.MaxCsvBytes));
        g.MapGet("/", ListAsync).RequireAuthorization(viewer);
        g.MapGet("/{id}", async (string id, EngineStore store, CancellationToken ct) =>
            await store.GetCampaignAsync(id, ct) is { Kind: "campaign" } c ? Results.Ok(CampaignView.From(c)) : Problems.NotFound($"campaign '{id}'"))
            .RequireAuthorization(viewer);

        MapTransition(g, "start", ["draft"], "active", "campaign.started", operatorRole);
        MapTransition(g, "pause", ["active"], "paused", "campaign.paused", operatorRole);
        MapTransition(g, "resume", ["paused"], "active", "campaign.resumed", operatorRole);
        MapTransition(g, "cancel", ["draft", "active", "paused"], "cancelled", "campaign.cancelled", operatorRole);

        g.MapPost("/{id}/destinations", AddDestinationsAsync).RequireAuthorization(submitter)
            .WithMetadata(IdempotentCreate.Instance, new BodySizeLimit(options.MaxCsvBytes));
        g.MapGet("/{id}/jobs", ListJobsAsync).RequireAuthorization(viewer);
    }

    private static async Task<IResult> CreateAsync(HttpRequest request, EngineStore store, DocumentStore documents, ApiOptions options)
    {
        var ct = request.HttpContext.RequestAborted;
        var (spec, error) = await RequestJson.ReadAsync<CampaignSpec>(request);
        if (error is not null)
        {
            return error;
        }

        var errors = await CampaignValidation.ValidateAsync(spec!, documents, ct);
        var (jobs, destErrors) = CampaignValidation.Destinations(
            (spec!.Destinations ?? []).Select((d, i) => ($"destinations[{i}]", d)), spec, options.MaxDestinationsPerRequest);
        foreach (var (k, v) in destErrors)
        {
            errors[k] = v;
        }

        if (errors.Count > 0)
        {
            return Problems.Invalid("The campaign is invalid; nothing was created.", errors);
        }

        var created = await store.CreateCampaignAsync("campaign", spec, jobs, active: false, ct);
        return TypedResults.Created($"/api/v1/campaigns/{created.Id}", CampaignView.From(created));
    }

    private static async Task<IResult> ListAsync(HttpRequest request, EngineStore store, ApiOptions options)
    {
        var (page, size, error) = Paging.Read(request, options);
        if (error is not null)
        {
            return error;
        }

        var state = request.Query["state"].ToString() is { Length: > 0 } s ? s : null;
        if (state is not null && !States.Contains(state))
        {
            return Problems.BadRequest($"'state' must be one of {string.Join(", ", States)}.");
        }

        var name = request.Query["name"].ToString() is { Length: > 0 } n ? n : null;
        var result = await store.ListCampaignsAsync(state, name, page, size, request.HttpContext.RequestAborted);
        return Results.Ok(new PageView<CampaignView>(result.Items.Select(CampaignView.From).ToList(), result.PageNumber, result.PageSize, result.Total));
    }

    private static void MapTransition(RouteGroupBuilder g, string action, string[] from, string to, string eventType, string policy) =>
        g.MapPost("/{id}/" + action, async (string id, EngineStore store, CancellationToken ct) =>
            {
                var current = await store.GetCampaignAsync(id, ct);
                if (current is not { Kind: "campaign" })
                {
                    return Problems.NotFound($"campaign '{id}'");
                }

                if (action == "start" && current.Counts.Total == 0 && current.State == "draft")
                {
                    return Problems.Conflict("The campaign has no destinations; add some before starting it.");
                }

                var (campaign, state) = await store.TransitionAsync(id, from, to, eventType, ct);
                return campaign is not null
                    ? Results.Ok(CampaignView.From(campaign))
                    : Problems.Conflict($"Cannot {action} a campaign that is {state}; allowed from {string.Join(" or ", from)}.");
            })
            .RequireAuthorization(policy)
            .WithMetadata(IdempotentCreate.Instance);
}
