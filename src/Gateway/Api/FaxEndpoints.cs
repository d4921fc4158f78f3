using Gateway.Api.Auth;
using Gateway.Api.Idempotency;
using Gateway.Documents;
using Gateway.Engine;

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

        /// <summary>Priority.</summary>
        public int Priority { get; set; }

        /// <summary>Call windows (none: any time).</summary>
        public List<WindowSpec>? CallWindows { get; set; }

        /// <summary>Holidays.</summary>
        public List<string>? Holidays { get; set; }

        /// <summary>Retry policy.</summary>
        public RetryPolicySpec? RetryPolicy { get; set; }

        /// <summary>Webhook.</summary>
        public WebhookSpec? Webhook { get; set; }

        /// <summary>Caller reference.</summary>
        public string? Reference { get; set; }
    }

    /// <summary>Maps the endpoints.</summary>
    public static void Map(RouteGroupBuilder api)
    {
        var g = api.MapGroup("/faxes").WithTags("faxes");
        g.MapPost("/", SendAsync).RequireAuthorization(RolePolicies.For(ApiRole.Submitter)).WithMetadata(IdempotentCreate.Instance);
        g.MapGet("/{id}", async (string id, EngineStore store, CancellationToken ct) =>
                await store.GetJobAsync(id, ct) is { } j ? Results.Ok(FaxView.From(j)) : Problems.NotFound($"fax '{id}'"))
            .RequireAuthorization(RolePolicies.For(ApiRole.Viewer));
        g.MapGet("/{id}/attempts", async (string id, EngineStore store, CancellationToken ct) =>
                await store.GetJobAsync(id, ct) is null
                    ? Problems.NotFound($"fax '{id}'")
                    : Results.Ok((await store.ListAttemptsAsync(id, ct)).Select(AttemptView.From)))
            .RequireAuthorization(RolePolicies.For(ApiRole.Viewer));
        g.MapPost("/{id}/cancel", async (string id, EngineStore store, CancellationToken ct) =>
            {
                var (job, cancelled) = await store.CancelJobAsync(id, ct);
                return job is null ? Problems.NotFound($"fax '{id}'")
                    : cancelled ? Results.Ok(FaxView.From(job))
                    : Problems.Conflict($"The fax is {job.Status}; only a pending fax can be cancelled.");
            })
            .RequireAuthorization(RolePolicies.For(ApiRole.Operator)).WithMetadata(IdempotentCreate.Instance);
    }

    private static async Task<IResult> SendAsync(HttpRequest request, EngineStore store, DocumentStore documents, ApiOptions options)
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
        };
        var errors = await CampaignValidation.ValidateAsync(spec, documents, ct);
        errors.Remove("name");
        var (jobs, destErrors) = CampaignValidation.Destinations(
            [("to", new DestinationInput { Number = body.To, TimeZone = body.TimeZone, Reference = body.Reference })], spec, 1);
        foreach (var (k, v) in destErrors)
        {
            errors[k.Replace("to.number", "to", StringComparison.Ordinal)] = v;
        }

        if (errors.Count > 0)
        {
            return Problems.Invalid("The fax is invalid; nothing was queued.", errors);
        }

        var campaign = await store.CreateCampaignAsync("fax", spec, jobs, active: true, ct);
        var job = (await store.ListJobsAsync(campaign.Id, null, 1, 1, ct)).Items[0];
        return TypedResults.Created($"/api/v1/faxes/{job.Id}", FaxView.From(job));
    }
}
