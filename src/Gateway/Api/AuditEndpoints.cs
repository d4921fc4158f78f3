using System.Globalization;
using Gateway.Api.Audit;
using Gateway.Api.Auth;
using Gateway.Api.Views;

namespace Gateway.Api;

/// <summary>
/// <c>GET /api/v1/audit</c>: admins read the audit log, newest first, filtered by time range
/// (<c>from</c> inclusive, <c>to</c> exclusive, ISO 8601), <c>actor</c> (key name or id) and <c>action</c>,
/// paged like every list. There is no write, change or delete endpoint.
/// </summary>
public static class AuditEndpoints
{
    /// <summary>Maps the endpoint.</summary>
    public static void Map(RouteGroupBuilder api, ApiOptions options)
    {
        api.MapGet("/audit", async (HttpRequest request, AuditLog log) =>
            {
                var (page, size, error) = Paging.Read(request, options);
                if (error is not null)
                {
                    return error;
                }

                var (from, fromError) = Time(request, "from");
                var (to, toError) = Time(request, "to");
                if ((fromError ?? toError) is { } bad)
                {
                    return bad;
                }

                var query = new AuditQuery
                {
                    From = from,
                    To = to,
                    Actor = request.Query["actor"].ToString() is { Length: > 0 } a ? a : null,
                    Action = request.Query["action"].ToString() is { Length: > 0 } act ? act : null,
                    Offset = (page - 1) * size,
                    Limit = size,
                };
                var result = await log.QueryAsync(query, request.HttpContext.RequestAborted);
                return Results.Ok(new PageView<AuditEntry>(result.Items, page, size, result.Total)); // the stored entry is the view: it holds nothing secret
            })
            .WithTags("audit")
            .RequireAuthorization(RolePolicies.For(ApiRole.Admin));
    }

    private static (DateTimeOffset? Value, IResult? Error) Time(HttpRequest request, string name)
    {
        if (request.Query[name].ToString() is not { Length: > 0 } text)
        {
            return (null, null);
        }

        // A time without an offset is read as UTC, so the same URL means the same range on every node.
        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t)
            ? (t, null)
            : (null, Problems.BadRequest($"'{name}' must be an ISO 8601 time such as 2026-11-29T10:00:00Z.", new Dictionary<string, string[]> { [name] = [$"got '{text}'"] }));
    }
}
