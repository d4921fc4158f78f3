using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Gateway.Calls.Simulator;
using Gateway.Demo;
using Gateway.Hosting;
using Gateway.Media.Transport;

namespace Gateway.Cli.Verbs;

/// <summary>
/// <c>gateway demo</c>: the whole product on one machine. Starts the built-in far end on 127.0.0.1 and the
/// real service (SQLite in a temporary folder, real SIP calls through a trunk pointing at the far end),
/// submits a campaign of a generated two-page document to five scripted offices through the REST API,
/// shows progress, then prints each destination's outcome and where the received pages were written.
/// </summary>
public static class DemoVerb
{
    /// <summary>The verb.</summary>
    public static Verb Create() => new(
        ["demo"],
        "run a demo campaign: the service and a built-in far end on 127.0.0.1, real SIP/T.38 fax calls",
        "[--keep] [--timeout SECONDS]",
        new HashSet<string> { "keep" },
        RunAsync);

    private static async Task<int> RunAsync(VerbContext ctx)
    {
        bool keep = ctx.Args.Flag("keep");
        int timeout = ctx.Args.Int("timeout", 30, 3600) ?? 300;
        ctx.Args.EnsureAllUsed(0);
        string work = Directory.CreateTempSubdirectory("gateway-demo-").FullName;
        TextWriter o = ctx.Out;
        await o.WriteLineAsync($"== Gateway demo (work folder {work})");

        using var farMedia = new MediaLoop(TimeProvider.System, threads: 1);
        farMedia.Start();
        (int farFirst, int farLast) = (47000, 47999);
        await using var far = new FarEndSimulator(
            new FarEndSimulatorOptions
            {
                VoicesFolder = Path.Combine(AppContext.BaseDirectory, "assets", "simulator"),
                OutputFolder = Path.Combine(work, "received"),
                Offices = DemoOffices.All.ToDictionary(d => d.Number, d => d.Office),
            },
            farMedia,
            new MediaPortAllocator(IPAddress.Loopback, farFirst, farLast),
            TimeProvider.System);
        await o.WriteLineAsync($"far end: built-in simulator on sip:{far.SipEndPoint} with {DemoOffices.All.Length} scripted offices");

        int httpPort = FreeTcpPort();
        string adminKey = "demo-" + Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));
        string[] settings =
        [
            $"--Urls=http://127.0.0.1:{httpPort}",
            $"--Store:Sqlite:Path={Path.Combine(work, "gateway.db")}",
            $"--Api:BootstrapAdminKey={adminKey}",
            "--Calls:Mode=sip",
            "--Calls:Fax:SwitchDelaySeconds=1",
            "--Calls:Fax:RingSeconds=8",
            "--Sip:ListenAddress=127.0.0.1",
            "--Sip:ListenPort=0",
            "--Sip:Trunks:0:Name=simulator",
            $"--Sip:Trunks:0:Uri=sip:127.0.0.1:{far.SipEndPoint.Port}",
            "--Sip:Trunks:0:CallerId=+77272009999",
            "--Sip:Trunks:0:Channels=5",
            "--Sip:Trunks:0:CallsPerSecond=5",
            "--Media:BindAddress=127.0.0.1",
            "--Media:PortRangeStart=46000",
            "--Media:PortRangeEnd=46999",
            $"--Documents:CacheFolder={Path.Combine(work, "pages")}",
            "--Dispatcher:PollIntervalMs=200",
            "--Dispatcher:MinIntervalPerNumberSeconds=0",
            "--Serilog:MinimumLevel:Default=Warning",
            "--Serilog:MinimumLevel:Override:Microsoft.Hosting.Lifetime=Warning",
            $"--Serilog:WriteTo:1:Args:path={Path.Combine(work, "logs", "gateway-.log")}",
        ];
        WebApplication app;
        try
        {
            app = GatewayHost.Build(settings);
        }
        catch (InvalidOperationException e)
        {
            await ctx.Err.WriteLineAsync($"gateway demo: configuration error: {e.Message}");
            return ExitCodes.Failed;
        }

        await app.StartAsync(ctx.Cancellation);
        try
        {
            await o.WriteLineAsync($"service: gateway serve on http://127.0.0.1:{httpPort} (SQLite in the work folder, Calls:Mode=sip)");
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{httpPort}/api/v1/") };
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", adminKey);
            return await RunCampaignAsync(http, work, far, o, TimeSpan.FromSeconds(timeout), ctx.Cancellation);
        }
        catch (InvalidOperationException e)
        {
            await ctx.Err.WriteLineAsync($"gateway demo: {e.Message}");
            return ExitCodes.Failed;
        }
        finally
        {
            await app.StopAsync(CancellationToken.None);
            await app.DisposeAsync();
            await Serilog.Log.CloseAndFlushAsync();
            if (!keep)
            {
                await o.WriteLineAsync($"(received pages and logs are kept in {work}; remove it when done)");
            }
        }
    }

    private static async Task<int> RunCampaignAsync(HttpClient http, string work, FarEndSimulator far, TextWriter o, TimeSpan timeout, CancellationToken ct)
    {
        byte[] document = Encoding.ASCII.GetBytes(DemoDocument.PostScript(DateTimeOffset.UtcNow));
        await File.WriteAllBytesAsync(Path.Combine(work, "demo-document.ps"), document, ct);
        using HttpResponseMessage uploaded = await http.PostAsync("documents", new ByteArrayContent(document), ct);
        JsonElement doc = await ReadAsync(uploaded, "upload the document", ct);
        string documentId = doc.GetProperty("id").GetString()!;
        await o.WriteLineAsync($"document: {documentId}, {doc.GetProperty("sizeBytes").GetInt64()} bytes of PostScript, two pages");

        var body = new
        {
            name = "demo " + DateTime.Now.ToString("HH:mm", CultureInfo.InvariantCulture),
            documentIds = new[] { documentId },
            sender = new { tsi = "+7 727 200 9999", headerText = "Gateway demo", callerNumber = "+77272009999" },
            callWindows = new[] { new { days = new[] { "mon", "tue", "wed", "thu", "fri", "sat", "sun" }, from = "00:00", to = "24:00" } },
            retryPolicy = new { maxAttempts = 3, classes = new { busy = new { delaySeconds = 3, maxRetries = 2 }, noAnswer = new { delaySeconds = 600, maxRetries = 0 }, noReply = new { delaySeconds = 600, maxRetries = 0 } } },
            destinations = DemoOffices.All.Select(d => new { number = d.Number, name = d.Name }).ToArray(),
        };
        using HttpResponseMessage created = await http.PostAsJsonAsync("campaigns", body, ct);
        string campaignId = (await ReadAsync(created, "create the campaign", ct)).GetProperty("id").GetString()!;
        using HttpResponseMessage started = await http.PostAsync($"campaigns/{campaignId}/start", null, ct);
        await ReadAsync(started, "start the campaign", ct);
        await o.WriteLineAsync($"campaign: {campaignId} started; windows 00:00-24:00 every day, busy retried after 3 s");

        var deadline = DateTime.UtcNow + timeout;
        string last = "";
        JsonElement campaign;
        while (true)
        {
            using HttpResponseMessage status = await http.GetAsync($"campaigns/{campaignId}", ct);
            campaign = await ReadAsync(status, "read the campaign", ct);
            string state = campaign.GetProperty("state").GetString() ?? "";
            string line = $"{state}: {campaign.GetProperty("counts")}";
            if (line != last)
            {
                await o.WriteLineAsync($"{DateTime.Now:HH:mm:ss} {line}");
                last = line;
            }

            if (state is "completed" or "cancelled" || DateTime.UtcNow > deadline)
            {
                break;
            }

            await Task.Delay(1000, ct);
        }

        await o.WriteLineAsync("\n== outcome per destination");
        using HttpResponseMessage jobsResponse = await http.GetAsync($"campaigns/{campaignId}/jobs?pageSize=50", ct);
        JsonElement jobs = await ReadAsync(jobsResponse, "list the faxes", ct);
        foreach (JsonElement job in jobs.GetProperty("items").EnumerateArray())
        {
            string number = job.GetProperty("to").GetString() ?? "";
            var office = DemoOffices.All.FirstOrDefault(d => d.Number == number);
            await o.WriteLineAsync($"{number}  {office.Name}");
            await o.WriteLineAsync($"    status {job.GetProperty("status").GetString()}, {job.GetProperty("attemptCount")} attempt(s), expected: {office.Expected}");
            using HttpResponseMessage attemptsResponse = await http.GetAsync($"faxes/{job.GetProperty("id").GetString()}/attempts", ct);
            foreach (JsonElement a in (await ReadAsync(attemptsResponse, "list attempts", ct)).EnumerateArray())
            {
                await o.WriteLineAsync($"    attempt: {Field(a, "outcome")}, SIP {Field(a, "sipStatus")}, {Field(a, "transport")} {Field(a, "rate")} bit/s, pages {Field(a, "pagesConfirmed")}, remote '{Field(a, "remoteIdent")}'");
            }
        }

        await o.WriteLineAsync("\n== received by the far end");
        foreach (ReceivedFax fax in far.Received)
        {
            await o.WriteLineAsync($"{fax.Number}: {(fax.Result.Succeeded ? "ok" : "failed")}, {fax.PageFiles.Count} page(s)");
            foreach (string file in fax.PageFiles)
            {
                await o.WriteLineAsync($"    {file}");
            }
        }

        bool allAsExpected = campaign.GetProperty("state").GetString() == "completed";
        return allAsExpected ? ExitCodes.Ok : ExitCodes.Failed;
    }

    private static string Field(JsonElement e, string name) => e.TryGetProperty(name, out JsonElement v) ? v.ToString() : "";

    private static async Task<JsonElement> ReadAsync(HttpResponseMessage response, string what, CancellationToken ct)
    {
        string text = await response.Content.ReadAsStringAsync(ct);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"could not {what}: HTTP {(int)response.StatusCode} {text}");
        }

        return JsonDocument.Parse(text).RootElement.Clone();
    }

    private static int FreeTcpPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
