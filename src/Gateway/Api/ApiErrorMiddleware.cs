using Microsoft.AspNetCore.Http.Features;

namespace Gateway.Api;

/// <summary>
/// Applies per-endpoint body limits (<see cref="BodySizeLimit"/>, else <c>Api:MaxRequestBytes</c>) and turns
/// what escapes an endpoint into RFC 9457 problems: a body over the limit → 413, an unreadable request
/// → 400, anything else → 500 (logged, with no internals in the answer).
/// </summary>
public sealed class ApiErrorMiddleware(RequestDelegate next, ILogger<ApiErrorMiddleware> logger, ApiOptions options)
{
    /// <summary>Runs the pipeline.</summary>
    public async Task InvokeAsync(HttpContext context)
    {
        var limit = context.GetEndpoint()?.Metadata.GetMetadata<BodySizeLimit>()?.Bytes ?? options.MaxRequestBytes;
        var feature = context.Features.Get<IHttpMaxRequestBodySizeFeature>();
        if (feature is { IsReadOnly: false })
        {
            feature.MaxRequestBodySize = limit;
        }

        if (context.Request.ContentLength > limit)
        {
            await Problems.Write(context, StatusCodes.Status413PayloadTooLarge, "Request too large",
                $"The request body is {context.Request.ContentLength} bytes; this endpoint accepts at most {limit}.");
            return;
        }

        try
        {
            await next(context);
        }
        catch (BadHttpRequestException ex) when (!context.Response.HasStarted)
        {
            context.Response.Clear();
            var status = ex.StatusCode == StatusCodes.Status413PayloadTooLarge ? 413 : 400;
            await Problems.Write(context, status, status == 413 ? "Request too large" : "Bad request",
                status == 413 ? $"The request body exceeds {limit} bytes." : ex.Message);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client went away; nothing to answer.
        }
        catch (Exception ex) when (!context.Response.HasStarted)
        {
            logger.LogError(ex, "Unhandled error on {Method} {Path}", context.Request.Method, context.Request.Path);
            context.Response.Clear();
            await Problems.Write(context, StatusCodes.Status500InternalServerError, "Internal error",
                "The request failed on the server; see the service log (trace id " + context.TraceIdentifier + ").");
        }
    }
}
