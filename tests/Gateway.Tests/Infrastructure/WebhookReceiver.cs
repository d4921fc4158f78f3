using System.Collections.Concurrent;
using System.Net;
using Gateway.Webhooks;

namespace Gateway.Tests.Infrastructure;

/// <summary>
/// A webhook endpoint on 127.0.0.1 (HttpListener) that verifies every signature with the shared secret
/// and records the events; it can be told to fail the first N deliveries.
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Task _loop;
    private int _failuresLeft;

    /// <summary>Starts listening on a free port.</summary>
    public WebhookReceiver(string secret, int failFirst = 0)
    {
        Secret = secret;
        _failuresLeft = failFirst;
        var port = GatewayProcess.FreePort();
        Url = new Uri($"http://127.0.0.1:{port}/hook/");
        _listener.Prefixes.Add(Url.ToString());
        _listener.Start();
        _loop = Task.Run(LoopAsync);
    }

    /// <summary>The shared secret.</summary>
    public string Secret { get; }

    /// <summary>Where to deliver.</summary>
    public Uri Url { get; }

    /// <summary>Events that arrived with a valid signature (event id → body), in arrival order.</summary>
    public ConcurrentQueue<(string Id, string Body)> Verified { get; } = new();

    /// <summary>Ids of correctly signed events in arrival order, recorded before the answer (so also those whose sender died waiting).</summary>
    public ConcurrentQueue<string> Arrived { get; } = new();

    /// <summary>How long each answer is held back (requests are handled one at a time): keeps deliveries in flight.</summary>
    public TimeSpan AnswerDelay { get; init; }

    /// <summary>Requests whose signature did not verify.</summary>
    public int BadSignatures;

    /// <summary>Every request received, including the failed ones.</summary>
    public int Requests;

    private async Task LoopAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext ctx;
            try
            {
                ctx = await _listener.GetContextAsync();
            }
            catch (Exception) when (!_listener.IsListening)
            {
                return;
            }
            catch (HttpListenerException)
            {
                return;
            }

            try
            {
                await HandleAsync(ctx);
            }
            catch (Exception e) when (e is HttpListenerException or IOException or ObjectDisposedException)
            {
                // The sender went away (killed) before its answer: nothing to answer, keep serving the others.
            }
        }
    }

    private async Task HandleAsync(HttpListenerContext ctx)
    {
        Interlocked.Increment(ref Requests);
        using var ms = new MemoryStream();
        await ctx.Request.InputStream.CopyToAsync(ms);
        var body = ms.ToArray();
        var id = ctx.Request.Headers[WebhookSignature.IdHeader] ?? "";
        var tsText = ctx.Request.Headers[WebhookSignature.TimestampHeader] ?? "";
        var sig = ctx.Request.Headers[WebhookSignature.SignatureHeader] ?? "";
        var ok = long.TryParse(tsText, out var ts) && WebhookSignature.Verify(Secret, id, ts, body, sig)
            && Math.Abs(DateTimeOffset.UtcNow.ToUnixTimeSeconds() - ts) < 300;
        if (ok)
        {
            Arrived.Enqueue(id);
        }

        if (AnswerDelay > TimeSpan.Zero)
        {
            await Task.Delay(AnswerDelay);
        }

        if (!ok)
        {
            Interlocked.Increment(ref BadSignatures);
            ctx.Response.StatusCode = 400;
        }
        else if (Interlocked.Decrement(ref _failuresLeft) >= 0)
        {
            ctx.Response.StatusCode = 503;
        }
        else
        {
            Verified.Enqueue((id, System.Text.Encoding.UTF8.GetString(body)));
            ctx.Response.StatusCode = 204;
        }

        ctx.Response.Close();
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        _listener.Close();
        try
        {
            await _loop;
        }
        catch (ObjectDisposedException)
        {
            // Closed while waiting.
        }
    }
}
