using System.Net.Http.Headers;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace Gateway.Webhooks;

/// <summary>
/// Posts one signed event to its endpoint with quick Polly retries (exponential, jittered) and a
/// per-attempt timeout. Only a 2xx answer counts as delivered. It never throws for the endpoint's
/// failures: the caller (the outbox worker) records the result and schedules the next pass.
/// </summary>
public sealed class WebhookSender
{
    private readonly HttpClient _http;
    private readonly TimeProvider _time;
    private readonly ResiliencePipeline<HttpResponseMessage> _pipeline;

    /// <summary>Builds the pipeline from <paramref name="options"/>.</summary>
    public WebhookSender(HttpClient http, TimeProvider time, WebhookOptions options)
    {
        _http = http;
        _time = time;
        var builder = new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = time };
        if (options.ImmediateRetries > 0)
        {
            builder.AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                MaxRetryAttempts = options.ImmediateRetries,
                Delay = TimeSpan.FromMilliseconds(options.ImmediateRetryDelayMs),
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                ShouldHandle = new PredicateBuilder<HttpResponseMessage>()
                    .Handle<HttpRequestException>()
                    .Handle<TimeoutRejectedException>()
                    .HandleResult(r => !r.IsSuccessStatusCode),
                OnRetry = args =>
                {
                    // The failed answer is dropped for the next try; free its connection.
                    args.Outcome.Result?.Dispose();
                    return default;
                },
            });
        }

        _pipeline = builder.AddTimeout(TimeSpan.FromSeconds(options.RequestTimeoutSeconds)).Build();
    }

    /// <summary>Delivers; returns the last status (0 when no answer) and an error text when not delivered.</summary>
    public async Task<WebhookDeliveryResult> SendAsync(Uri url, string secret, string eventId, byte[] body, CancellationToken ct)
    {
        try
        {
            using var response = await _pipeline.ExecuteAsync(async token =>
            {
                // The timestamp is taken per try so a receiver's freshness check holds on retries too.
                var ts = _time.GetUtcNow().ToUnixTimeSeconds();
                using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(body) };
                request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
                request.Headers.Add(WebhookSignature.IdHeader, eventId);
                request.Headers.Add(WebhookSignature.TimestampHeader, ts.ToString(System.Globalization.CultureInfo.InvariantCulture));
                request.Headers.Add(WebhookSignature.SignatureHeader, WebhookSignature.Sign(secret, eventId, ts, body));
                return await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, token);
            }, ct);
            return response.IsSuccessStatusCode
                ? new WebhookDeliveryResult(true, (int)response.StatusCode, null)
                : new WebhookDeliveryResult(false, (int)response.StatusCode, $"endpoint answered {(int)response.StatusCode}");
        }
        catch (Exception ex) when (ex is HttpRequestException or TimeoutRejectedException or TaskCanceledException && !ct.IsCancellationRequested)
        {
            return new WebhookDeliveryResult(false, 0, ex.Message);
        }
    }
}
