using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Npgsql;

namespace Gateway.ClusterTest;

/// <summary>
/// Runs a <see cref="ClusterScenario"/> against a PostgreSQL server (connection string of GATEWAY_TEST_POSTGRES): a
/// fresh database, the nodes, the campaign, a sampler of the database while it runs, the kills and restarts, then
/// <see cref="ClusterChecks"/> over what the database and the far end's ledgers recorded.
/// </summary>
public sealed class ClusterRun
{
    private const string Key = "cluster-admin-key-0123456789";
    private readonly ClusterScenario _scenario;
    private readonly string _serverConnection;
    private readonly Action<string> _log;

    public ClusterRun(ClusterScenario scenario, string serverConnection, Action<string>? log = null)
    {
        _scenario = scenario;
        _serverConnection = serverConnection;
        _log = log ?? (_ => { });
    }

    public async Task<ClusterReport> RunAsync(CancellationToken ct)
    {
        var s = _scenario;
        var dbName = "cluster_" + Guid.NewGuid().ToString("N")[..12];
        await AdminAsync($"CREATE DATABASE {dbName}", ct);
        var connection = new NpgsqlConnectionStringBuilder(_serverConnection) { Database = dbName, MaxPoolSize = 10 }.ConnectionString;
        var dir = Path.Combine(Path.GetTempPath(), "gateway-cluster", dbName);
        Directory.CreateDirectory(dir);
        var nodes = Enumerable.Range(1, s.Nodes).Select(i => new ClusterNode($"node-{i}", Environment(i, connection, dir))).ToList();
        await using var sink = s.Webhooks ? new WebhookSink() : null;
        try
        {
            // The first node migrates the schema; the others start together.
            await nodes[0].StartAsync(TimeSpan.FromSeconds(120), ct);
            await Task.WhenAll(nodes.Skip(1).Select(n => n.StartAsync(TimeSpan.FromSeconds(120), ct)));
            _log($"{s.Nodes} nodes ready on database {dbName}");

            await using var db = NpgsqlDataSource.Create(connection);
            using var api = Client(nodes[0]);
            var campaign = await CreateCampaignAsync(api, sink, ct);
            var clock = Stopwatch.StartNew();
            using (var start = await api.PostAsync(new Uri($"api/v1/campaigns/{campaign}/start", UriKind.Relative), null, ct))
            {
                start.EnsureSuccessStatusCode();
            }

            using var stopSampling = CancellationTokenSource.CreateLinkedTokenSource(ct);
            var sampler = new ClusterSampler(db, TimeSpan.FromMilliseconds(s.SampleIntervalMs));
            var sampling = sampler.RunAsync(stopSampling.Token);
            var openAtKill = new List<int>();
            var restarts = new List<Task>();
            foreach (var kill in s.Kills.OrderBy(k => k.AtShareDone))
            {
                await WaitAsync(() => sampler.Final >= kill.AtShareDone * s.Destinations, clock, $"{kill.AtShareDone:P0} of jobs final", ct);
                var node = nodes[kill.Node - 1];

                // The kill is meant to hit running calls: wait (briefly) for the victim to hold at least one open
                // attempt, so a moment between two of its calls does not turn the run into one without a crash.
                var openSql = "SELECT COUNT(*) FROM attempts WHERE state IN (0, 1) AND node_id = @n";
                await WaitAsync(
                    async () => Convert.ToInt32(await ScalarAsync(db, openSql, ct, ("n", node.Name)), CultureInfo.InvariantCulture) > 0,
                    clock,
                    $"{node.Name} to hold an open attempt",
                    TimeSpan.FromSeconds(10),
                    ct);
                await node.KillAsync();
                var open = Convert.ToInt32(await ScalarAsync(db, openSql, ct, ("n", node.Name)), CultureInfo.InvariantCulture);
                openAtKill.Add(open);
                _log($"{clock.Elapsed.TotalSeconds:0.0} s: SIGKILL {node.Name} with {open} open attempt(s); restart in {kill.RestartAfterSeconds} s");
                restarts.Add(RestartAsync(node, kill.RestartAfterSeconds, clock, ct));
            }

            await WaitAsync(() => sampler.CampaignCompleted, clock, "the campaign to complete", ct);
            var duration = clock.Elapsed;
            await Task.WhenAll(restarts);
            _log($"{duration.TotalSeconds:0.0} s: campaign completed");
            if (sink is not null)
            {
                // Delivery runs apart from dialling: give the outbox time to drain before stopping the nodes.
                await WaitAsync(async () => Convert.ToInt32(await ScalarAsync(db, "SELECT COUNT(*) FROM outbox WHERE delivered_at IS NULL", ct), CultureInfo.InvariantCulture) == 0, clock, "the webhook outbox to drain", TimeSpan.FromSeconds(60), ct);
            }

            await stopSampling.CancelAsync();
            await sampling;
            var exits = await Task.WhenAll(nodes.Select(n => n.TerminateAsync(TimeSpan.FromSeconds(30))));
            var checks = new ClusterChecks(s, db, dir);
            var report = await checks.RunAsync(sampler, duration, openAtKill, sink, ct);
            var bad = exits.Select((code, i) => (code, i)).Where(x => x.code != 0).Select(x => $"{nodes[x.i].Name} exited with {x.code} on SIGTERM").ToList();
            return bad.Count == 0 ? report : report with { Violations = [.. report.Violations, .. bad] };
        }
        catch (Exception e) when (e is TimeoutException or InvalidOperationException)
        {
            throw new InvalidOperationException(e.Message + "\n" + string.Join("\n", nodes.Select(n => $"--- {n.Name}:\n{n.Output}")), e);
        }
        finally
        {
            foreach (var n in nodes)
            {
                await n.DisposeAsync();
            }

            NpgsqlConnection.ClearAllPools();
            await AdminAsync($"DROP DATABASE IF EXISTS {dbName} WITH (FORCE)", CancellationToken.None);
            try
            {
                Directory.Delete(dir, recursive: true);
            }
            catch (IOException)
            {
                // Logs of a node still closing; the temp directory is cleaned by the OS.
            }
        }
    }

