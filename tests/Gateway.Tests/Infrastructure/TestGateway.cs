using System.Net.Http.Headers;
using Gateway.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Gateway.Tests.Infrastructure;

/// <summary>
/// A real <c>gateway serve</c> application in this process: Kestrel on 127.0.0.1 with a free port, a
/// fresh SQLite file, the bootstrap admin key, and the scripted call placer. Tests talk to it over HTTP.
/// </summary>
public sealed class TestGateway : IAsyncDisposable
{
    /// <summary>The bootstrap admin key every test server has.</summary>
    public const string AdminKey = "test-admin-key-0123456789abcdef";

    private readonly WebApplication _app;

    private TestGateway(WebApplication app, string directory, Uri baseAddress)
    {
        _app = app;
        Directory = directory;
        BaseAddress = baseAddress;
    }

    /// <summary>The temporary folder holding the database and logs.</summary>
    public string Directory { get; }

    /// <summary>http://127.0.0.1:port/.</summary>
    public Uri BaseAddress { get; }

    /// <summary>The application's services.</summary>
    public IServiceProvider Services => _app.Services;

    /// <summary>Starts a server; <paramref name="settings"/> are extra <c>Key=value</c> configuration entries.</summary>
    public static async Task<TestGateway> StartAsync(params string[] settings)
    {
        var dir = Path.Combine(Path.GetTempPath(), "gateway-tests", Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(dir);
        var args = new List<string>
        {
            "--urls", "http://127.0.0.1:0",
            $"--Store:Sqlite:Path={Path.Combine(dir, "gateway.db")}",
            $"--Api:BootstrapAdminKey={AdminKey}",
            "--Serilog:MinimumLevel:Default=Warning",
            $"--Serilog:WriteTo:1:Args:path={Path.Combine(dir, "logs", "gateway-.log")}",
            "--Serilog:WriteTo:0:Name=File",
            $"--Serilog:WriteTo:0:Args:path={Path.Combine(dir, "logs", "console-.log")}",
            "--Dispatcher:PollIntervalMs=50",
            "--Dispatcher:MinIntervalPerNumberSeconds=0",
            "--Dispatcher:CallsPerSecond=100",
            "--Dispatcher:MaxConcurrentCalls=8",
            "--Dispatcher:RecoveryIntervalSeconds=1",
            "--Dispatcher:DrainSeconds=2",
            "--Calls:Scripted:Rules:0:Match=.*",
            "--Calls:Scripted:Rules:0:DurationMs=50",
            "--Webhooks:PollIntervalMs=100",
            "--Webhooks:RedeliveryBaseSeconds=0.2",
            "--Webhooks:ImmediateRetryDelayMs=20",
        };
        args.AddRange(settings.Select(s => "--" + s));
        var app = GatewayHost.Build([.. args]);
        await app.StartAsync(TestContext.Current.CancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var gw = new TestGateway(app, dir, new Uri(address.TrimEnd('/') + "/"));
        await gw.WaitReadyAsync();
        return gw;
    }

    /// <summary>A client with <paramref name="key"/> as its bearer key (none when null).</summary>
    public HttpClient Client(string? key = AdminKey)
    {
        var c = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        if (key is not null)
        {
            c.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        return c;
    }

    /// <summary>Creates a key with <paramref name="role"/> and returns its secret.</summary>
    public async Task<string> CreateKeyAsync(string role)
    {
        using var c = Client();
        using var r = await c.PostAsync("api/v1/keys", Json.Body(new { name = role + "-key", role }), TestContext.Current.CancellationToken);
        r.EnsureSuccessStatusCode();
        return (await Json.ReadAsync(r)).GetProperty("key").GetString()!;
    }

    /// <summary>Uploads a sample PDF and returns its id.</summary>
    public async Task<string> UploadPdfAsync(string tag = "t")
    {
        using var c = Client();
        using var r = await c.PostAsync("api/v1/documents", SampleDocuments.Multipart(SampleDocuments.Pdf(tag), "t.pdf"), TestContext.Current.CancellationToken);
        r.EnsureSuccessStatusCode();
        return (await Json.ReadAsync(r)).GetProperty("id").GetString()!;
    }

    /// <summary>Creates a draft campaign with <paramref name="numbers"/> and returns its id.</summary>
    public async Task<string> CreateCampaignAsync(object? extra = null, params string[] numbers)
    {
        var doc = await UploadPdfAsync();
        using var c = Client();
        var body = new Dictionary<string, object?>
        {
            ["name"] = "test campaign",
            ["documentIds"] = new[] { doc },
            ["destinations"] = numbers.Select(n => new { number = n }).ToArray(),
        };
        if (extra is not null)
        {
            foreach (var p in extra.GetType().GetProperties())
            {
                body[p.Name] = p.GetValue(extra);
            }
        }

        using var r = await c.PostAsync("api/v1/campaigns", Json.Body(body), TestContext.Current.CancellationToken);
        if (!r.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"create failed {(int)r.StatusCode}: {await r.Content.ReadAsStringAsync()}");
        }

        return (await Json.ReadAsync(r)).GetProperty("id").GetString()!;
    }

    /// <summary>Polls the campaign until <paramref name="state"/>.</summary>
    public async Task<System.Text.Json.JsonElement> WaitCampaignStateAsync(string id, string state, int timeoutMs = 20000)
    {
        using var c = Client();
        var until = DateTime.UtcNow.AddMilliseconds(timeoutMs);
        System.Text.Json.JsonElement last = default;
        while (DateTime.UtcNow < until)
        {
            last = await Json.ReadAsync(await c.GetAsync($"api/v1/campaigns/{id}", TestContext.Current.CancellationToken));
            if (last.GetProperty("state").GetString() == state)
            {
                return last;
            }

            await Task.Delay(50, TestContext.Current.CancellationToken);
        }

        throw new TimeoutException($"campaign {id} not {state}: {last}");
    }

    private async Task WaitReadyAsync()
    {
        using var c = Client(null);
        for (var i = 0; i < 200; i++)
        {
            using var r = await c.GetAsync("health/ready", TestContext.Current.CancellationToken);
            if (r.IsSuccessStatusCode)
            {
                return;
            }

            await Task.Delay(50, TestContext.Current.CancellationToken);
        }

        throw new TimeoutException("test gateway never became ready");
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // A log file still held open by the OS is left for the temp cleaner.
        }
    }
}
