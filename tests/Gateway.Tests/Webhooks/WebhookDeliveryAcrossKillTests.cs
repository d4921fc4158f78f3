using System.Net.Http.Headers;
using System.Text.Json;
using Gateway.Tests.Infrastructure;
using Microsoft.Data.Sqlite;

namespace Gateway.Tests.Webhooks;

/// <summary>
/// Webhooks are delivered at least once across a SIGKILL: a real <c>gateway serve</c> is killed while events are
/// pending in the outbox and others are in flight (posted, the receiver holding its answer), then restarted on the
/// same database. Every event of the outbox reaches the receiver with a valid signature; the ones the killed process
/// had in flight arrive again, and each copy carries the same event id (header and body), so the receiver can drop it.
/// </summary>
public sealed class WebhookDeliveryAcrossKillTests
{
    private const string Key = "webhook-kill-admin-key-0123456789";
    private const int Destinations = 8;

    [Fact]
    public async Task Sigkill_with_events_pending_and_in_flight_loses_none_and_repeats_are_identifiable()
    {
        var ct = TestContext.Current.CancellationToken;
        var dir = Directory.CreateTempSubdirectory("gateway-webhook-kill").FullName;
        var db = Path.Combine(dir, "gateway.db");
        var env = new Dictionary<string, string>
        {
            ["Store__Sqlite__Path"] = db,
            ["Api__BootstrapAdminKey"] = Key,
            ["Node__Id"] = "webhook-node",
            ["Serilog__MinimumLevel__Default"] = "Warning",
            ["Serilog__WriteTo__1__Args__path"] = Path.Combine(dir, "logs", "gateway-.log"),
            ["Dispatcher__PollIntervalMs"] = "50",
            ["Dispatcher__MinIntervalPerNumberSeconds"] = "0",
            ["Dispatcher__CallsPerSecond"] = "100",
            ["Calls__Scripted__Rules__0__Match"] = ".*",
            ["Calls__Scripted__Rules__0__Outcomes__0"] = "Succeeded",
            ["Calls__Scripted__Rules__0__DurationMs"] = "100",
            ["Webhooks__PollIntervalMs"] = "100",
            ["Webhooks__Concurrency"] = "4",
            ["Webhooks__RequestTimeoutSeconds"] = "3",
            ["Webhooks__ImmediateRetries"] = "0",
            ["Webhooks__RedeliveryBaseSeconds"] = "1",
        };

        // One answer at a time, each held 700 ms: with four posts at once, most wait in flight.
        await using var receiver = new WebhookReceiver("webhook-kill-secret-0123456789") { AnswerDelay = TimeSpan.FromMilliseconds(700) };
        await using (var first = await GatewayProcess.StartAsync(env))
        {
            using var c = Client(first);
            await CreateAndStartAsync(c, receiver, ct);
            var until = DateTime.UtcNow.AddSeconds(60);
            while (receiver.Arrived.Count < 4)
            {
                Assert.True(DateTime.UtcNow < until, "no webhook arrived\n" + first.Output);
                await Task.Delay(20, ct);
            }

            await first.KillAsync();
        }

        var arrivedBeforeKill = receiver.Arrived.Count;
        var outbox = await OutboxAsync(db);
        Assert.Contains(outbox, e => !e.Delivered); // the kill left events undelivered

        await using (var second = await GatewayProcess.StartAsync(env))
        {
            // Events the killed process had claimed come back when its claim lease ends (WebhookDeliveryWorker.ClaimLease).
            var until = DateTime.UtcNow.AddSeconds(150);
            while ((outbox = await OutboxAsync(db)).Any(e => !e.Delivered))
            {
                Assert.True(DateTime.UtcNow < until, $"{outbox.Count(e => !e.Delivered)} events never delivered\n" + second.Output);
                await Task.Delay(250, ct);
            }

            await second.TerminateAsync(TimeSpan.FromSeconds(30));
        }

        // Every event of the outbox arrived (campaign.started, per destination attempt.finished and job.succeeded, and
        // campaign.completed), none is dead, and the arrivals hold nothing else.
        Assert.Equal((2 * Destinations) + 2, outbox.Count);
        var arrived = receiver.Arrived.ToArray();
        Assert.Equal(outbox.Select(e => e.Id).Order(), arrived.Distinct().Order());
        Assert.True(arrived.Length > arrived.Distinct().Count(), $"no event was in flight at the kill ({arrivedBeforeKill} had arrived)");

        // A repeat is the same event: its body's id is the header's id, the same in every copy.
        foreach (var (id, body) in receiver.Verified)
        {
            Assert.Equal(id, JsonDocument.Parse(body).RootElement.GetProperty("id").GetString());
        }

        Assert.Equal(0, receiver.BadSignatures);
        SqliteConnection.ClearAllPools();
        Directory.Delete(dir, recursive: true);
    }

    private static async Task<List<(string Id, bool Delivered)>> OutboxAsync(string db)
    {
        await using var c = new SqliteConnection($"Data Source={db};Mode=ReadOnly;Pooling=False");
        await c.OpenAsync();
        await using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT id, delivered_at IS NOT NULL, next_attempt_at IS NULL FROM outbox";
        await using var r = await cmd.ExecuteReaderAsync();
        var rows = new List<(string, bool)>();
        while (await r.ReadAsync())
        {
            Assert.False(r.GetBoolean(2) && !r.GetBoolean(1), $"event {r.GetString(0)} was given up");
            rows.Add((r.GetString(0), r.GetBoolean(1)));
        }

        return rows;
    }

    private static HttpClient Client(GatewayProcess gw)
    {
        var c = new HttpClient { BaseAddress = gw.BaseAddress, Timeout = TimeSpan.FromSeconds(20) };
        c.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Key);
        return c;
    }

    private static async Task CreateAndStartAsync(HttpClient c, WebhookReceiver receiver, CancellationToken ct)
    {
        using var pdf = SampleDocuments.Multipart(SampleDocuments.Pdf("hooks"), "h.pdf");
        using var uploaded = await c.PostAsync("api/v1/documents", pdf, ct);
        var doc = JsonDocument.Parse(await uploaded.Content.ReadAsStringAsync(ct)).RootElement.GetProperty("id").GetString();
        var body = new
        {
            name = "webhooks across a kill",
            documentIds = new[] { doc },
            webhook = new { url = receiver.Url.ToString(), secret = receiver.Secret },
            destinations = Enumerable.Range(0, Destinations).Select(i => new { number = $"+1212555{300 + i:0000}" }).ToArray(),
        };
        using var r = await c.PostAsync("api/v1/campaigns", Json.Body(body), ct);
        var text = await r.Content.ReadAsStringAsync(ct);
        Assert.True(r.IsSuccessStatusCode, text);
        var id = JsonDocument.Parse(text).RootElement.GetProperty("id").GetString()!;
        using var s = await c.PostAsync($"api/v1/campaigns/{id}/start", null, ct);
        Assert.True(s.IsSuccessStatusCode);
    }
}
