using System.Net.Http.Headers;
using System.Text.Json;
using Gateway.Tests.Infrastructure;
using Microsoft.Data.Sqlite;

namespace Gateway.Tests.Crash;

/// <summary>SIGTERM on a real process: no new calls, running calls drain, leases released, exit 0.</summary>
public sealed class GracefulStopTests
{
    private const string Key = "stop-admin-key-0123456789";

    [Theory]
    [InlineData(15.0, "succeeded")] // calls finish within the drain time
    [InlineData(0.3, "pending")] // calls are cut and handed back
    public async Task Sigterm_stops_new_calls_drains_running_ones_and_releases_the_rest(double drainSeconds, string expectedForRunning)
    {
        var ct = TestContext.Current.CancellationToken;
        var dir = Path.Combine(Path.GetTempPath(), "gateway-stop", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        var db = Path.Combine(dir, "gateway.db");
        var env = new Dictionary<string, string>
        {
            ["Store__Sqlite__Path"] = db,
            ["Api__BootstrapAdminKey"] = Key,
            ["Serilog__MinimumLevel__Default"] = "Warning",
            ["Serilog__WriteTo__1__Args__path"] = Path.Combine(dir, "logs", "gateway-.log"),
            ["Dispatcher__PollIntervalMs"] = "20",
            ["Dispatcher__MinIntervalPerNumberSeconds"] = "0",
            ["Dispatcher__CallsPerSecond"] = "100",
            ["Dispatcher__MaxConcurrentCalls"] = "2",
            ["Dispatcher__DrainSeconds"] = drainSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Calls__Scripted__Rules__0__DurationMs"] = "2500",
        };
        string campaign;
        await using (var gw = await GatewayProcess.StartAsync(env))
        {
            using var c = new HttpClient { BaseAddress = gw.BaseAddress };
            c.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Key);
            var doc = JsonDocument.Parse(await (await c.PostAsync("api/v1/documents", SampleDocuments.Multipart(SampleDocuments.Pdf(), "a.pdf"), ct)).Content.ReadAsStringAsync(ct))
                .RootElement.GetProperty("id").GetString();
            var created = await c.PostAsync("api/v1/campaigns", Json.Body(new
            {
                name = "stop",
                documentIds = new[] { doc },
                destinations = new[] { new { number = "+12125550101" }, new { number = "+12125550102" }, new { number = "+12125550103" } },
            }), ct);
            campaign = JsonDocument.Parse(await created.Content.ReadAsStringAsync(ct)).RootElement.GetProperty("id").GetString()!;
            await c.PostAsync($"api/v1/campaigns/{campaign}/start", null, ct);
            for (var i = 0; i < 200; i++)
            {
                var counts = JsonDocument.Parse(await c.GetStringAsync($"api/v1/campaigns/{campaign}", ct)).RootElement.GetProperty("counts");
                if (counts.GetProperty("active").GetInt32() == 2)
                {
                    break;
                }

                await Task.Delay(25, ct);
            }

            await gw.TerminateAsync(TimeSpan.FromSeconds(60));
            Assert.Equal(0, gw.ExitCode);
        }

        await using var conn = new SqliteConnection($"Data Source={db};Pooling=False");
        await conn.OpenAsync(ct);
        await using var cmd = conn.CreateCommand();
        cmd.CommandText = "SELECT j.number, j.status, j.lease_node, (SELECT COUNT(*) FROM eng_attempts a WHERE a.job_id = j.id), " +
            "(SELECT MAX(outcome) FROM eng_attempts a WHERE a.job_id = j.id) FROM eng_jobs j ORDER BY j.seq";
        await using var r = await cmd.ExecuteReaderAsync(ct);
        var rows = new List<(string Number, string Status, bool Leased, long Attempts, string? Outcome)>();
        while (await r.ReadAsync(ct))
        {
            rows.Add((r.GetString(0), r.GetString(1), !r.IsDBNull(2), r.GetInt64(3), r.IsDBNull(4) ? null : r.GetString(4)));
        }

        Assert.Equal(3, rows.Count);
        Assert.All(rows, row => Assert.False(row.Leased));
        var started = rows.Where(x => x.Attempts > 0).ToList();
        Assert.Equal(2, started.Count); // the third was never dialled: no new calls after SIGTERM
        Assert.All(started, x => Assert.Equal(expectedForRunning, x.Status));
        Assert.All(started, x => Assert.Equal(expectedForRunning == "pending" ? "interrupted" : "succeeded", x.Outcome));
        Assert.Equal("pending", rows.Single(x => x.Attempts == 0).Status);
        SqliteConnection.ClearAllPools();
        Directory.Delete(dir, recursive: true);
    }
}
