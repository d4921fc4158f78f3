using System.Net;
using Gateway.Tests.Infrastructure;

namespace Gateway.Tests.Api;

public sealed class FaxAndListEndpointsTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_single_fax_is_sent_with_retries_by_failure_class_and_its_attempts_are_listed()
    {
        await using var gw = await TestGateway.StartAsync(
            "Calls:Scripted:Rules:0:Match=^\\+1646",
            "Calls:Scripted:Rules:0:Outcomes:0=Busy",
            "Calls:Scripted:Rules:0:Outcomes:1=NoAnswer",
            "Calls:Scripted:Rules:0:Outcomes:2=Succeeded",
            "Calls:Scripted:Rules:1:Match=.*");
        var doc = await gw.UploadPdfAsync();
        using var c = gw.Client();
        using var r = await c.PostAsync("api/v1/faxes", Json.Body(new
        {
            to = "+16465550100",
            documentIds = new[] { doc },
            retryPolicy = new { classes = new { busy = new { delaySeconds = 0.05 }, noAnswer = new { delaySeconds = 0.05 } } },
        }), Ct);
        Assert.Equal(HttpStatusCode.Created, r.StatusCode);
        var fax = await Json.ReadAsync(r);
        var id = fax.GetProperty("id").GetString();
        for (var i = 0; i < 200 && fax.GetProperty("status").GetString() != "succeeded"; i++)
        {
            await Task.Delay(50, Ct);
            fax = await Json.ReadAsync(await c.GetAsync($"api/v1/faxes/{id}", Ct));
        }

        Assert.Equal("succeeded", fax.GetProperty("status").GetString());
        var attempts = (await Json.ReadAsync(await c.GetAsync($"api/v1/faxes/{id}/attempts", Ct))).EnumerateArray().ToList();
        Assert.Equal(["busy", "noAnswer", "succeeded"], attempts.Select(a => a.GetProperty("outcome").GetString()));
        Assert.Equal([486, 480, 200], attempts.Select(a => a.GetProperty("sipStatus").GetInt32()));
        Assert.Equal(HttpStatusCode.Conflict, (await c.PostAsync($"api/v1/faxes/{id}/cancel", null, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await c.GetAsync("api/v1/faxes/fax_nope", Ct)).StatusCode);
    }

    [Fact]
    public async Task A_number_never_answered_stops_after_the_small_no_answer_cap()
    {
        await using var gw = await TestGateway.StartAsync("Calls:Scripted:Rules:0:Outcomes:0=NoAnswer");
        var doc = await gw.UploadPdfAsync();
        using var c = gw.Client();
        var fax = await Json.ReadAsync(await c.PostAsync("api/v1/faxes", Json.Body(new
        {
            to = "+12125550100",
            documentIds = new[] { doc },
            retryPolicy = new { classes = new { noAnswer = new { delaySeconds = 0.05 } } },
        }), Ct));
        var id = fax.GetProperty("id").GetString();
        for (var i = 0; i < 200 && fax.GetProperty("status").GetString() != "failed"; i++)
        {
            await Task.Delay(50, Ct);
            fax = await Json.ReadAsync(await c.GetAsync($"api/v1/faxes/{id}", Ct));
        }

        Assert.Equal("failed", fax.GetProperty("status").GetString());
        Assert.Equal("noAnswer", fax.GetProperty("lastFailureClass").GetString());
        Assert.Equal(2, fax.GetProperty("attemptCount").GetInt32()); // a number never answered stops at the default cap of 2 attempts
    }

    [Fact]
    public async Task A_number_on_the_do_not_fax_list_is_never_dialled_and_ends_refused()
    {
        await using var gw = await TestGateway.StartAsync();
        using var c = gw.Client();
        using var add = await c.PostAsync("api/v1/do-not-fax", Json.Body(new { number = "(212) 555-0100", region = "US", reason = "asked" }), Ct);
        Assert.Equal(HttpStatusCode.Created, add.StatusCode);
        Assert.Equal("+12125550100", (await Json.ReadAsync(add)).GetProperty("number").GetString());
        Assert.Equal(HttpStatusCode.OK, (await c.PostAsync("api/v1/do-not-fax", Json.Body(new { number = "+12125550100" }), Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await c.PostAsync("api/v1/do-not-fax", Json.Body(new { number = "12" }), Ct)).StatusCode);

        var id = await gw.CreateCampaignAsync(null, "+12125550100", "+12125550101");
        await c.PostAsync($"api/v1/campaigns/{id}/start", null, Ct);
        var done = await gw.WaitCampaignStateAsync(id, "completed");
        Assert.Equal(1, done.GetProperty("counts").GetProperty("refused").GetInt32());
        var jobs = await Json.ReadAsync(await c.GetAsync($"api/v1/campaigns/{id}/jobs?status=refused", Ct));
        var refused = jobs.GetProperty("items")[0].GetProperty("id").GetString();
        // The refusal is recorded as an attempt that never dialled: no SIP status, no call time.
        var refusal = Assert.Single((await Json.ReadAsync(await c.GetAsync($"api/v1/faxes/{refused}/attempts", Ct))).EnumerateArray());
        Assert.Equal("refused", refusal.GetProperty("outcome").GetString());
        Assert.Equal(0, refusal.GetProperty("sipStatus").GetInt32());
        Assert.Equal(refusal.GetProperty("startedAt").GetDateTimeOffset(), refusal.GetProperty("endedAt").GetDateTimeOffset());

        var list = await Json.ReadAsync(await c.GetAsync("api/v1/do-not-fax", Ct));
        Assert.Equal(1, list.GetProperty("total").GetInt32());
        Assert.Equal(HttpStatusCode.NoContent, (await c.DeleteAsync("api/v1/do-not-fax/%2B12125550100", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await c.DeleteAsync("api/v1/do-not-fax/%2B12125550100", Ct)).StatusCode);
    }

    [Fact]
    public async Task A_retry_batch_requeues_failed_destinations_and_the_campaign_runs_again()
    {
        await using var gw = await TestGateway.StartAsync(
            "Calls:Scripted:Rules:0:Outcomes:0=Rejected",
            "Calls:Scripted:Rules:0:Outcomes:1=Succeeded");
        using var c = gw.Client();
        var id = await gw.CreateCampaignAsync(new { retryPolicy = new { classes = new { rejected = new { maxRetries = 0 } } } }, "+12125550100");
        await c.PostAsync($"api/v1/campaigns/{id}/start", null, Ct);
        var failed = await gw.WaitCampaignStateAsync(id, "completed");
        Assert.Equal(1, failed.GetProperty("counts").GetProperty("failed").GetInt32());

        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await c.PostAsync($"api/v1/campaigns/{id}/retry-batches", Json.Body(new { dailyAt = "25:00" }), Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await c.PostAsync($"api/v1/campaigns/{id}/retry-batches", Json.Body(new { dailyAt = "02:00", timeZone = "Mars/Base" }), Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await c.PostAsync("api/v1/campaigns/cmp_nope/retry-batches", Json.Body(new { at = DateTimeOffset.UtcNow }), Ct)).StatusCode);
        using var daily = await c.PostAsync($"api/v1/campaigns/{id}/retry-batches", Json.Body(new { dailyAt = "02:00", timeZone = "Asia/Almaty" }), Ct);
        Assert.Equal(HttpStatusCode.Created, daily.StatusCode);
        var next = (await Json.ReadAsync(daily)).GetProperty("nextRunAt").GetDateTimeOffset();
        Assert.Equal(21, next.ToUniversalTime().Hour); // 02:00 in Almaty (UTC+5) is 21:00 UTC

        using var once = await c.PostAsync($"api/v1/campaigns/{id}/retry-batches", Json.Body(new { at = DateTimeOffset.UtcNow }), Ct);
        Assert.Equal(HttpStatusCode.Created, once.StatusCode);
        var again = await gw.WaitCampaignStateAsync(id, "completed", 30000);
        for (var i = 0; i < 100 && again.GetProperty("counts").GetProperty("succeeded").GetInt32() == 0; i++)
        {
            await Task.Delay(100, Ct);
            again = await Json.ReadAsync(await c.GetAsync($"api/v1/campaigns/{id}", Ct));
        }

        Assert.Equal(1, again.GetProperty("counts").GetProperty("succeeded").GetInt32());
        var batches = await Json.ReadAsync(await c.GetAsync($"api/v1/retry-batches?campaignId={id}", Ct));
        Assert.Equal(2, batches.GetArrayLength());
        var dailyId = batches.EnumerateArray().First(b => b.TryGetProperty("dailyAt", out _)).GetProperty("id").GetString();
        Assert.Equal(HttpStatusCode.NoContent, (await c.DeleteAsync($"api/v1/retry-batches/{dailyId}", Ct)).StatusCode);
    }
}