    private async Task RestartAsync(ClusterNode node, double afterSeconds, Stopwatch clock, CancellationToken ct)
    {
        await Task.Delay(TimeSpan.FromSeconds(afterSeconds), ct);
        await node.StartAsync(TimeSpan.FromSeconds(120), ct);
        _log($"{clock.Elapsed.TotalSeconds:0.0} s: {node.Name} restarted");
    }

    private async Task WaitAsync(Func<bool> condition, Stopwatch clock, string what, CancellationToken ct) =>
        await WaitAsync(() => Task.FromResult(condition()), clock, what, null, ct);

    private async Task WaitAsync(Func<Task<bool>> condition, Stopwatch clock, string what, TimeSpan? extra, CancellationToken ct)
    {
        var until = extra is { } e ? clock.Elapsed + e : _scenario.Timeout;
        while (!await condition())
        {
            if (clock.Elapsed > until)
            {
                throw new TimeoutException($"timed out after {clock.Elapsed.TotalSeconds:0} s waiting for {what}");
            }

            await Task.Delay(50, ct);
        }
    }

    private Dictionary<string, string> Environment(int i, string connection, string dir)
    {
        var s = _scenario;
        var c = CultureInfo.InvariantCulture;
        var env = new Dictionary<string, string>
        {
            ["Store__Provider"] = "postgres",
            ["Store__Postgres__ConnectionString"] = connection,
            ["Node__Id"] = $"node-{i}",
            ["Api__BootstrapAdminKey"] = Key,
            ["Serilog__MinimumLevel__Default"] = "Warning",
            ["Serilog__WriteTo__1__Args__path"] = Path.Combine(dir, "logs", $"node-{i}-.log"),
            ["Calls__Mode"] = "scripted",
            ["Calls__Scripted__LedgerPath"] = Path.Combine(dir, $"ledger-node-{i}.txt"),
            ["Calls__Scripted__Rules__0__Match"] = "[0-3]$",
            ["Calls__Scripted__Rules__0__Outcomes__0"] = "Succeeded",
            ["Calls__Scripted__Rules__0__DurationMs"] = ((int)(s.CallMs * 0.6)).ToString(c),
            ["Calls__Scripted__Rules__1__Match"] = "[4-6]$",
            ["Calls__Scripted__Rules__1__Outcomes__0"] = "Succeeded",
            ["Calls__Scripted__Rules__1__DurationMs"] = s.CallMs.ToString(c),
            ["Calls__Scripted__Rules__2__Match"] = ".*",
            ["Calls__Scripted__Rules__2__Outcomes__0"] = "Busy",
            ["Calls__Scripted__Rules__2__Outcomes__1"] = "Succeeded",
            ["Calls__Scripted__Rules__2__DurationMs"] = ((int)(s.CallMs * 1.4)).ToString(c),
            ["Dispatcher__PollIntervalMs"] = s.PollIntervalMs.ToString(c),
            ["Dispatcher__MaxConcurrentCalls"] = s.CallsPerNode.ToString(c),
            ["Dispatcher__TrunkChannels"] = s.TrunkChannels.ToString(c),
            ["Dispatcher__CallsPerSecond"] = s.CallsPerSecond.ToString(c),
            ["Dispatcher__LeaseSeconds"] = s.LeaseSeconds.ToString(c),
            ["Dispatcher__DrainSeconds"] = "2",
            ["Dispatcher__MinIntervalPerNumberSeconds"] = "0",
            ["Dispatcher__DailyCapPerNumber"] = "100",
            ["Webhooks__PollIntervalMs"] = "100",
            ["Webhooks__RequestTimeoutSeconds"] = "5",
        };
        return env;
    }

