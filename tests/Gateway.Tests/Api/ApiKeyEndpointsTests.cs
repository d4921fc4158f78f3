using System.Net;
using Gateway.Tests.Infrastructure;

namespace Gateway.Tests.Api;

public sealed class ApiKeyEndpointsTests
{
    [Fact]
    public async Task Admin_creates_lists_and_revokes_a_key_and_the_revoked_key_stops_working()
    {
        await using var gw = await TestGateway.StartAsync();
        var ct = TestContext.Current.CancellationToken;
        var viewer = await gw.CreateKeyAsync("viewer");
        using var asViewer = gw.Client(viewer);
        Assert.Equal(HttpStatusCode.OK, (await asViewer.GetAsync("api/v1/campaigns", ct)).StatusCode);

        using var admin = gw.Client();
        var list = await Json.ReadAsync(await admin.GetAsync("api/v1/keys", ct));
        var entry = list.EnumerateArray().Single(k => k.GetProperty("role").GetString() == "viewer");
        Assert.Equal(viewer[..8], entry.GetProperty("prefix").GetString());
        Assert.False(entry.TryGetProperty("key", out _));

        var id = entry.GetProperty("id").GetString();
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"api/v1/keys/{id}", ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await asViewer.GetAsync("api/v1/campaigns", ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.DeleteAsync($"api/v1/keys/{id}", ct)).StatusCode);
    }

    [Fact]
    public async Task Stores_only_the_sha256_of_a_key()
    {
        await using var gw = await TestGateway.StartAsync();
        var secret = await gw.CreateKeyAsync("operator");
        var dbBytes = await File.ReadAllBytesAsync(Path.Combine(gw.Directory, "gateway.db"), TestContext.Current.CancellationToken);
        var walPath = Path.Combine(gw.Directory, "gateway.db-wal");
        var wal = File.Exists(walPath) ? await File.ReadAllBytesAsync(walPath, TestContext.Current.CancellationToken) : [];
        var text = System.Text.Encoding.ASCII.GetString([.. dbBytes, .. wal]);
        Assert.DoesNotContain(secret, text, StringComparison.Ordinal);
        Assert.Contains(Gateway.Api.Auth.ApiKeySecret.Hash(secret), text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"name\":\"x\",\"role\":\"superuser\"}", HttpStatusCode.UnprocessableEntity)]
    [InlineData("{\"name\":\"\",\"role\":\"viewer\"}", HttpStatusCode.UnprocessableEntity)]
    [InlineData("{\"name\":\"x\",\"role\":\"4\"}", HttpStatusCode.UnprocessableEntity)]
    [InlineData("{\"name\":\"x\",", HttpStatusCode.BadRequest)]
    [InlineData("[1,2]", HttpStatusCode.BadRequest)]
    public async Task Rejects_a_bad_key_request_with_a_problem_and_creates_nothing(string body, HttpStatusCode expected)
    {
        await using var gw = await TestGateway.StartAsync();
        using var admin = gw.Client();
        var ct = TestContext.Current.CancellationToken;
        using var r = await admin.PostAsync("api/v1/keys", Json.Raw(body), ct);
        Assert.Equal(expected, r.StatusCode);
        Assert.Equal("application/problem+json", r.Content.Headers.ContentType?.MediaType);
        var list = await Json.ReadAsync(await admin.GetAsync("api/v1/keys", ct));
        Assert.Equal(1, list.GetArrayLength());
    }

    [Fact]
    public async Task A_repeated_key_creation_with_the_same_idempotency_key_does_not_create_or_reveal_a_second_key()
    {
        await using var gw = await TestGateway.StartAsync();
        using var admin = gw.Client();
        var ct = TestContext.Current.CancellationToken;
        using var first = await Json.PostAsync(admin, "api/v1/keys", Json.Body(new { name = "a", role = "viewer" }), "k-1");
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        using var second = await Json.PostAsync(admin, "api/v1/keys", Json.Body(new { name = "a", role = "viewer" }), "k-1");
        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        Assert.Contains(first.Headers.Location!.ToString(), await second.Content.ReadAsStringAsync(ct), StringComparison.Ordinal);
        Assert.Equal(2, (await Json.ReadAsync(await admin.GetAsync("api/v1/keys", ct))).GetArrayLength());
    }

    [Fact]
    public async Task A_bootstrap_key_survives_a_restart_without_a_duplicate()
    {
        var dir = Path.Combine(Path.GetTempPath(), "gateway-tests", Guid.NewGuid().ToString("N"));
        var db = Path.Combine(dir, "boot.db");
        var ct = TestContext.Current.CancellationToken;
        for (var i = 0; i < 2; i++)
        {
            await using var gw = await TestGateway.StartAsync($"Store:Sqlite:Path={db}");
            using var admin = gw.Client();
            var keys = await Json.ReadAsync(await admin.GetAsync("api/v1/keys", ct));
            Assert.Equal(1, keys.GetArrayLength());
            Assert.Equal("admin", keys[0].GetProperty("role").GetString());
        }

        Directory.Delete(dir, recursive: true);
    }
}
