using System.Globalization;
using Gateway.Api.Audit;
using Gateway.Api.Auth;
using Gateway.Api.Idempotency;
using Gateway.Api.Views;
using Gateway.Campaigns;

namespace Gateway.Api;

/// <summary>Retry batches: "retry the failed (and pending) destinations of campaign X" once or daily.</summary>
public static class RetryBatchEndpoints
{
    /// <summary>Body of a create.</summary>
    public sealed class CreateRequest
    {
        /// <summary>Run once at this time.</summary>
        public DateTimeOffset? At { get; set; }

        /// <summary>Or run every day at HH:MM local time.</summary>
        public string? DailyAt { get; set; }

        /// <summary>Zone of <see cref="DailyAt"/> (default UTC).</summary>
        public string? TimeZone { get; set; }

        /// <summary>Reset failed faxes (default true).</summary>
        public bool? IncludeFailed { get; set; }

        /// <summary>Make pending faxes due at once (default true).</summary>
        public bool? IncludePending { get; set; }
    }

    /// <summary>Maps the endpoints.</summary>
    public static void Map(RouteGroupBuilder api)
    {
        api.MapPost("/campaigns/{id}/retry-batches", async (string id, HttpRequest request, CampaignService service) =>
            {
                var ct = request.HttpContext.RequestAborted;
                var (body, error) = await RequestJson.ReadAsync<CreateRequest>(request);
                if (error is not null)
                {
                    return error;
                }

                if (await CampaignEndpoints.FindAsync(service, id, ct) is not { } campaign)
                {
                    return Problems.NotFound($"campaign '{id}'");
                }

                TimeSpan? daily = null;
                if (body!.DailyAt is not null)
                {
                    if (!TimeOnly.TryParseExact(body.DailyAt, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var t))
                    {
                        return Problems.Invalid("dailyAt: HH:MM from 00:00 to 23:59; nothing was scheduled.", new Dictionary<string, string[]> { ["dailyAt"] = ["HH:MM"] });
                    }

                    daily = t.ToTimeSpan();
                }

                try
                {
                    var batch = await service.ScheduleRetryBatchAsync(
                        campaign.Id, body.At, daily, body.TimeZone, body.IncludeFailed ?? true, body.IncludePending ?? true, ct);
                    return TypedResults.Created($"/api/v1/retry-batches/{batch.Id}", RetryBatchView.From(batch));
                }
                catch (CampaignException e)
                {
                    return CampaignProblems.From(e);
                }
            })
            .WithTags("retry-batches").RequireAuthorization(RolePolicies.For(ApiRole.Operator)).WithMetadata(IdempotentCreate.Instance)
            .Audited("retry-batch.create");
        api.MapGet("/retry-batches", async (string? campaignId, CampaignService service, CancellationToken ct) =>
            {
                Guid? campaign = null;
                if (campaignId is not null)
                {
                    if (!Guid.TryParse(campaignId, out var parsed))
                    {
                        return Problems.BadRequest("'campaignId' must be a campaign id.");
                    }

                    campaign = parsed;
                }

                return Results.Ok((await service.ListRetryBatchesAsync(campaign, ct)).Select(RetryBatchView.From));
            })
            .WithTags("retry-batches").RequireAuthorization(RolePolicies.For(ApiRole.Viewer));
        api.MapDelete("/retry-batches/{id}", async (string id, CampaignService service, CancellationToken ct) =>
            {
                if (!Guid.TryParse(id, out var batch))
                {
                    return Problems.NotFound($"retry batch '{id}'");
                }

                try
                {
                    await service.CancelRetryBatchAsync(batch, ct);
                    return Results.NoContent();
                }
                catch (CampaignValidationException e)
                {
                    return Problems.Conflict(e.Reason);
                }
                catch (CampaignException e)
                {
                    return CampaignProblems.From(e);
                }
            })
            .WithTags("retry-batches").RequireAuthorization(RolePolicies.For(ApiRole.Operator)).Audited("retry-batch.cancel");
    }
}
