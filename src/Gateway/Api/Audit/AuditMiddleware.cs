using System.Security.Claims;
using Gateway.Api.Auth;
using Gateway.Api.Idempotency;

namespace Gateway.Api.Audit;

/// <summary>
/// Writes one audit entry for every request an authenticated API key makes to an endpoint marked
/// <see cref="AuditedAction"/>, after the answer is decided: refused ones (403), invalid ones (4xx), replays of
/// an earlier Idempotency-Key and server failures included. It sits outside authentication so that it sees the
/// 403s; anonymous and unknown-key requests (401) are not audited (nobody to name; they are in the request log).
/// </summary>
public sealed class AuditMiddleware(RequestDelegate next, AuditLog log, TimeProvider time, ILogger<AuditMiddleware> logger)
{
    /// <summary>The <see cref="HttpContext.Items"/> key an endpoint sets to name its target.</summary>
    public static readonly object TargetItem = new();

    /// <summary>Runs the pipeline.</summary>
    public async Task InvokeAsync(HttpContext context)
    {
        var audited = context.GetEndpoint()?.Metadata.GetMetadata<AuditedAction>();
        if (audited is null)
        {
            await next(context);
            return;
        }

        var failed = false;
        try
        {
            await next(context);
        }
        catch
        {
            failed = true;
            throw;
        }
        finally
        {
            await AppendAsync(context, audited.Action, failed);
        }
    }

    private async Task AppendAsync(HttpContext context, string action, bool failed)
    {
        var user = context.User;
        if (user.Identity?.IsAuthenticated != true || user.FindFirstValue(ApiKeyAuthenticationHandler.KeyIdClaim) is not { } keyId)
        {
            return;
        }

        var status = failed ? StatusCodes.Status500InternalServerError : context.Response.StatusCode;
        var entry = new AuditEntry(
            0,
            time.GetUtcNow(),
            keyId,
            user.FindFirstValue(ClaimTypes.Name) ?? "",
            action,
            TargetOf(context),
            context.Connection.RemoteIpAddress?.ToString(),
            context.Request.Method,
            context.Request.Path.Value ?? "",
            status,
            OutcomeOf(status, context.Response.Headers.ContainsKey(IdempotencyMiddleware.ReplayedHeader)));
        try
        {
            // Not the request's token: an entry for a done action is written even if the client has gone.
            await log.AppendAsync(entry, CancellationToken.None);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // The action has happened and cannot be undone here; the entry goes to the service log instead.
            logger.LogError(ex, "Audit entry not stored: {Action} by {ActorName} ({ActorKeyId}) on {TargetId} from {ClientAddress}: {StatusCode}",
                entry.Action, entry.ActorName, entry.ActorKeyId, entry.TargetId, entry.ClientAddress, entry.StatusCode);
        }
    }

    private static AuditOutcome OutcomeOf(int status, bool replayed) => status switch
    {
        >= 200 and < 300 => replayed ? AuditOutcome.Replayed : AuditOutcome.Succeeded,
        StatusCodes.Status403Forbidden => AuditOutcome.Denied,
        >= 400 and < 500 => AuditOutcome.Rejected,
        _ => AuditOutcome.Failed,
    };

    /// <summary>What was created (Location's last segment), else what the endpoint named, else the route's id or number.</summary>
    private static string? TargetOf(HttpContext context)
    {
        if (context.Response.StatusCode is >= 200 and < 300
            && context.Response.Headers.Location.ToString() is { Length: > 0 } location)
        {
            var last = location.TrimEnd('/');
            return Uri.UnescapeDataString(last[(last.LastIndexOf('/') + 1)..]);
        }

        if (context.Items.TryGetValue(TargetItem, out var named) && named is string s)
        {
            return s;
        }

        var route = context.Request.RouteValues;
        return (route["id"] ?? route["number"])?.ToString();
    }
}
