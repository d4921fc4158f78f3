using System.Text;
using Gateway.Campaigns.Store;
using Gateway.Campaigns.Webhooks;

namespace Gateway.Webhooks;

/// <summary>
/// Delivers webhook events from the campaign store's durable outbox (rows written in the same transaction as the
/// state change they report). It runs apart from the dispatcher and shares nothing with it but the database, so a
/// slow or failing endpoint never delays a call. Each pass posts a due event (with quick Polly retries inside
/// <see cref="WebhookSender"/>); a failed pass is rescheduled with doubling delay up to
/// <see cref="WebhookOptions.RedeliveryMaxSeconds"/>, and after <see cref="WebhookOptions.MaxDeliveryPasses"/> the
/// event is kept as dead (no next attempt). Delivery is at least once: receivers de-duplicate on the event id.
/// </summary>
public sealed class WebhookDeliveryWorker(
    ICampaignStore outbox,
    WebhookSender sender,
    WebhookOptions options,
    TimeProvider time,
    Hosting.ReadinessState readiness,
    ILogger<WebhookDeliveryWorker> logger) : BackgroundService
{
    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = TimeSpan.FromMilliseconds(Math.Max(10, options.PollIntervalMs));
        while (!readiness.StoreMigrated)
        {
            await Task.Delay(50, stoppingToken);
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var due = await outbox.GetDueWebhooksAsync(time.GetUtcNow(), Math.Max(1, options.Concurrency) * 4, stoppingToken);
                if (due.Count > 0)
                {
                    await Parallel.ForEachAsync(due, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, options.Concurrency), CancellationToken = stoppingToken },
                        async (e, ct) => await DeliverAsync(e, ct));
                    continue;
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                logger.LogError(ex, "Webhook outbox pass failed");
            }

            try
            {
                await Task.Delay(interval, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>One delivery pass of one event; records the result.</summary>
    public async Task DeliverAsync(OutboxMessage e, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(e);
        using var scope = logger.BeginScope(new Dictionary<string, object?>
        {
            ["EventId"] = e.Id,
            ["CampaignId"] = e.CampaignId,
            ["JobId"] = e.JobId,
        });
        var result = await sender.SendAsync(e.Url, e.Secret, e.Id.ToString("D"), Encoding.UTF8.GetBytes(e.Payload), ct);
        if (result.Delivered)
        {
            await outbox.MarkWebhookDeliveredAsync(e.Id, time.GetUtcNow(), CancellationToken.None);
            logger.LogInformation("Webhook {EventType} delivered to {Url} ({Status})", e.EventType, e.Url.Host, result.StatusCode);
            return;
        }

        var pass = e.Attempts + 1;
        if (pass >= options.MaxDeliveryPasses)
        {
            await outbox.MarkWebhookFailedAsync(e.Id, result.Error ?? "failed", null, CancellationToken.None);
            logger.LogWarning("Webhook {EventType} to {Url} given up after {Passes} passes: {Error}", e.EventType, e.Url.Host, pass, result.Error);
            return;
        }

        var delay = TimeSpan.FromSeconds(Math.Min(options.RedeliveryMaxSeconds, options.RedeliveryBaseSeconds * Math.Pow(2, pass - 1)));
        await outbox.MarkWebhookFailedAsync(e.Id, result.Error ?? "failed", time.GetUtcNow() + delay, CancellationToken.None);
        logger.LogWarning("Webhook {EventType} to {Url} failed ({Error}); pass {Pass}, next in {Delay}", e.EventType, e.Url.Host, result.Error, pass, delay);
    }
}
