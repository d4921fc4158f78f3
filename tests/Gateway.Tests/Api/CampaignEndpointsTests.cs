using System.Net;
using System.Text;
using Gateway.Tests.Infrastructure;

namespace Gateway.Tests.Api;

public sealed class CampaignEndpointsTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_campaign_runs_from_draft_to_completed_with_every_fax_attempted_once()
    {
        await using var gw = await TestGateway.StartAsync();
        var id = await gw.CreateCampaignAsync(null, "+12125550101", "+74957390101", "+442079460101");
        using var c = gw.Client();
        var draft = await Json.ReadAsync(await c.GetAsync($"api/v1/campaigns/{id}", Ct));
        Assert.Equal("draft", draft.GetProperty("state").GetString());
        Assert.Equal(3, draft.GetProperty("counts").GetProperty("pending").GetInt32());

        using var start = await c.PostAsync($"api/v1/campaigns/{id}/start", null, Ct);
        Assert.Equal(HttpStatusCode.OK, start.StatusCode);
        var done = await gw.WaitCampaignStateAsync(id, "completed");
        Assert.Equal(3, done.GetProperty("counts").GetProperty("succeeded").GetInt32());

        var jobs = await Json.ReadAsync(await c.GetAsync($"api/v1/campaigns/{id}/jobs", Ct));
        var zones = jobs.GetProperty("items").EnumerateArray().ToDictionary(j => j.GetProperty("to").GetString()!, j => j.GetProperty("timeZone").GetString());
        Assert.Equal("America/New_York", zones["+12125550101"]);
        Assert.Equal("Europe/Moscow", zones["+74957390101"]);
        Assert.Equal("Europe/London", zones["+442079460101"]);
        foreach (var j in jobs.GetProperty("items").EnumerateArray())
        {
            var attempts = await Json.ReadAsync(await c.GetAsync($"api/v1/faxes/{j.GetProperty("id").GetString()}/attempts", Ct));
            var a = Assert.Single(attempts.EnumerateArray());
            Assert.Equal("succeeded", a.GetProperty("outcome").GetString());
            Assert.True(a.GetProperty("faxConfirmed").GetBoolean());
        }
    }

    /// <summary>RFC 4180 records of a CSV text (quoted fields, doubled quotes, CRLF).</summary>
    private static List<List<string>> ParseCsv(string text)
    {
        var rows = new List<List<string>>();
        var row = new List<string>();
        var field = new StringBuilder();
        bool quoted = false;
        for (int i = 0; i < text.Length; i++)
        {
            char ch = text[i];
            if (quoted)
            {
                if (ch == '"' && i + 1 < text.Length && text[i + 1] == '"') { field.Append('"'); i++; }
                else if (ch == '"') { quoted = false; }
                else { field.Append(ch); }
            }
            else if (ch == '"') { quoted = true; }
            else if (ch == ',') { row.Add(field.ToString()); field.Clear(); }
            else if (ch == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
            {
                row.Add(field.ToString());
                field.Clear();
                rows.Add(row);
                row = [];
                i++;
            }
            else { field.Append(ch); }
        }

        Assert.True(field.Length == 0 && row.Count == 0, "the report does not end with CRLF");
        return rows;
    }

    [Fact]
    public async Task The_report_lists_every_destination_with_its_outcome_and_last_call_as_csv()
    {
        await using var gw = await TestGateway.StartAsync();
        var id = await gw.CreateCampaignAsync(new
        {
            destinations = new object[]
            {
                new { number = "+12125550101", reference = "Acme, \"HQ\"" },
                new { number = "+74957390101", reference = "=HYPERLINK(\"x\")" },
            },
        });
        using var c = gw.Client();
        Assert.Equal(HttpStatusCode.OK, (await c.PostAsync($"api/v1/campaigns/{id}/start", null, Ct)).StatusCode);
        await gw.WaitCampaignStateAsync(id, "completed");

        using var r = await c.GetAsync($"api/v1/campaigns/{id}/report", Ct);
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        Assert.Equal("text/csv", r.Content.Headers.ContentType!.MediaType);
        Assert.Contains($"campaign-{id}.csv", r.Content.Headers.ContentDisposition!.ToString(), StringComparison.Ordinal);
        var rows = ParseCsv(await r.Content.ReadAsStringAsync(Ct));

        Assert.Equal("number,reference,time_zone,status,attempts,pages_confirmed,pages_total,last_failure_class,last_reason,next_attempt_at,completed_at,last_attempt_started_at,last_attempt_sip_status,transport,bit_rate,ecm,remote_ident", string.Join(',', rows[0]));
        Assert.Equal(3, rows.Count);
        var byNumber = rows.Skip(1).ToDictionary(x => x[0], x => rows[0].Zip(x).ToDictionary(p => p.First, p => p.Second));
        Assert.Equal("Acme, \"HQ\"", byNumber["+12125550101"]["reference"]);
        // A reference a spreadsheet would run as a formula is kept as text (OWASP CSV injection).
        Assert.Equal("'=HYPERLINK(\"x\")", byNumber["+74957390101"]["reference"]);
        foreach (var d in byNumber.Values)
        {
            Assert.Equal("succeeded", d["status"]);
            Assert.Equal("1", d["attempts"]);
            Assert.Equal("SCRIPTED FAR END", d["remote_ident"]);
            Assert.Equal("200", d["last_attempt_sip_status"]);
            Assert.True(DateTimeOffset.TryParse(d["completed_at"], System.Globalization.CultureInfo.InvariantCulture, out _), d["completed_at"]);
        }

        Assert.Equal("America/New_York", byNumber["+12125550101"]["time_zone"]);
        Assert.Equal(HttpStatusCode.NotFound, (await c.GetAsync("api/v1/campaigns/cmp_nope/report", Ct)).StatusCode);
    }

    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("+77270000000", "+77270000000")]
    [InlineData("-12", "-12")]
    [InlineData("-x", "'-x")]
    [InlineData("@SUM(1)", "'@SUM(1)")]
    [InlineData("a,b", "\"a,b\"")]
    [InlineData("say \"da\"", "\"say \"\"da\"\"\"")]
    [InlineData("=1,2", "\"'=1,2\"")]
    [InlineData("two\nlines", "\"two\nlines\"")]
    public void Report_fields_are_rfc_4180_and_never_a_spreadsheet_formula(string value, string field)
    {
        Assert.Equal(field, Gateway.Api.CampaignEndpoints.CsvField(value));
    }

    [Fact]
    public async Task State_changes_follow_the_allowed_transitions_and_answer_409_otherwise()
    {
        await using var gw = await TestGateway.StartAsync();
        using var c = gw.Client();
        var empty = await gw.CreateCampaignAsync();
        Assert.Equal(HttpStatusCode.Conflict, (await c.PostAsync($"api/v1/campaigns/{empty}/start", null, Ct)).StatusCode);

        var id = await gw.CreateCampaignAsync(new { callWindows = new[] { new { days = new[] { "mon" }, from = "00:00", to = "00:01" } } }, "+12125550101");
        Assert.Equal(HttpStatusCode.Conflict, (await c.PostAsync($"api/v1/campaigns/{id}/resume", null, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await c.PostAsync($"api/v1/campaigns/{id}/start", null, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await c.PostAsync($"api/v1/campaigns/{id}/start", null, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await c.PostAsync($"api/v1/campaigns/{id}/pause", null, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await c.PostAsync($"api/v1/campaigns/{id}/resume", null, Ct)).StatusCode);
        using var cancel = await c.PostAsync($"api/v1/campaigns/{id}/cancel", null, Ct);
        var cancelled = await Json.ReadAsync(cancel);
        Assert.Equal("cancelled", cancelled.GetProperty("state").GetString());
        Assert.Equal(1, cancelled.GetProperty("counts").GetProperty("cancelled").GetInt32());
        Assert.Equal(HttpStatusCode.Conflict, (await c.PostAsync($"api/v1/campaigns/{id}/pause", null, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await c.PostAsync("api/v1/campaigns/cmp_nope/start", null, Ct)).StatusCode);
    }

    [Fact]
    public async Task Lists_filter_by_state_and_name_and_paginate()
    {
        await using var gw = await TestGateway.StartAsync();
        using var c = gw.Client();
        for (var i = 0; i < 3; i++)
        {
            await gw.CreateCampaignAsync();
        }

        var page = await Json.ReadAsync(await c.GetAsync("api/v1/campaigns?state=draft&pageSize=2&page=2", Ct));
        Assert.Equal(3, page.GetProperty("total").GetInt32());
        Assert.Equal(1, page.GetProperty("items").GetArrayLength());
        Assert.Equal(0, (await Json.ReadAsync(await c.GetAsync("api/v1/campaigns?state=active", Ct))).GetProperty("total").GetInt32());
        Assert.Equal(0, (await Json.ReadAsync(await c.GetAsync("api/v1/campaigns?name=zzz", Ct))).GetProperty("total").GetInt32());
        Assert.Equal(HttpStatusCode.BadRequest, (await c.GetAsync("api/v1/campaigns?state=running", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await c.GetAsync("api/v1/campaigns?pageSize=100000", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await c.GetAsync("api/v1/campaigns?page=0", Ct)).StatusCode);
    }

    [Fact]
    public async Task Destinations_by_csv_are_added_and_a_csv_with_bad_rows_adds_nothing_and_names_the_lines()
    {
        await using var gw = await TestGateway.StartAsync();
        using var c = gw.Client();
        var id = await gw.CreateCampaignAsync();
        var good = "number,timeZone,reference\n+12125550101,,a\n\"+7 495 739-01-01\",Europe/Moscow,\"b, quoted\"\r\n";
        using var ok = await c.PostAsync($"api/v1/campaigns/{id}/destinations", new StringContent(good, Encoding.UTF8, "text/csv"), Ct);
        Assert.Equal(HttpStatusCode.Created, ok.StatusCode);
        Assert.Equal(2, (await Json.ReadAsync(ok)).GetProperty("added").GetInt32());

        var bad = "number,timeZone\n+12125550102,\nnot-a-number,\n+74957390102,Mars/Olympus\n";
        using var r = await c.PostAsync($"api/v1/campaigns/{id}/destinations", new StringContent(bad, Encoding.UTF8, "text/csv"), Ct);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, r.StatusCode);
        var problem = await Json.ReadAsync(r);
        var errors = problem.GetProperty("errors");
        Assert.True(errors.TryGetProperty("line 3.number", out _));
        Assert.True(errors.TryGetProperty("line 4.timeZone", out _));

        using var malformed = await c.PostAsync($"api/v1/campaigns/{id}/destinations", new StringContent("number\n\"+1212", Encoding.UTF8, "text/csv"), Ct);
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        using var badHeader = await c.PostAsync($"api/v1/campaigns/{id}/destinations", new StringContent("phone\n+12125550103\n", Encoding.UTF8, "text/csv"), Ct);
        Assert.Equal(HttpStatusCode.BadRequest, badHeader.StatusCode);
        using var xml = await c.PostAsync($"api/v1/campaigns/{id}/destinations", new StringContent("<x/>", Encoding.UTF8, "application/xml"), Ct);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, xml.StatusCode);

        var campaign = await Json.ReadAsync(await c.GetAsync($"api/v1/campaigns/{id}", Ct));
        Assert.Equal(2, campaign.GetProperty("counts").GetProperty("total").GetInt32());
    }

    [Theory]
    [InlineData("{\"name\":\"x\",\"documentIds\":[\"DOC\"],\"defaultTimeZone\":\"Europe/Atlantis\"}", "defaultTimeZone")]
    [InlineData("{\"name\":\"x\",\"documentIds\":[\"DOC\"],\"destinations\":[{\"number\":\"+1\"}]}", "destinations[0].number")]
    [InlineData("{\"name\":\"x\",\"documentIds\":[\"DOC\"],\"destinations\":[{\"number\":\"+12125550101\",\"timeZone\":\"Nowhere/City\"}]}", "destinations[0].timeZone")]
    [InlineData("{\"name\":\"x\",\"documentIds\":[\"doc_missing\"]}", "documentIds[0]")]
    [InlineData("{\"name\":\"\",\"documentIds\":[\"DOC\"]}", "name")]
    [InlineData("{\"name\":\"x\",\"documentIds\":[\"DOC\"],\"callWindows\":[{\"days\":[\"mon\"],\"from\":\"17:00\",\"to\":\"09:00\"}]}", "callWindows[0]")]
    [InlineData("{\"name\":\"x\",\"documentIds\":[\"DOC\"],\"callWindows\":[{\"days\":[\"funday\"],\"from\":\"09:00\",\"to\":\"17:00\"}]}", "callWindows[0].days")]
    [InlineData("{\"name\":\"x\",\"documentIds\":[\"DOC\"],\"holidays\":[\"2026-13-01\"]}", "holidays[0]")]
    [InlineData("{\"name\":\"x\",\"documentIds\":[\"DOC\"],\"webhook\":{\"url\":\"ftp://x\",\"secret\":\"0123456789abcdef\"}}", "webhook.url")]
    [InlineData("{\"name\":\"x\",\"documentIds\":[\"DOC\"],\"retryPolicy\":{\"classes\":{\"succeeded\":{\"maxAttempts\":1}}}}", "retryPolicy.classes.succeeded")]
    [InlineData("{\"name\":\"x\",\"documentIds\":[\"DOC\"],\"sender\":{\"tsi\":\"012345678901234567890123\"}}", "sender.tsi")]
    public async Task Invalid_campaigns_are_422_naming_the_field_and_create_nothing(string body, string field)
    {
        await using var gw = await TestGateway.StartAsync();
        var doc = await gw.UploadPdfAsync();
        using var c = gw.Client();
        using var r = await c.PostAsync("api/v1/campaigns", Json.Raw(body.Replace("DOC", doc, StringComparison.Ordinal)), Ct);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, r.StatusCode);
        Assert.True((await Json.ReadAsync(r)).GetProperty("errors").TryGetProperty(field, out _));
        Assert.Equal(0, (await Json.ReadAsync(await c.GetAsync("api/v1/campaigns", Ct))).GetProperty("total").GetInt32());
    }

    [Theory]
    [InlineData("{\"name\":\"x\",", HttpStatusCode.BadRequest)]
    [InlineData("{\"name\":\"x\",\"priority\":\"high\"}", HttpStatusCode.BadRequest)]
    [InlineData("null", HttpStatusCode.BadRequest)]
    public async Task Malformed_json_is_400_with_a_problem_and_creates_nothing(string body, HttpStatusCode expected)
    {
        await using var gw = await TestGateway.StartAsync();
        using var c = gw.Client();
        using var r = await c.PostAsync("api/v1/campaigns", Json.Raw(body), Ct);
        Assert.Equal(expected, r.StatusCode);
        Assert.Equal("application/problem+json", r.Content.Headers.ContentType?.MediaType);
        Assert.Equal(0, (await Json.ReadAsync(await c.GetAsync("api/v1/campaigns", Ct))).GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task The_same_create_with_the_same_idempotency_key_creates_one_campaign_and_replays_the_answer()
    {
        await using var gw = await TestGateway.StartAsync();
        var doc = await gw.UploadPdfAsync();
        using var c = gw.Client();
        var body = $"{{\"name\":\"once\",\"documentIds\":[\"{doc}\"],\"destinations\":[{{\"number\":\"+12125550101\"}}]}}";
        using var a = await Json.PostAsync(c, "api/v1/campaigns", Json.Raw(body), "create-1");
        using var b = await Json.PostAsync(c, "api/v1/campaigns", Json.Raw(body), "create-1");
        Assert.Equal(HttpStatusCode.Created, a.StatusCode);
        Assert.Equal(HttpStatusCode.Created, b.StatusCode);
        Assert.Equal(await a.Content.ReadAsStringAsync(Ct), await b.Content.ReadAsStringAsync(Ct));
        Assert.Equal(a.Headers.Location, b.Headers.Location);
        Assert.True(b.Headers.Contains("Idempotent-Replayed"));
        using var other = await Json.PostAsync(c, "api/v1/campaigns", Json.Raw(body.Replace("once", "twice", StringComparison.Ordinal)), "create-1");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, other.StatusCode);
        Assert.Equal(1, (await Json.ReadAsync(await c.GetAsync("api/v1/campaigns", Ct))).GetProperty("total").GetInt32());

        // Another key's namespace is separate.
        using var d = await Json.PostAsync(gw.Client(await gw.CreateKeyAsync("submitter")), "api/v1/campaigns", Json.Raw(body), "create-1");
        Assert.Equal(HttpStatusCode.Created, d.StatusCode);
        Assert.Equal(2, (await Json.ReadAsync(await c.GetAsync("api/v1/campaigns", Ct))).GetProperty("total").GetInt32());
    }
}
