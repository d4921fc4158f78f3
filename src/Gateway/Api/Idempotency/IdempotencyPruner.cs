namespace Gateway.Api.Idempotency;

/// <summary>Deletes idempotency records older than <c>Api:IdempotencyRetentionHours</c>, hourly.</summary>
public sealed class IdempotencyPruner(IdempotencyStore store, ApiOptions options, TimeProvider time, ILogger<IdempotencyPruner> logger, Hosting.ReadinessState readiness)
    : BackgroundService
{
    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromHours(1), time);
        do
        {
            if (!readiness.StoreMigrated)
            {
                continue;
            }

            try
            {
                var n = await store.PruneAsync(TimeSpan.FromHours(options.IdempotencyRetentionHours), stoppingToken);
                if (n > 0)
                {
                    logger.LogInformation("Pruned {Count} idempotency records", n);
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogWarning(ex, "Pruning idempotency records failed");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
