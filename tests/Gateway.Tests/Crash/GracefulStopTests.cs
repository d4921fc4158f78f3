using System.Net.Http.Headers;
using System.Text.Json;
using Gateway.Tests.Infrastructure;
using Gateway.Campaigns.Domain;
using Gateway.Campaigns.Store;
using Microsoft.Data.Sqlite;

namespace Gateway.Tests.Crash;

/// <summary>SIGTERM on a real process: no new calls, running calls drain, leases released, exit 0.</summary>
public sealed class GracefulStopTests
{
    private const string Key = "stop-admin-key-0123456789";

    [Theory]
    [InlineData(15.0, "succeeded")] // calls finish within the drain time
    [InlineData(0.3, "pending")] // calls are cut and handed back, not counted as attempts
    public async Task Sigterm_stops_new_calls_drains_running_ones_and_releases_the_rest(double drainSeconds, string expectedForRunning)
    {
        var expected = Enum.Parse<JobState>(expectedForRunning, ignoreCase: true);
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

        // Read what the stopped process left in the campaign store.
        var store = new SqliteStore(db);
        var jobs = (await store.ListJobsAsync(new JobQuery(Guid.Parse(campaign)), ct)).Items;
        var rows = new List<(JobState State, IReadOnlyList<Attempt> Attempts)>();
        foreach (var job in jobs)
        {
            rows.Add((job.State, await store.ListAttemptsAsync(job.Id, ct)));
        }

        Assert.Equal(3, rows.Count);
        Assert.All(rows, row => Assert.All(row.Attempts, a => Assert.NotEqual(AttemptState.Leased, a.State))); // no lease left behind
        var started = rows.Where(x => x.Attempts.Count > 0).ToList();
        Assert.Equal(2, started.Count); // the third was never dialled: no new calls after SIGTERM
        Assert.All(started, x => Assert.Equal(expected, x.State));
        Assert.All(started, x => Assert.Equal(expected == JobState.Pending ? AttemptState.Released : AttemptState.Completed, Assert.Single(x.Attempts).State));
        Assert.All(started, x => Assert.Equal(expected == JobState.Pending ? 0 : 1, jobs.Single(j => j.State == x.State && x.Attempts[0].JobId == j.Id).AttemptCount));
        Assert.Equal(JobState.Pending, rows.Single(x => x.Attempts.Count == 0).State);
        SqliteConnection.ClearAllPools();
        Directory.Delete(dir, recursive: true);
    }
}
