using Gateway.Tests.Infrastructure;
using Gateway.Webhooks;

namespace Gateway.Tests.Webhooks;

public sealed class WebhookSenderTests
{
    private static WebhookSender Sender(int retries) => new(new HttpClient(), TimeProvider.System,
        new WebhookOptions { ImmediateRetries = retries, ImmediateRetryDelayMs = 10, RequestTimeoutSeconds = 5 });

    [Fact]
    public async Task Delivers_a_signed_event_that_the_receiver_verifies()
    {
        await using var receiver = new WebhookReceiver("hook-secret");
        var body = "{\"type\":\"fax.succeeded\",\"faxId\":\"f1\"}"u8.ToArray();
        var result = await Sender(0).SendAsync(receiver.Url, "hook-secret", "evt_1", body, TestContext.Current.CancellationToken);
        Assert.True(result.Delivered);
        Assert.Equal(204, result.StatusCode);
        var (id, text) = Assert.Single(receiver.Verified);
        Assert.Equal("evt_1", id);
        Assert.Equal("{\"type\":\"fax.succeeded\",\"faxId\":\"f1\"}", text);
        Assert.Equal(0, receiver.BadSignatures);
    }

    [Fact]
    public async Task A_wrong_secret_is_refused_by_the_receiver_and_not_counted_as_delivered()
    {
        await using var receiver = new WebhookReceiver("right");
        var result = await Sender(0).SendAsync(receiver.Url, "wrong", "evt_2", "{}"u8.ToArray(), TestContext.Current.CancellationToken);
        Assert.False(result.Delivered);
        Assert.Equal(400, result.StatusCode);
        Assert.Equal(1, receiver.BadSignatures);
        Assert.Empty(receiver.Verified);
    }

    [Fact]
    public async Task Retries_an_endpoint_that_fails_twice_then_delivers_once()
    {
        await using var receiver = new WebhookReceiver("s", failFirst: 2);
        var result = await Sender(2).SendAsync(receiver.Url, "s", "evt_3", "{}"u8.ToArray(), TestContext.Current.CancellationToken);
        Assert.True(result.Delivered);
        Assert.Equal(3, receiver.Requests);
        Assert.Single(receiver.Verified);
    }

    [Fact]
    public async Task A_closed_port_is_a_failed_pass_not_an_exception()
    {
        var url = new Uri($"http://127.0.0.1:{GatewayProcess.FreePort()}/hook");
        var result = await Sender(1).SendAsync(url, "s", "evt_4", "{}"u8.ToArray(), TestContext.Current.CancellationToken);
        Assert.False(result.Delivered);
        Assert.Equal(0, result.StatusCode);
        Assert.NotNull(result.Error);
    }
}
