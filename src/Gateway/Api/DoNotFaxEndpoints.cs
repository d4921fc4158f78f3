using Gateway.Api.Auth;
using Gateway.Api.Idempotency;
using Gateway.Engine;

namespace Gateway.Api;

/// <summary><c>/api/v1/do-not-fax</c>: the global list; a listed number is never dialled (its jobs end Refused).</summary>
public static class DoNotFaxEndpoints
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

    /// <summary>An entry.</summary>
    public sealed record DnfView(string Number, string? Reason, DateTimeOffset AddedAt);

    /// <summary>Maps the endpoints.</summary>
    public static void Map(RouteGroupBuilder api, ApiOptions options)
    {
        var g = api.MapGroup("/do-not-fax").WithTags("do-not-fax");
        g.MapGet("/", async (HttpRequest request, EngineStore store) =>
            {
                var (page, size, error) = Paging.Read(request, options);
                if (error is not null)
                {
                    return error;
                }

                var p = await store.ListDnfAsync(page, size, request.HttpContext.RequestAborted);
                return Results.Ok(new PageView<DnfView>(p.Items.Select(e => new DnfView(e.Number, e.Reason, e.AddedAt)).ToList(), p.PageNumber, p.PageSize, p.Total));
            })
            .RequireAuthorization(RolePolicies.For(ApiRole.Viewer));
        g.MapPost("/", async (HttpRequest request, EngineStore store) =>
            {
                var (body, error) = await RequestJson.ReadAsync<AddRequest>(request);
                if (error is not null)
                {
                    return error;
                }

                var (e164, numberError) = NumberNormalizer.Normalize(body!.Number, body.Region);
                if (numberError is not null || body.Reason is { Length: > 500 })
                {
                    return Problems.Invalid("The entry is invalid; nothing was added.", new Dictionary<string, string[]>
                    {
                        [numberError is not null ? "number" : "reason"] = [numberError ?? "at most 500 characters"],
                    });
                }

                var ct = request.HttpContext.RequestAborted;
                var added = await store.AddDnfAsync(e164!, body.Reason, ct);
                var entry = (await store.GetDnfAsync(e164!, ct))!;
                var view = new DnfView(entry.Number, entry.Reason, entry.AddedAt);
                return added ? TypedResults.Created($"/api/v1/do-not-fax/{Uri.EscapeDataString(e164!)}", view) : Results.Ok(view);
            })
            .RequireAuthorization(RolePolicies.For(ApiRole.Operator)).WithMetadata(IdempotentCreate.Instance);
        g.MapDelete("/{number}", async (string number, EngineStore store, CancellationToken ct) =>
            {
                var (e164, numberError) = NumberNormalizer.Normalize(number, null);
                if (numberError is not null)
                {
                    return Problems.Invalid(numberError, new Dictionary<string, string[]> { ["number"] = [numberError] });
                }

                return await store.RemoveDnfAsync(e164!, ct) ? Results.NoContent() : Problems.NotFound($"do-not-fax entry {e164}");
            })
            .RequireAuthorization(RolePolicies.For(ApiRole.Operator));
    }
}