    private static HttpClient Client(ClusterNode node)
    {
        var c = new HttpClient { BaseAddress = node.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        c.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Key);
        return c;
    }

    private async Task<string> CreateCampaignAsync(HttpClient api, WebhookSink? sink, CancellationToken ct)
    {
        using var form = new MultipartFormDataContent();
        var pdf = Encoding.ASCII.GetBytes(
            "%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n" +
            "3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]>>endobj\n% cluster\ntrailer<</Root 1 0 R>>\n%%EOF\n");
        var file = new ByteArrayContent(pdf);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        form.Add(file, "file", "cluster.pdf");
        using var uploaded = await api.PostAsync(new Uri("api/v1/documents", UriKind.Relative), form, ct);
        var docText = await uploaded.Content.ReadAsStringAsync(ct);
        if (!uploaded.IsSuccessStatusCode)
        {
            throw new InvalidOperationException("document upload failed: " + docText);
        }

        var doc = JsonDocument.Parse(docText).RootElement.GetProperty("id").GetString();
        var body = new Dictionary<string, object?>
        {
            ["name"] = "cluster",
            ["documentIds"] = new[] { doc },
            ["destinations"] = Enumerable.Range(0, _scenario.Destinations).Select(i => new { number = Number(i) }).ToArray(),
            ["retryPolicy"] = new
            {
                classes = new Dictionary<string, object>
                {
                    ["busy"] = new { delaySeconds = 0.2 },
                    ["networkError"] = new { delaySeconds = 0.2, backoff = "fixed", maxRetries = 50 },
                },
                maxAttempts = 60,
                neverAnsweredMaxAttempts = 60, // a call killed before its answer counts as never answered
            },
        };
        if (sink is not null)
        {
            body["webhook"] = new { url = sink.Url.ToString(), secret = "cluster-webhook-secret-0123" };
        }

        using var content = new StringContent(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json");
        using var created = await api.PostAsync(new Uri("api/v1/campaigns", UriKind.Relative), content, ct);
        var text = await created.Content.ReadAsStringAsync(ct);
        if (!created.IsSuccessStatusCode)
        {
            throw new InvalidOperationException("campaign creation failed: " + text);
        }

        return JsonDocument.Parse(text).RootElement.GetProperty("id").GetString()!;
    }

    /// <summary>Distinct fictional NANP numbers (555-1000 … 555-9999 in two area codes).</summary>
    public static string Number(int i) => (i < 9000 ? "+1212555" : "+1646555") + (1000 + (i % 9000)).ToString("D4", CultureInfo.InvariantCulture);

    private async Task AdminAsync(string sql, CancellationToken ct)
    {
        await using var admin = new NpgsqlConnection(_serverConnection);
        await admin.OpenAsync(ct);
        await using var cmd = new NpgsqlCommand(sql, admin);
        await cmd.ExecuteNonQueryAsync(ct);
    }

    internal static async Task<object?> ScalarAsync(NpgsqlDataSource db, string sql, CancellationToken ct, params (string Name, object Value)[] parameters)
    {
        await using var cmd = db.CreateCommand(sql);
        foreach (var (name, value) in parameters)
        {
            cmd.Parameters.AddWithValue(name, value);
        }

        return await cmd.ExecuteScalarAsync(ct);
    }
}
