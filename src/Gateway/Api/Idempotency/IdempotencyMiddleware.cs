using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Gateway.Api.Auth;

namespace Gateway.Api.Idempotency;

/// <summary>
/// <c>Idempotency-Key</c> on creating POSTs (draft-ietf-httpapi-idempotency-key-header): the first 2xx
/// answer for (API key, Idempotency-Key) is stored durably and replayed for every repeat with the same
/// request, marked <c>Idempotent-Replayed: true</c>. The same key with a different request → 422.
/// Concurrent repeats on this node wait for the first to finish. Error answers (4xx/5xx) change nothing
/// and are not stored, so a corrected retry with the same key is allowed.
/// </summary>
public sealed class IdempotencyMiddleware(RequestDelegate next, IdempotencyStore store)
{
    /// <summary>The request header.</summary>
    public const string HeaderName = "Idempotency-Key";

    /// <summary>The answer header marking a replay.</summary>
    public const string ReplayedHeader = "Idempotent-Replayed";

    private static readonly ConcurrentDictionary<string, SemaphoreSlim> InFlight = new(StringComparer.Ordinal);

    /// <summary>Runs the pipeline.</summary>
    public async Task InvokeAsync(HttpContext context)
    {
        var key = context.Request.Headers[HeaderName].ToString();
        var marker = context.GetEndpoint()?.Metadata.GetMetadata<IdempotentCreate>();
        if (!HttpMethods.IsPost(context.Request.Method)
            || marker is null
            || string.IsNullOrEmpty(key)
            || context.User.Identity?.IsAuthenticated != true)
        {
            await next(context);
            return;
        }

        if (key.Length > 255)
        {
            await Problems.Write(context, 400, "Bad request", "Idempotency-Key must be at most 255 characters.");
            return;
        }

        var owner = RolePolicies.KeyIdOf(context.User);
        var ct = context.RequestAborted;
        context.Request.EnableBuffering();
        var hash = await HashRequestAsync(context.Request, ct);

        var gate = InFlight.GetOrAdd(owner + "\n" + key, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(ct);
        try
        {
            var stored = await store.FindAsync(owner, key, ct);
            if (stored is not null)
            {
                if (stored.RequestHash != hash)
                {
                    await Problems.Write(context, StatusCodes.Status422UnprocessableEntity, "Idempotency-Key reused",
                        "This Idempotency-Key was already used with a different request; use a new key.");
                    return;
                }

                if (marker.ResponseHoldsSecret)
                {
                    await Problems.Write(context, StatusCodes.Status409Conflict, "Already created",
                        $"This Idempotency-Key already created {stored.Location}; its secret was shown once and is not stored.");
                    return;
                }

                await ReplayAsync(context, stored);
                return;
            }

            var original = context.Response.Body;
            using var capture = new MemoryStream();
            context.Response.Body = capture;
            try
            {
                await next(context);
            }
            finally
            {
                context.Response.Body = original;
            }

            var status = context.Response.StatusCode;
            if (status is >= 200 and < 300)
            {
                await store.SaveAsync(owner, key, new StoredResponse(hash, status, context.Response.ContentType,
                    context.Response.Headers.Location.ToString() is { Length: > 0 } loc ? loc : null,
                    marker.ResponseHoldsSecret ? "" : Encoding.UTF8.GetString(capture.ToArray())), CancellationToken.None);
            }

            capture.Position = 0;
            await capture.CopyToAsync(original, ct);
        }
        finally
        {
            gate.Release();
        }
    }

    private static async Task ReplayAsync(HttpContext context, StoredResponse stored)
    {
        context.Response.StatusCode = stored.StatusCode;
        if (stored.ContentType is not null)
        {
            context.Response.ContentType = stored.ContentType;
        }

        if (stored.Location is not null)
        {
            context.Response.Headers.Location = stored.Location;
        }

        context.Response.Headers[ReplayedHeader] = "true";
        await context.Response.WriteAsync(stored.Body, context.RequestAborted);
    }

    private static async Task<string> HashRequestAsync(HttpRequest request, CancellationToken ct)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        sha.AppendData(Encoding.UTF8.GetBytes($"{request.Method}\n{request.Path}{request.QueryString}\n{request.ContentType}\n"));
        var buffer = new byte[81920];
        int n;
        while ((n = await request.Body.ReadAsync(buffer, ct)) > 0)
        {
            sha.AppendData(buffer, 0, n);
        }

        request.Body.Position = 0;
        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }
}
