using System.Collections.Concurrent;
using System.Net;

namespace Gateway.ClusterTest;

/// <summary>A webhook endpoint on 127.0.0.1 that answers 204 and counts deliveries per event id.</summary>
public sealed class WebhookSink : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Task _loop;

    public WebhookSink()
    {
        var port = ClusterNode.FreePort();
        Url = new Uri($"http://127.0.0.1:{port}/hook/");
        _listener.Prefixes.Add(Url.ToString());
        _listener.Start();
        _loop = Task.Run(LoopAsync);
    }

    public Uri Url { get; }

    /// <summary>Deliveries per event id (the Gateway-Webhook-Id header).</summary>
    public ConcurrentDictionary<string, int> Deliveries { get; } = new();

    private async Task LoopAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            var id = context.Request.Headers["Gateway-Webhook-Id"] ?? "";
            Deliveries.AddOrUpdate(id, 1, (_, n) => n + 1);
            context.Response.StatusCode = 204;
            context.Response.Close();
        }
    }

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        _listener.Close();
        await _loop;
    }
}
