using System.Globalization;
using Gateway.Api.Auth;
using Gateway.Api.Idempotency;
using Gateway.Engine;

namespace Gateway.Api;

/// <summary>Retry batches: "retry every failed and pending destination of campaign X" once or daily.</summary>
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
    }

    /// <summary>Maps the endpoints.</summary>
    public static void Map(RouteGroupBuilder api, TimeProvider time)
    {
        api.MapPost("/campaigns/{id}/retry-batches", async (string id, HttpRequest request, EngineStore store) =>
            {
                var (body, error) = await RequestJson.ReadAsync<CreateRequest>(request);
                if (error is not null)
                {
                    return error;
                }

                var errors = new Dictionary<string, string[]>();
                if ((body!.At is null) == (body.DailyAt is null))
                {
                    errors["at"] = ["give exactly one of 'at' or 'dailyAt'"];
                }

                if (body.DailyAt is not null && !TimeOnly.TryParseExact(body.DailyAt, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
                {
                    errors["dailyAt"] = ["HH:MM"];
                }

                if (body.TimeZone is not null && !NumberNormalizer.IsKnownZone(body.TimeZone))
                {
                    errors["timeZone"] = [$"unknown IANA time zone '{body.TimeZone}'"];
                }

                if (errors.Count > 0)
                {
                    return Problems.Invalid("The retry batch is invalid; nothing was scheduled.", errors);
                }

                var first = body.At ?? EngineStore.NextDaily(body.DailyAt!, body.TimeZone ?? "UTC", time.GetUtcNow());
                var batch = await store.CreateRetryBatchAsync(id, first, body.DailyAt, body.DailyAt is null ? null : body.TimeZone ?? "UTC", request.HttpContext.RequestAborted);
                return batch is null ? Problems.NotFound($"campaign '{id}'") : TypedResults.Created($"/api/v1/retry-batches/{batch.Id}", batch);
            })
            .WithTags("retry-batches").RequireAuthorization(RolePolicies.For(ApiRole.Operator)).WithMetadata(IdempotentCreate.Instance);
        api.MapGet("/retry-batches", async (string? campaignId, EngineStore store, CancellationToken ct) => Results.Ok(await store.ListRetryBatchesAsync(campaignId, ct)))
            .WithTags("retry-batches").RequireAuthorization(RolePolicies.For(ApiRole.Viewer));
        api.MapDelete("/retry-batches/{id}", async (string id, EngineStore store, CancellationToken ct) =>
                await store.CancelRetryBatchAsync(id, ct) ? Results.NoContent() : Problems.NotFound($"scheduled retry batch '{id}'"))
            .WithTags("retry-batches").RequireAuthorization(RolePolicies.For(ApiRole.Operator));
    }
}
