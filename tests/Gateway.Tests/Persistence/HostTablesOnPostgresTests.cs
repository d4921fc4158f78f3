using System.Net;
using Gateway.Tests.Infrastructure;
using Npgsql;

namespace Gateway.Tests.Persistence;

/// <summary>
/// The whole service on PostgreSQL (<c>Store:Provider=postgres</c>) against the real server named by
/// GATEWAY_TEST_POSTGRES (scripts/ci/start-postgres.sh): the host tables (API keys, idempotency) and the campaign
/// store migrate into one fresh database, and a campaign runs to completion through the dispatcher.
/// </summary>
public sealed class HostTablesOnPostgresTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Keys_idempotency_documents_and_a_campaign_work_on_postgres()
    {
        var baseString = Environment.GetEnvironmentVariable("GATEWAY_TEST_POSTGRES");
        Assert.False(string.IsNullOrWhiteSpace(baseString), "GATEWAY_TEST_POSTGRES is not set: run 'bash scripts/ci/start-postgres.sh /tmp/gwsvc' and export what it prints");
        var name = "gw_host_" + Guid.NewGuid().ToString("N");
        await using (var admin = new NpgsqlConnection(baseString))
        {
            await admin.OpenAsync(Ct);
            await using var create = new NpgsqlCommand($"CREATE DATABASE {name}", admin);
            await create.ExecuteNonQueryAsync(Ct);
        }

        var connection = new NpgsqlConnectionStringBuilder(baseString) { Database = name }.ConnectionString;
        await using (var gw = await TestGateway.StartAsync("Store:Provider=postgres", $"Store:Postgres:ConnectionString={connection}"))
        {
            // API keys (host_api_keys): a created key authenticates with its role.
            using var viewer = gw.Client(await gw.CreateKeyAsync("viewer"));
            Assert.Equal(HttpStatusCode.OK, (await viewer.GetAsync("api/v1/campaigns", Ct)).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await viewer.PostAsync("api/v1/campaigns", Json.Raw("{}"), Ct)).StatusCode);

            // Idempotency (host_idempotency): a repeat is replayed, nothing is created twice.
            var doc = await gw.UploadPdfAsync("pg");
            using var c = gw.Client();
            var body = $"{{\"name\":\"pg\",\"documentIds\":[\"{doc}\"],\"destinations\":[{{\"number\":\"+12125550101\"}},{{\"number\":\"+77272501234\"}}]}}";
            using var first = await Json.PostAsync(c, "api/v1/campaigns", Json.Raw(body), "pg-create");
            using var again = await Json.PostAsync(c, "api/v1/campaigns", Json.Raw(body), "pg-create");
            Assert.Equal(HttpStatusCode.Created, first.StatusCode);
            Assert.True(again.Headers.Contains("Idempotent-Replayed"));
            Assert.Equal(await first.Content.ReadAsStringAsync(Ct), await again.Content.ReadAsStringAsync(Ct));
            Assert.Equal(1, (await Json.ReadAsync(await c.GetAsync("api/v1/campaigns", Ct))).GetProperty("total").GetInt32());

            // The campaign store and the dispatcher on the same database.
            var id = (await Json.ReadAsync(first)).GetProperty("id").GetString()!;
            Assert.Equal(HttpStatusCode.OK, (await c.PostAsync($"api/v1/campaigns/{id}/start", null, Ct)).StatusCode);
            var done = await gw.WaitCampaignStateAsync(id, "completed");
            Assert.Equal(2, done.GetProperty("counts").GetProperty("succeeded").GetInt32());
        }

        await using var check = new NpgsqlConnection(connection);
        await check.OpenAsync(Ct);
        await using var tables = new NpgsqlCommand(
            "SELECT string_agg(table_name, ',' ORDER BY table_name) FROM information_schema.tables WHERE table_schema = 'public' AND table_name IN ('host_api_keys','host_idempotency','campaigns','jobs','documents')", check);
        Assert.Equal("campaigns,documents,host_api_keys,host_idempotency,jobs", await tables.ExecuteScalarAsync(Ct));
        NpgsqlConnection.ClearAllPools();
    }
}
