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
/// event is kept as dead (no next attempt). With several nodes on one database each pass first claims its events
/// (<see cref="ICampaignStore.ClaimDueWebhooksAsync"/>, a lease of <see cref="ClaimLease"/>), so no two nodes post the
/// same event at once. Delivery is still at least once (a node that dies after the post but before recording it leaves
/// the event to be posted again when the claim ends): receivers de-duplicate on the event id.
/// </summary>
public sealed class WebhookDeliveryWorker(
    ICampaignStore outbox,
    WebhookSender sender,
    WebhookOptions options,
    TimeProvider time,
    Hosting.ReadinessState readiness,
    Hosting.NodeIdentity node,
    ILogger<WebhookDeliveryWorker> logger,
    WebhookMetrics? metrics = null) : BackgroundService
{
    // One id per process: a restarted node with the same Node:Id does not take over its predecessor's claims early.
    private readonly string _claimant = node.Id + "/" + Guid.NewGuid().ToString("N");

    /// <summary>Events claimed per pass.</summary>
    public int ClaimSize => Math.Max(1, options.Concurrency) * 2;

    /// <summary>
    /// How long a pass holds its claims: the longest a pass can take (each slot posts <see cref="ClaimSize"/> /
    /// concurrency events, each with every quick retry timing out) plus a margin for recording the results.
    /// </summary>
    public TimeSpan ClaimLease
    {
        get
        {
            var tries = Math.Max(0, options.ImmediateRetries) + 1;
            var perEvent = (tries * options.RequestTimeoutSeconds) + (options.ImmediateRetryDelayMs / 1000.0 * Math.Pow(2, tries));
            return TimeSpan.FromSeconds((perEvent * Math.Ceiling(ClaimSize / (double)Math.Max(1, options.Concurrency))) + 30);
        }
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = TimeSpan.FromMilliseconds(Math.Max(10, options.PollIntervalMs));
        while (!readiness.StoreMigrated)
        {
            await Task.Delay(50, stoppingToken);
        }

        try
        {
            await RunPassesAsync(interval, stoppingToken);
        }
        finally
        {
            // Graceful stop: events claimed but not posted are handed back at once instead of after the claim lease.
            var released = await outbox.ReleaseWebhookClaimsAsync(_claimant, time.GetUtcNow(), CancellationToken.None);
            if (released > 0)
            {
                logger.LogInformation("Handed back {Count} claimed webhook event(s) on stop", released);
            }
        }
    }

    private async Task RunPassesAsync(TimeSpan interval, CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var now = time.GetUtcNow();
                var due = await outbox.ClaimDueWebhooksAsync(_claimant, now, now + ClaimLease, ClaimSize, stoppingToken);
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
            metrics?.Pass("delivered", result.StatusCode);
            logger.LogInformation("Webhook {EventType} delivered to {Url} ({Status})", e.EventType, e.Url.Host, result.StatusCode);
            return;
        }

        var pass = e.Attempts + 1;
        if (pass >= options.MaxDeliveryPasses)
        {
            await outbox.MarkWebhookFailedAsync(e.Id, e.ClaimedBy, result.Error ?? "failed", null, CancellationToken.None);
            metrics?.Pass("dead", result.StatusCode);
            logger.LogWarning("Webhook {EventType} to {Url} given up after {Passes} passes: {Error}", e.EventType, e.Url.Host, pass, result.Error);
            return;
        }

        var delay = TimeSpan.FromSeconds(Math.Min(options.RedeliveryMaxSeconds, options.RedeliveryBaseSeconds * Math.Pow(2, pass - 1)));
        await outbox.MarkWebhookFailedAsync(e.Id, e.ClaimedBy, result.Error ?? "failed", time.GetUtcNow() + delay, CancellationToken.None);
        metrics?.Pass("retry", result.StatusCode);
        logger.LogWarning("Webhook {EventType} to {Url} failed ({Error}); pass {Pass}, next in {Delay}", e.EventType, e.Url.Host, result.Error, pass, delay);
    }
}
