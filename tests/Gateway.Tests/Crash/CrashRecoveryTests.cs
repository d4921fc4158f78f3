using System.Net.Http.Headers;
using System.Text.Json;
using Gateway.Tests.Infrastructure;

namespace Gateway.Tests.Crash;

/// <summary>
/// A real <c>gateway serve</c> process with the scripted call placer is killed with SIGKILL at random
/// moments while it dispatches, and restarted on the same database, 20 times. Afterwards no job may be
/// lost (every one ends succeeded) and none may have been sent twice: at most one confirmed attempt per
/// job in the store, and at most one delivery per job in the far end's ledger.
/// </summary>
public sealed class CrashRecoveryTests
{
    private const int Trials = 20;
    private const int DestinationsPerTrial = 5;
    private const string Key = "crash-admin-key-0123456789";

    [Fact]
    public async Task Sigkill_at_random_points_loses_no_job_and_sends_none_twice()
    {
        var ct = TestContext.Current.CancellationToken;
        var dir = Path.Combine(Path.GetTempPath(), "gateway-crash", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        var ledger = Path.Combine(dir, "ledger.txt");
        var env = new Dictionary<string, string>
        {
            ["Store__Sqlite__Path"] = Path.Combine(dir, "gateway.db"),
            ["Api__BootstrapAdminKey"] = Key,
            ["Node__Id"] = "crash-node",
            ["Serilog__MinimumLevel__Default"] = "Warning",
            ["Serilog__WriteTo__1__Args__path"] = Path.Combine(dir, "logs", "gateway-.log"),
            ["Dispatcher__PollIntervalMs"] = "20",
            ["Dispatcher__MinIntervalPerNumberSeconds"] = "0",
            ["Dispatcher__CallsPerSecond"] = "100",
            ["Dispatcher__MaxConcurrentCalls"] = "4",

            // A killed node's leases expire after this and are recovered by the next process (docs/store.md).
            ["Dispatcher__LeaseSeconds"] = "2",
            ["Calls__Scripted__LedgerPath"] = ledger,
            ["Calls__Scripted__Rules__0__Match"] = "^\\+1646",
            ["Calls__Scripted__Rules__0__Outcomes__0"] = "Busy",
            ["Calls__Scripted__Rules__0__Outcomes__1"] = "Succeeded",
            ["Calls__Scripted__Rules__0__DurationMs"] = "120",
            ["Calls__Scripted__Rules__1__Match"] = ".*",
            ["Calls__Scripted__Rules__1__Outcomes__0"] = "Succeeded",
            ["Calls__Scripted__Rules__1__DurationMs"] = "150",
        };
        var random = new Random(20261128);
        var campaigns = new List<string>();
        var kills = 0;
        for (var trial = 0; trial < Trials; trial++)
        {
            await using var gw = await GatewayProcess.StartAsync(env);
            using var c = Client(gw);
            campaigns.Add(await CreateAndStartAsync(c, trial, ct));
            await Task.Delay(random.Next(50, 700), ct);
            await gw.KillAsync();
            kills++;
        }

        await using (var final = await GatewayProcess.StartAsync(env))
        {
            using var c = Client(final);
            var until = DateTime.UtcNow.AddSeconds(150);
            foreach (var id in campaigns)
            {
                while (true)
                {
                    var campaign = JsonDocument.Parse(await c.GetStringAsync($"api/v1/campaigns/{id}", ct)).RootElement;
                    if (campaign.GetProperty("state").GetString() == "completed")
                    {
                        Assert.Equal(DestinationsPerTrial, campaign.GetProperty("counts").GetProperty("succeeded").GetInt32());
                        break;
                    }

                    Assert.True(DateTime.UtcNow < until, $"campaign {id} did not complete: {campaign}\n{final.Output}");
                    await Task.Delay(100, ct);
                }
            }

            var deliveries = (await File.ReadAllLinesAsync(ledger, ct)).Select(l => l.Split(' ')[0]).GroupBy(j => j).ToDictionary(g => g.Key, g => g.Count());
            var confirmedJobs = 0;
            foreach (var id in campaigns)
            {
                var jobs = JsonDocument.Parse(await c.GetStringAsync($"api/v1/campaigns/{id}/jobs?pageSize=100", ct)).RootElement.GetProperty("items");
                foreach (var job in jobs.EnumerateArray())
                {
                    var jobId = job.GetProperty("id").GetString()!;
                    Assert.Equal("succeeded", job.GetProperty("status").GetString());
                    var attempts = JsonDocument.Parse(await c.GetStringAsync($"api/v1/faxes/{jobId}/attempts", ct)).RootElement.EnumerateArray().ToList();
                    var confirmed = attempts.Where(a => a.GetProperty("faxConfirmed").GetBoolean()).ToList();
                    Assert.Single(confirmed);
                    Assert.Equal(confirmed[0].GetProperty("number").GetInt32(), attempts.Max(a => a.GetProperty("number").GetInt32()));
                    Assert.True(deliveries.GetValueOrDefault(jobId) <= 1, $"job {jobId} was delivered {deliveries.GetValueOrDefault(jobId)} times");
                    Assert.All(attempts, a => Assert.NotEqual(JsonValueKind.Null, a.GetProperty("endedAt").ValueKind));
                    confirmedJobs++;
                }
            }

            Assert.Equal(Trials * DestinationsPerTrial, confirmedJobs);
            TestContext.Current.SendDiagnosticMessage($"{kills} SIGKILLs; {confirmedJobs} jobs, {deliveries.Count} in the far end's ledger, none twice");
        }

        Directory.Delete(dir, recursive: true);
    }

    private static HttpClient Client(GatewayProcess gw)
    {
        var c = new HttpClient { BaseAddress = gw.BaseAddress, Timeout = TimeSpan.FromSeconds(20) };
        c.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Key);
        return c;
    }

    private static async Task<string> CreateAndStartAsync(HttpClient c, int trial, CancellationToken ct)
    {
        using var pdf = SampleDocuments.Multipart(SampleDocuments.Pdf("crash"), "c.pdf");
        var doc = JsonDocument.Parse(await (await c.PostAsync("api/v1/documents", pdf, ct)).Content.ReadAsStringAsync(ct)).RootElement.GetProperty("id").GetString();
        var destinations = Enumerable.Range(0, DestinationsPerTrial)
            .Select(i => new { number = (i % 2 == 0 ? "+1212555" : "+1646555") + (100 + (trial * DestinationsPerTrial) + i).ToString("0000", System.Globalization.CultureInfo.InvariantCulture) })
            .ToArray();
        var body = new
        {
            name = $"crash {trial}",
            documentIds = new[] { doc },
            destinations,
            retryPolicy = new
            {
                classes = new Dictionary<string, object> { ["busy"] = new { delaySeconds = 0.1 }, ["networkError"] = new { delaySeconds = 0.1, backoff = "fixed", maxRetries = 50 } },
                maxAttempts = 60,
                neverAnsweredMaxAttempts = 60, // a call killed before its answer counts as never answered
            },
        };
        using var r = await c.PostAsync("api/v1/campaigns", Json.Body(body), ct);
        var text = await r.Content.ReadAsStringAsync(ct);
        Assert.True(r.IsSuccessStatusCode, text);
        var id = JsonDocument.Parse(text).RootElement.GetProperty("id").GetString()!;
        using var s = await c.PostAsync($"api/v1/campaigns/{id}/start", null, ct);
        Assert.True(s.IsSuccessStatusCode);
        return id;
    }
}
