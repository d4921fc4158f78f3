using Gateway.Api.Audit;
using Gateway.Api.Auth;
using Gateway.Api.Idempotency;
using Gateway.Api.Views;
using Gateway.Campaigns;
using Gateway.Campaigns.Numbers;

namespace Gateway.Api;

/// <summary><c>/api/v1/do-not-fax</c>: the global list; a listed number is never dialled (its jobs end Refused).</summary>
public static partial class DoNotFaxEndpoints
{
    /// <summary>Body of an add.</summary>
    public sealed class AddRequest
    {
        /// <summary>Number.</summary>
        public string? Number { get; set; }

        /// <summary>Why.</summary>
        public string? Reason { get; set; }

        /// <summary>Region for a national number.</summary>
        public string? Region { get; set; }
    }

    /// <summary>Maps the endpoints.</summary>
    public static void Map(RouteGroupBuilder api, ApiOptions options)
    {
        var g = api.MapGroup("/do-not-fax").WithTags("do-not-fax");
        g.MapGet("/", async (HttpRequest request, CampaignService service) =>
            {
                var (page, size, error) = Paging.Read(request, options);
                if (error is not null)
                {
                    return error;
                }

                var p = await service.ListDoNotFaxAsync((page - 1) * size, size, request.HttpContext.RequestAborted);
                return Results.Ok(new PageView<DoNotFaxView>(p.Items.Select(e => new DoNotFaxView(e.Number, e.Reason, e.AddedAt)).ToList(), page, size, p.Total));
            })
            .RequireAuthorization(RolePolicies.For(ApiRole.Viewer));
        g.MapPost("/", async (HttpRequest request, CampaignService service) =>
            {
                var (body, error) = await RequestJson.ReadAsync<AddRequest>(request);
                if (error is not null)
                {
                    return error;
                }

                if (body!.Reason is { Length: > CampaignService.MaxDoNotFaxReasonLength })
                {
                    return Problems.Invalid("The entry is invalid; nothing was added.", new Dictionary<string, string[]> { ["reason"] = [$"at most {CampaignService.MaxDoNotFaxReasonLength} characters"] });
                }

                var (number, problem) = Normalize(body.Number, body.Region);
                if (problem is not null)
                {
                    return problem;
                }

                request.HttpContext.SetAuditTarget(number!);
                var ct = request.HttpContext.RequestAborted;
                var existed = await service.Store.IsDoNotFaxAsync(number!, ct);
                var entry = await service.AddDoNotFaxAsync(number!, body.Reason, null, ct);
                var view = new DoNotFaxView(entry.Number, entry.Reason, entry.AddedAt);
                return existed ? Results.Ok(view) : TypedResults.Created($"/api/v1/do-not-fax/{Uri.EscapeDataString(number!)}", view);
            })
            .RequireAuthorization(RolePolicies.For(ApiRole.Operator)).WithMetadata(IdempotentCreate.Instance).Audited("do-not-fax.add");
        g.MapPost("/import", ImportAsync)
            .RequireAuthorization(RolePolicies.For(ApiRole.Operator)).WithMetadata(IdempotentCreate.Instance, new BodySizeLimit(options.MaxCsvBytes)).Audited("do-not-fax.import");
        g.MapDelete("/{number}", async (string number, CampaignService service, CancellationToken ct) =>
            {
                var (e164, problem) = Normalize(number, null);
                if (problem is not null)
                {
                    return problem;
                }

                return await service.RemoveDoNotFaxAsync(e164!, null, ct) ? Results.NoContent() : Problems.NotFound($"do-not-fax entry {e164}");
            })
            .RequireAuthorization(RolePolicies.For(ApiRole.Operator)).Audited("do-not-fax.remove");
    }

    private static (string? Number, IResult? Problem) Normalize(string? number, string? region)
    {
        try
        {
            return (new DestinationResolver(region, null).Normalize(number ?? ""), null);
        }
        catch (DestinationException e)
        {
            return (null, Problems.Invalid($"number: {e.Error.Message}", new Dictionary<string, string[]> { ["number"] = [e.Error.Message] }));
        }
    }
}
