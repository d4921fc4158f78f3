using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Gateway.Campaigns.Domain;
using Gateway.Campaigns.Store;
using Gateway.ClusterTest;
using Microsoft.Data.Sqlite;

namespace Gateway.ClusterTests;

/// <summary>
/// The dispatcher and webhook instruments on a real <c>gateway serve</c>'s <c>/metrics</c> (Prometheus text): a node
/// killed with SIGKILL mid-call and restarted with the same Node:Id recovers its dead process's leases at once
/// (cause owner_dead, long before the 120 s lease ends), attempts are counted by outcome, webhook passes by result,
/// and the queue of a campaign waiting out its holidays shows in the gauge.
/// </summary>
public sealed class MetricsEndpointTests
{
    private const string Key = "metrics-admin-key-0123456789";

    [Fact]
    public async Task Restarted_node_reports_owner_recovery_attempts_webhooks_and_queue_depth()
    {
        var ct = TestContext.Current.CancellationToken;
        var dir = Path.Combine(Path.GetTempPath(), "gateway-metrics", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        var db = Path.Combine(dir, "gateway.db");
        var env = new Dictionary<string, string>
        {
            ["Store__Sqlite__Path"] = db,
            ["Node__Id"] = "metrics-node",
            ["Api__BootstrapAdminKey"] = Key,
            ["Serilog__MinimumLevel__Default"] = "Warning",
            ["Serilog__WriteTo__1__Args__path"] = Path.Combine(dir, "logs", "gateway-.log"),
            ["Calls__Mode"] = "scripted",
            ["Calls__Scripted__Rules__0__Match"] = "1$",
            ["Calls__Scripted__Rules__0__Outcomes__0"] = "Busy",
            ["Calls__Scripted__Rules__0__Outcomes__1"] = "Succeeded",
            ["Calls__Scripted__Rules__0__DurationMs"] = "200",
            ["Calls__Scripted__Rules__1__Match"] = ".*",
            ["Calls__Scripted__Rules__1__Outcomes__0"] = "Succeeded",
            ["Calls__Scripted__Rules__1__DurationMs"] = "2500",
            ["Dispatcher__PollIntervalMs"] = "50",
            ["Dispatcher__MinIntervalPerNumberSeconds"] = "0",
            ["Dispatcher__CallsPerSecond"] = "100",
            ["Dispatcher__MaxConcurrentCalls"] = "4",
            ["Dispatcher__LeaseSeconds"] = "120",
            ["Webhooks__PollIntervalMs"] = "100",
            ["Webhooks__ImmediateRetries"] = "0",
            ["Webhooks__RequestTimeoutSeconds"] = "2",
            ["Webhooks__RedeliveryBaseSeconds"] = "1",
        };
        await using var sink = new WebhookSink();
        string first;
        await using (var node = new ClusterNode("metrics-node", env))
        {
            await node.StartAsync(TimeSpan.FromSeconds(120), ct);
            using var api = Client(node);
            first = await CampaignAsync(api, ["+12125551002", "+12125551003", "+12125551004"], sink.Url.ToString(), ct);
            await UntilAsync(async () => (await CountsAsync(api, first, ct)).GetProperty("active").GetInt32() == 3, ct);
            await node.KillAsync();
        }

        await using (var node = new ClusterNode("metrics-node", env))
        {
            await node.StartAsync(TimeSpan.FromSeconds(120), ct);
            using var api = Client(node);
            var dead = $"http://127.0.0.1:{ClusterNode.FreePort()}/hook";
            var busy = await CampaignAsync(api, ["+12125551011"], dead, ct);
            var waiting = await CampaignAsync(api, ["+12125552001", "+12125552002"], null, ct, holidaysNow: true);
            await UntilAsync(async () => (await StateAsync(api, first, ct)) == "completed" && (await StateAsync(api, busy, ct)) == "completed", ct);

            using var scrape = new HttpClient { BaseAddress = node.BaseAddress };
            string text = "";
            await UntilAsync(
                async () =>
                {
                    text = await scrape.GetStringAsync(new Uri("metrics", UriKind.Relative), ct);
                    return Value(text, "gateway_campaign_queue_depth", $"campaign=\"{waiting}\"", "state=\"pending\"") == 2
                        && Value(text, "gateway_webhooks_deliveries_total", "result=\"delivered\"") >= 1
                        && Value(text, "gateway_webhooks_delivery_failures_total", "reason=\"no_answer\"") >= 1;
                },
                ct);

            Assert.Equal(3, Value(text, "gateway_dispatch_leases_recovered_total", "cause=\"owner_dead\""));
            Assert.Null(Value(text, "gateway_dispatch_leases_recovered_total", "cause=\"expired\""));
            Assert.Equal(3, Value(text, "gateway_dispatch_attempts_total", "outcome=\"NetworkError\""));
            Assert.Equal(4, Value(text, "gateway_dispatch_attempts_total", "outcome=\"Succeeded\"")); // 3 redialled + the busy number's second attempt
            Assert.Equal(1, Value(text, "gateway_dispatch_attempts_total", "outcome=\"Busy\""));
            Assert.Equal(0, Value(text, "gateway_campaign_queue_depth", $"campaign=\"{waiting}\"", "state=\"in_call\""));
            Assert.Equal(0, Value(text, "gateway_campaign_queue_depth", $"campaign=\"{waiting}\"", "state=\"due\""));
            Assert.True(Value(text, "gateway_webhooks_deliveries_total", "result=\"retry\"") >= 1, text);
            await node.TerminateAsync(TimeSpan.FromSeconds(30));
        }

        // The killed process's attempts ended at the restart, long before their 120 s leases would have.
        var store = new SqliteStore(db);
        var jobs = (await store.ListJobsAsync(new JobQuery(Guid.Parse(first)), ct)).Items;
        var expired = new List<Attempt>();
        foreach (var job in jobs)
        {
            Assert.Equal(JobState.Succeeded, job.State);
            expired.AddRange((await store.ListAttemptsAsync(job.Id, ct)).Where(a => a.State == AttemptState.Expired));
        }

        Assert.Equal(3, expired.Count);
        Assert.All(expired, a => Assert.True(a.EndedAt < a.LeaseExpiresAt.AddSeconds(-60), $"attempt ended {a.EndedAt:O}, lease until {a.LeaseExpiresAt:O}"));
        SqliteConnection.ClearAllPools();
        Directory.Delete(dir, recursive: true);
    }

    /// <summary>The sample value of <paramref name="name"/> whose labels contain every one of <paramref name="labels"/>.</summary>
    private static double? Value(string exposition, string name, params string[] labels)
    {
        foreach (var line in exposition.Split('\n'))
        {
            if (line.StartsWith(name + "{", StringComparison.Ordinal) && labels.All(l => line.Contains(l, StringComparison.Ordinal)))
            {
                var value = line[(line.IndexOf('}', StringComparison.Ordinal) + 1)..].Trim().Split(' ')[0];
                return double.Parse(value, CultureInfo.InvariantCulture);
            }
        }

        return null;
    }

    private static HttpClient Client(ClusterNode node)
    {
        var c = new HttpClient { BaseAddress = node.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        c.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Key);
        return c;
    }

    private static async Task UntilAsync(Func<Task<bool>> condition, CancellationToken ct)
    {
        var until = DateTime.UtcNow.AddSeconds(90);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < until, "condition not reached in 90 s");
            await Task.Delay(100, ct);
        }
    }

    private static async Task<JsonElement> CountsAsync(HttpClient api, string id, CancellationToken ct) =>
        JsonDocument.Parse(await api.GetStringAsync(new Uri($"api/v1/campaigns/{id}", UriKind.Relative), ct)).RootElement.GetProperty("counts").Clone();

    private static async Task<string?> StateAsync(HttpClient api, string id, CancellationToken ct) =>
        JsonDocument.Parse(await api.GetStringAsync(new Uri($"api/v1/campaigns/{id}", UriKind.Relative), ct)).RootElement.GetProperty("state").GetString();

    private static async Task<string> CampaignAsync(HttpClient api, string[] numbers, string? webhook, CancellationToken ct, bool holidaysNow = false)
    {
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(Encoding.ASCII.GetBytes(
            "%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n" +
            "3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]>>endobj\n% metrics\ntrailer<</Root 1 0 R>>\n%%EOF\n"));
        file.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        form.Add(file, "file", "m.pdf");
        using var uploaded = await api.PostAsync(new Uri("api/v1/documents", UriKind.Relative), form, ct);
        var doc = JsonDocument.Parse(await uploaded.Content.ReadAsStringAsync(ct)).RootElement.GetProperty("id").GetString();
        var body = new Dictionary<string, object?>
        {
            ["name"] = "metrics",
            ["documentIds"] = new[] { doc },
            ["destinations"] = numbers.Select(n => new { number = n }).ToArray(),
            ["retryPolicy"] = new
            {
                classes = new Dictionary<string, object> { ["busy"] = new { delaySeconds = 0.1 }, ["networkError"] = new { delaySeconds = 0.1 } },
                neverAnsweredMaxAttempts = 10,
            },
        };
        if (holidaysNow)
        {
            // No calls on the numbers' local yesterday, today and tomorrow: the jobs stay pending, none due.
            var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, TimeZoneInfo.FindSystemTimeZoneById("America/New_York")).DateTime);
            body["holidays"] = new[] { today.AddDays(-1), today, today.AddDays(1) }.Select(d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)).ToArray();
        }

        if (webhook is not null)
        {
            body["webhook"] = new { url = webhook, secret = "metrics-webhook-secret-0123" };
        }

        using var content = new StringContent(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json");
        using var created = await api.PostAsync(new Uri("api/v1/campaigns", UriKind.Relative), content, ct);
        var text = await created.Content.ReadAsStringAsync(ct);
        Assert.True(created.IsSuccessStatusCode, text);
        var id = JsonDocument.Parse(text).RootElement.GetProperty("id").GetString()!;
        using var s = await api.PostAsync(new Uri($"api/v1/campaigns/{id}/start", UriKind.Relative), null, ct);
        Assert.True(s.IsSuccessStatusCode);
        return id;
    }
}
