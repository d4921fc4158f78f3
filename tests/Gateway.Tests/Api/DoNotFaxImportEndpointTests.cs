using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Gateway.Tests.Audit;
using Gateway.Tests.Infrastructure;

namespace Gateway.Tests.Api;

/// <summary>
/// <c>POST /api/v1/do-not-fax/import</c> on the real service over HTTP, on SQLite and PostgreSQL: CSV and JSON, all or
/// nothing with every bad line named, and audited (the request, and each number it listed).
/// </summary>
public sealed class DoNotFaxImportEndpointTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static StringContent Csv(string text) => new(text, Encoding.UTF8, "text/csv");

    private static async Task<int> ListedAsync(HttpClient c) =>
        (await Json.ReadAsync(await c.GetAsync("api/v1/do-not-fax", Ct))).GetProperty("total").GetInt32();

    private static async Task<JsonElement[]> AuditAsync(HttpClient admin, string action) =>
        (await Json.ReadAsync(await admin.GetAsync($"api/v1/audit?action={action}", Ct))).GetProperty("items").EnumerateArray().ToArray();

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Csv_import_lists_new_numbers_and_audits_the_request_and_each_number(string provider)
    {
        var store = await AuditStore.CreateAsync(provider);
        await using var gw = await TestGateway.StartAsync(store.Settings);
        using var admin = gw.Client();
        using var op = gw.Client(await gw.CreateKeyAsync("operator"));
        Assert.Equal(HttpStatusCode.Created, (await op.PostAsync("api/v1/do-not-fax", Json.Body(new { number = "+12125550100" }), Ct)).StatusCode);

        const string File = "number,reason\n+1 212 555 0100,again\n(212) 555-0101,\"asked, twice\"\n212 555 0102,\n+12125550101,repeat\n";
        using var first = await Json.PostAsync(op, "api/v1/do-not-fax/import?region=US", Csv(File), "import-1");
        var body = await Json.ReadAsync(first);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal((2, 1, 1), (body.GetProperty("added").GetInt32(), body.GetProperty("alreadyListed").GetInt32(), body.GetProperty("repeated").GetInt32()));
        Assert.Equal(["+12125550101", "+12125550102"], body.GetProperty("numbers").EnumerateArray().Select(n => n.GetString()));
        Assert.Equal(3, await ListedAsync(op));

        // A repeat of the same request (same Idempotency-Key) is replayed: nothing is added or audited again.
        using var replay = await Json.PostAsync(op, "api/v1/do-not-fax/import?region=US", Csv(File), "import-1");
        Assert.Equal("true", replay.Headers.GetValues("Idempotent-Replayed").Single());

        var imports = await AuditAsync(admin, "do-not-fax.import");
        Assert.Equal(["replayed", "succeeded"], imports.Select(i => i.GetProperty("outcome").GetString()));
        Assert.Equal("2 added", imports[1].GetProperty("targetId").GetString());
        var adds = await AuditAsync(admin, "do-not-fax.add");
        Assert.Equal(["+12125550102", "+12125550101", "+12125550100"], adds.Select(a => a.GetProperty("targetId").GetString()));
        Assert.All(adds, a => Assert.Equal("operator-key", a.GetProperty("actorName").GetString()));
        Assert.Equal("/api/v1/do-not-fax/import", adds[0].GetProperty("path").GetString());
        Assert.Equal("/api/v1/do-not-fax", adds[2].GetProperty("path").GetString());
    }

    [Fact]
    public async Task Bad_entries_reject_the_whole_import_naming_each_line_and_change_nothing()
    {
        await using var gw = await TestGateway.StartAsync();
        using var admin = gw.Client();

        using var csv = await Json.PostAsync(admin, "api/v1/do-not-fax/import", Csv("number,reason\n+12125550100,ok\nnot a number,x\n+12125550102," + new string('r', 501) + "\n"));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, csv.StatusCode);
        var errors = (await csv.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("errors");
        Assert.Equal(["line 3.number", "line 4.reason"], errors.EnumerateObject().Select(p => p.Name));

        using var json = await Json.PostAsync(admin, "api/v1/do-not-fax/import", Json.Body(new { entries = new object[] { new { number = "+12125550100" }, new { number = "12" } } }));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, json.StatusCode);
        Assert.True((await json.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("errors").TryGetProperty("entries[1].number", out _));

        using var unreadable = await Json.PostAsync(admin, "api/v1/do-not-fax/import", Csv("number,comment\n+12125550100,x\n"));
        Assert.Equal(HttpStatusCode.BadRequest, unreadable.StatusCode);
        Assert.Contains("unknown column", await unreadable.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);

        using var empty = await Json.PostAsync(admin, "api/v1/do-not-fax/import", Json.Body(new { entries = Array.Empty<object>() }));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, empty.StatusCode);

        using var text = await Json.PostAsync(admin, "api/v1/do-not-fax/import", new StringContent("+12125550100", Encoding.UTF8, "text/plain"));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, text.StatusCode);

        Assert.Equal(0, await ListedAsync(admin));
        Assert.Empty(await AuditAsync(admin, "do-not-fax.add"));
        Assert.Equal(5, (await AuditAsync(admin, "do-not-fax.import")).Count(i => i.GetProperty("outcome").GetString() == "rejected"));
    }
}
