using System.Text.Json;
using Gateway.Tests.Infrastructure;

namespace Gateway.Tests.Webhooks;

public sealed class WebhookDeliveryTests
{
    [Fact]
    public async Task State_changes_are_delivered_signed_from_the_outbox_and_a_failing_endpoint_is_retried()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var receiver = new WebhookReceiver("webhook-secret-0123456789", failFirst: 4);
        await using var gw = await TestGateway.StartAsync("Webhooks:ImmediateRetries=1");
        var id = await gw.CreateCampaignAsync(new { webhook = new { url = receiver.Url.ToString(), secret = receiver.Secret } }, "+12125550101", "+12125550102");
        using var c = gw.Client();
        await c.PostAsync($"api/v1/campaigns/{id}/start", null, ct);
        await gw.WaitCampaignStateAsync(id, "completed");

        var until = DateTime.UtcNow.AddSeconds(20);
        while (receiver.Verified.Count < 6 && DateTime.UtcNow < until)
        {
            await Task.Delay(50, ct);
        }

        var events = receiver.Verified.Select(e => JsonDocument.Parse(e.Body).RootElement).ToList();
        var types = events.Select(e => e.GetProperty("type").GetString()).ToList();
        Assert.Contains("campaign.started", types);
        Assert.Equal(2, types.Count(t => t == "job.succeeded"));
        Assert.Equal(2, types.Count(t => t == "attempt.finished"));
        Assert.Contains("campaign.completed", types);
        Assert.Equal(6, events.Count);
        Assert.Equal(6, events.Select(e => e.GetProperty("id").GetString()).Distinct().Count());
        Assert.All(receiver.Verified, e => Assert.Equal(e.Id, JsonDocument.Parse(e.Body).RootElement.GetProperty("id").GetString()));
        Assert.Equal(0, receiver.BadSignatures);
        Assert.True(receiver.Requests >= 8); // 4 refused with 503 first, then retried
    }

    [Fact]
    public async Task A_dead_webhook_endpoint_does_not_delay_dialling()
    {
        var ct = TestContext.Current.CancellationToken;
        var dead = $"http://127.0.0.1:{GatewayProcess.FreePort()}/hook";
        await using var gw = await TestGateway.StartAsync("Webhooks:RequestTimeoutSeconds=5");
        var id = await gw.CreateCampaignAsync(new { webhook = new { url = dead, secret = "webhook-secret-0123456789" } }, "+12125550101", "+12125550102", "+12125550103");
        using var c = gw.Client();
        await c.PostAsync($"api/v1/campaigns/{id}/start", null, ct);
        var done = await gw.WaitCampaignStateAsync(id, "completed", 10000);
        Assert.Equal(3, done.GetProperty("counts").GetProperty("succeeded").GetInt32());
    }
}
