using Gateway.Campaigns.Dispatch;

namespace Gateway.Hosting;

/// <summary>
/// Runs the Gateway.Campaigns <see cref="Dispatcher"/> loop once the store is migrated. On stop (SIGTERM) it is the
/// graceful stop of the issue: readiness turns 503, no new call starts, running calls get
/// <c>Dispatcher:DrainSeconds</c> to finish, then are cut and their leases released (uncounted, due again at once).
/// </summary>
public sealed class DispatcherService(
    Dispatcher dispatcher,
    DispatcherOptions options,
    ReadinessState readiness,
    ILogger<DispatcherService> logger) : BackgroundService
{
    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!readiness.StoreMigrated)
        {
            await Task.Delay(50, stoppingToken);
        }

        readiness.MarkWorkerRunning(true);
        logger.LogInformation(
            "Dispatcher running on node {Node}: {Calls} call(s) at once, default trunk {Channels} channel(s) at {Cps} call(s)/s",
            options.NodeId, options.MaxConcurrentCalls, options.DefaultTrunk.Channels, options.DefaultTrunk.CallsPerSecond);
        await dispatcher.RunAsync(stoppingToken);
    }

    /// <inheritdoc />
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        readiness.MarkStopping();
        logger.LogInformation("Stopping: no new calls; {Count} running call(s) may finish within {Drain}", dispatcher.RunningCalls, options.DrainTimeout);
        await dispatcher.StopAsync(options.DrainTimeout, CancellationToken.None);
        await base.StopAsync(cancellationToken);
        readiness.MarkWorkerRunning(false);
        logger.LogInformation("Dispatcher stopped");
    }
}
