using System.Net;
using System.Text.Json;
using Gateway.Tests.Infrastructure;

namespace Gateway.Tests.Audit;

/// <summary>
/// The audit log end to end on the real service over HTTP, on SQLite and on PostgreSQL: what keys do is recorded
/// with who, what, target, client address and outcome; only admins read it; the table refuses change.
/// </summary>
public sealed class AuditLogTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Records_who_did_what_to_which_target_with_the_outcome(string provider)
    {
        var store = await AuditStore.CreateAsync(provider);
        await using var gw = await TestGateway.StartAsync(store.Settings);
        var operatorKey = await gw.CreateKeyAsync("operator");
        var viewerKey = await gw.CreateKeyAsync("viewer");
        using var op = gw.Client(operatorKey);
        using var viewer = gw.Client(viewerKey);
        using var admin = gw.Client();

        Assert.Equal(HttpStatusCode.Created, (await op.PostAsync("api/v1/do-not-fax", Json.Body(new { number = "+12125550100", reason = "asked" }), Ct)).StatusCode);
        using (var again = await Json.PostAsync(op, "api/v1/do-not-fax", Json.Body(new { number = "+12125550101" }), "dnf-1"))
        {
            Assert.Equal(HttpStatusCode.Created, again.StatusCode);
        }

        using (var replay = await Json.PostAsync(op, "api/v1/do-not-fax", Json.Body(new { number = "+12125550101" }), "dnf-1"))
        {
            Assert.Equal(HttpStatusCode.Created, replay.StatusCode);
        }

        Assert.Equal(HttpStatusCode.NoContent, (await op.DeleteAsync("api/v1/do-not-fax/%2B12125550100", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.PostAsync("api/v1/do-not-fax", Json.Body(new { number = "+12125550102" }), Ct)).StatusCode);
        var campaign = await gw.CreateCampaignAsync();
        Assert.Equal(HttpStatusCode.Conflict, (await op.PostAsync($"api/v1/campaigns/{campaign}/start", null, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await viewer.GetAsync("api/v1/campaigns", Ct)).StatusCode); // reads are not audited

        var byOperator = await ReadAsync(admin, "api/v1/audit?actor=operator-key");
        Assert.Equal(
            ["campaign.start rejected 409", "do-not-fax.remove succeeded 204", "do-not-fax.add replayed 201", "do-not-fax.add succeeded 201", "do-not-fax.add succeeded 201"],
            Lines(byOperator));
        var items = byOperator.GetProperty("items").EnumerateArray().ToArray();
        Assert.Equal(campaign, items[0].GetProperty("targetId").GetString());
        Assert.Equal("+12125550100", items[1].GetProperty("targetId").GetString());
        Assert.Equal("+12125550101", items[2].GetProperty("targetId").GetString());
        Assert.All(items, i => Assert.Equal("127.0.0.1", i.GetProperty("clientAddress").GetString()));
        Assert.All(items, i => Assert.Equal("operator-key", i.GetProperty("actorName").GetString()));
        Assert.Equal("POST", items[0].GetProperty("method").GetString());
        Assert.Equal($"/api/v1/campaigns/{campaign}/start", items[0].GetProperty("path").GetString());
        var ids = items.Select(i => i.GetProperty("id").GetInt64()).ToArray();
        Assert.Equal(ids.OrderDescending(), ids);

        var byViewer = await ReadAsync(admin, "api/v1/audit?actor=viewer-key");
        Assert.Equal(["do-not-fax.add denied 403"], Lines(byViewer));

        // The admin's own actions: two keys, a document, a campaign (target ids from the Location of each).
        var byAdmin = await ReadAsync(admin, "api/v1/audit?actor=bootstrap-admin");
        Assert.Equal(["campaign.create succeeded 201", "document.upload succeeded 201", "api-key.create succeeded 201", "api-key.create succeeded 201"], Lines(byAdmin));
        Assert.Equal(campaign, byAdmin.GetProperty("items")[0].GetProperty("targetId").GetString());
        Assert.StartsWith("key_", byAdmin.GetProperty("items")[3].GetProperty("targetId").GetString(), StringComparison.Ordinal);
        var keyId = byAdmin.GetProperty("items")[3].GetProperty("actorKeyId").GetString()!;
        Assert.Equal(4, (await ReadAsync(admin, $"api/v1/audit?actor={keyId}")).GetProperty("total").GetInt32());
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Admins_filter_by_action_and_time_and_page_and_others_are_refused(string provider)
    {
        var store = await AuditStore.CreateAsync(provider);
        await using var gw = await TestGateway.StartAsync(store.Settings);
        using var admin = gw.Client();
        var before = DateTimeOffset.UtcNow.AddSeconds(-1);
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(HttpStatusCode.Created, (await admin.PostAsync("api/v1/do-not-fax", Json.Body(new { number = $"+1212555020{i}" }), Ct)).StatusCode);
        }

        var operatorKey = await gw.CreateKeyAsync("operator");
        var after = DateTimeOffset.UtcNow.AddSeconds(1);

        var adds = await ReadAsync(admin, "api/v1/audit?action=do-not-fax.add&pageSize=2&page=2");
        Assert.Equal(5, adds.GetProperty("total").GetInt32());
        Assert.Equal(2, adds.GetProperty("pageSize").GetInt32());
        Assert.Equal(["+12125550202", "+12125550201"], adds.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("targetId").GetString()).ToArray());

        Assert.Equal(6, (await ReadAsync(admin, $"api/v1/audit?from={Uri.EscapeDataString(before.ToString("O"))}&to={Uri.EscapeDataString(after.ToString("O"))}")).GetProperty("total").GetInt32());
        Assert.Equal(0, (await ReadAsync(admin, $"api/v1/audit?from={Uri.EscapeDataString(after.ToString("O"))}")).GetProperty("total").GetInt32());
        Assert.Equal(0, (await ReadAsync(admin, $"api/v1/audit?to={Uri.EscapeDataString(before.ToString("O"))}")).GetProperty("total").GetInt32());
        Assert.Equal(0, (await ReadAsync(admin, "api/v1/audit?actor=nobody")).GetProperty("total").GetInt32());

        using var badTime = await admin.GetAsync("api/v1/audit?from=yesterday", Ct);
        Assert.Equal(HttpStatusCode.BadRequest, badTime.StatusCode);
        Assert.Contains("'from'", await badTime.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.GetAsync("api/v1/audit?pageSize=0", Ct)).StatusCode);

        foreach (var role in new[] { "viewer", "submitter" })
        {
            using var c = gw.Client(await gw.CreateKeyAsync(role));
            Assert.Equal(HttpStatusCode.Forbidden, (await c.GetAsync("api/v1/audit", Ct)).StatusCode);
        }

        using var op = gw.Client(operatorKey);
        Assert.Equal(HttpStatusCode.Forbidden, (await op.GetAsync("api/v1/audit", Ct)).StatusCode);
        using var anonymous = gw.Client(null);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("api/v1/audit", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, (await admin.DeleteAsync("api/v1/audit", Ct)).StatusCode);
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task The_table_refuses_update_and_delete(string provider)
    {
        var store = await AuditStore.CreateAsync(provider);
        await using var gw = await TestGateway.StartAsync(store.Settings);
        using var admin = gw.Client();
        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsync("api/v1/do-not-fax", Json.Body(new { number = "+12125550300" }), Ct)).StatusCode);

        await using var c = await store.OpenAsync(gw);
        var statements = new List<string>
        {
            "UPDATE host_audit_log SET outcome = 'succeeded', actor_name = 'someone-else'",
            "DELETE FROM host_audit_log",
        };
        if (provider == "postgres")
        {
            statements.Add("TRUNCATE host_audit_log");
        }

        foreach (var sql in statements)
        {
            await using var cmd = c.CreateCommand();
            cmd.CommandText = sql;
            var e = await Assert.ThrowsAnyAsync<System.Data.Common.DbException>(() => cmd.ExecuteNonQueryAsync(Ct));
            Assert.Contains("append-only", e.Message, StringComparison.Ordinal);
        }

        await using var read = c.CreateCommand();
        read.CommandText = "SELECT actor_name || ' ' || action || ' ' || target_id FROM host_audit_log";
        Assert.Equal("bootstrap-admin do-not-fax.add +12125550300", await read.ExecuteScalarAsync(Ct));
        await c.CloseAsync();
        Npgsql.NpgsqlConnection.ClearAllPools();
    }

    private static async Task<JsonElement> ReadAsync(HttpClient client, string path)
    {
        using var r = await client.GetAsync(path, Ct);
        Assert.True(r.StatusCode == HttpStatusCode.OK, $"{path}: {(int)r.StatusCode} {await r.Content.ReadAsStringAsync(Ct)}");
        return await Json.ReadAsync(r);
    }

    private static string[] Lines(JsonElement page) => page.GetProperty("items").EnumerateArray()
        .Select(i => $"{i.GetProperty("action").GetString()} {i.GetProperty("outcome").GetString()} {i.GetProperty("statusCode").GetInt32()}")
        .ToArray();
}
