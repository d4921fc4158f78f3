using Gateway.Api.Audit;
using Gateway.Api.Auth;
using Gateway.Api.Contracts;
using Gateway.Api.Idempotency;
using Gateway.Api.Views;
using Gateway.Campaigns;
using Gateway.Campaigns.Domain;
using Gateway.Campaigns.Numbers;

namespace Gateway.Api;

/// <summary><c>/api/v1/faxes</c>: single faxes (campaigns of one, started at once); status, cancel, attempts of any fax.</summary>
public static class FaxEndpoints
{
    /// <summary>Body of <c>POST /api/v1/faxes</c>.</summary>
    public sealed class SendFaxRequest
    {
        /// <summary>Destination number.</summary>
        public string? To { get; set; }

        /// <summary>Documents in order.</summary>
        public List<string>? DocumentIds { get; set; }

        /// <summary>Explicit IANA zone of the destination.</summary>
        public string? TimeZone { get; set; }

        /// <summary>Region for a national number.</summary>
        public string? DefaultRegion { get; set; }

        /// <summary>Sender identity.</summary>
        public SenderSpec? Sender { get; set; }

        /// <summary>Voice prompt reference.</summary>
        public string? PromptRef { get; set; }

        /// <summary>Priority 0..255.</summary>
        public int? Priority { get; set; }

        /// <summary>Call windows (none: any time).</summary>
        public List<WindowSpec>? CallWindows { get; set; }

        /// <summary>Holidays.</summary>
        public List<string>? Holidays { get; set; }

        /// <summary>Retry policy.</summary>
        public RetryPolicySpec? RetryPolicy { get; set; }

        /// <summary>Webhook.</summary>
        public WebhookSpec? Webhook { get; set; }

        /// <summary>Trunk name.</summary>
        public string? Trunk { get; set; }

        /// <summary>Caller reference of the destination.</summary>
        public string? Reference { get; set; }

        /// <summary>Caller's tag, echoed in webhooks.</summary>
        public string? ExternalRef { get; set; }
    }

    /// <summary>Maps the endpoints.</summary>
    public static void Map(RouteGroupBuilder api)
    {
        var g = api.MapGroup("/faxes").WithTags("faxes");
        g.MapPost("/", SendAsync).RequireAuthorization(RolePolicies.For(ApiRole.Submitter)).WithMetadata(IdempotentCreate.Instance).Audited("fax.send");
        g.MapGet("/{id}", async (string id, CampaignService service, CancellationToken ct) =>
                await FindAsync(service, id, ct) is { } j ? Results.Ok(FaxView.From(j)) : Problems.NotFound($"fax '{id}'"))
            .RequireAuthorization(RolePolicies.For(ApiRole.Viewer));
        g.MapGet("/{id}/attempts", async (string id, CampaignService service, CancellationToken ct) =>
                await FindAsync(service, id, ct) is { } j
                    ? Results.Ok((await service.ListAttemptsAsync(j.Id, ct)).Select(AttemptView.From))
                    : Problems.NotFound($"fax '{id}'"))
            .RequireAuthorization(RolePolicies.For(ApiRole.Viewer));
        g.MapPost("/{id}/cancel", async (string id, CampaignService service, CancellationToken ct) =>
            {
                if (await FindAsync(service, id, ct) is not { } job)
                {
                    return Problems.NotFound($"fax '{id}'");
                }

                if (job.State != JobState.Pending)
                {
                    return Problems.Conflict($"The fax is {FaxView.StatusName(job.State)}; only a pending fax can be cancelled.");
                }

                try
                {
                    return Results.Ok(FaxView.From(await service.CancelJobAsync(job.Id, ct)));
                }
                catch (CampaignException e)
                {
                    return e is CampaignValidationException ? Problems.Conflict(e.Message) : CampaignProblems.From(e);
                }
            })
            .RequireAuthorization(RolePolicies.For(ApiRole.Operator)).WithMetadata(IdempotentCreate.Instance).Audited("fax.cancel");
    }

    private static async Task<Job?> FindAsync(CampaignService service, string id, CancellationToken ct) =>
        Guid.TryParse(id, out var guid) ? await service.Store.GetJobAsync(guid, ct) : null;

    private static async Task<IResult> SendAsync(HttpRequest request, CampaignService service)
    {
        var ct = request.HttpContext.RequestAborted;
        var (body, error) = await RequestJson.ReadAsync<SendFaxRequest>(request);
        if (error is not null)
        {
            return error;
        }

        var spec = new CampaignSpec
        {
            Name = "fax to " + body!.To,
            DocumentIds = body.DocumentIds,
            Sender = body.Sender,
            PromptRef = body.PromptRef,
            DefaultRegion = body.DefaultRegion,
            CallWindows = body.CallWindows,
            Holidays = body.Holidays,
            RetryPolicy = body.RetryPolicy,
            Priority = body.Priority,
            Webhook = body.Webhook,
            Trunk = body.Trunk,
            ExternalRef = body.ExternalRef,
        };
        var (settings, errors) = await CampaignSpecMapper.ToSettingsAsync(spec, service.Store, ct);
        if (settings is null)
        {
            return Problems.Invalid("The fax is invalid; nothing was queued.", errors);
        }

        try
        {
            var fax = await service.SendFaxAsync(new SingleFaxRequest(settings, new DestinationInput(1, body.To ?? "", body.TimeZone, body.Reference)), ct);
            return TypedResults.Created($"/api/v1/faxes/{fax.Job.Id}", FaxView.From(fax.Job));
        }
        catch (CampaignException e)
        {
            return CampaignProblems.From(e, _ => "to");
        }
    }
}
