using Gateway.Api.Audit;
using Gateway.Api.Auth;
using Gateway.Api.Idempotency;

namespace Gateway.Api;

/// <summary><c>/api/v1/keys</c>: admins create, list and revoke API keys. The secret is returned once, at creation.</summary>
public static class ApiKeyEndpoints
{
    /// <summary>Create request.</summary>
    public sealed record CreateKeyRequest(string? Name, string? Role);

    /// <summary>A key as listed (no secret).</summary>
    public sealed record KeyView(string Id, string Name, ApiRole Role, string Prefix, DateTimeOffset CreatedAt, DateTimeOffset? RevokedAt);

    /// <summary>A created key with its secret.</summary>
    public sealed record CreatedKey(string Id, string Name, ApiRole Role, string Key);

    /// <summary>Maps the endpoints under <paramref name="api"/>.</summary>
    public static void Map(RouteGroupBuilder api)
    {
        var keys = api.MapGroup("/keys").WithTags("keys").RequireAuthorization(RolePolicies.For(ApiRole.Admin));
        keys.MapPost("/", async (HttpRequest request, ApiKeyStore store) =>
            {
                var (body, error) = await RequestJson.ReadAsync<CreateKeyRequest>(request);
                if (error is not null)
                {
                    return error;
                }

                var errors = new Dictionary<string, string[]>();
                if (string.IsNullOrWhiteSpace(body!.Name) || body.Name.Length > 100)
                {
                    errors["name"] = ["required, 1 to 100 characters"];
                }

                if (!Enum.TryParse<ApiRole>(body.Role, ignoreCase: true, out var role) || !Enum.IsDefined(role) || int.TryParse(body.Role, out _))
                {
                    errors["role"] = ["one of admin, operator, submitter, viewer"];
                }

                if (errors.Count > 0)
                {
                    return Problems.Invalid("The key request is invalid.", errors);
                }

                var (secret, record) = await store.CreateAsync(body.Name!.Trim(), role, request.HttpContext.RequestAborted);
                return TypedResults.Created($"/api/v1/keys/{record.Id}", new CreatedKey(record.Id, record.Name, record.Role, secret));
            })
            .WithMetadata(new IdempotentCreate(ResponseHoldsSecret: true)).Audited("api-key.create");
        keys.MapGet("/", async (ApiKeyStore store, CancellationToken ct) =>
            TypedResults.Ok((await store.ListAsync(ct)).Select(k => new KeyView(k.Id, k.Name, k.Role, k.Prefix, k.CreatedAt, k.RevokedAt))));
        keys.MapDelete("/{id}", async (string id, ApiKeyStore store, CancellationToken ct) =>
            await store.RevokeAsync(id, ct) ? Results.NoContent() : Problems.NotFound($"API key '{id}'"))
            .Audited("api-key.revoke");
    }
}
