using Gateway.Api;
using Gateway.Api.Auth;
using Gateway.Campaigns.Store;
using Gateway.Persistence;

namespace Gateway.Hosting;

/// <summary>
/// Runs first at start: applies the campaign store's migrations (Gateway.Campaigns) and the host's own (API keys,
/// idempotency), creates the bootstrap admin key if configured, then marks the store migrated for
/// <c>/health/ready</c>. A failure stops the host with the error logged.
/// </summary>
public sealed class StoreMigrationService(
    SqlStore store,
    HostDatabase db,
    ApiKeyStore keys,
    ApiOptions api,
    ReadinessState readiness,
    ILogger<StoreMigrationService> logger) : IHostedService
{
    /// <inheritdoc />
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await store.MigrateAsync(cancellationToken);
        await HostMigrations.ApplyAsync(db, cancellationToken);
        if (!string.IsNullOrEmpty(api.BootstrapAdminKey))
        {
            await keys.EnsureBootstrapAsync(api.BootstrapAdminKey, cancellationToken);
            logger.LogInformation("Bootstrap admin key {KeyPrefix}… is present", ApiKeySecret.Prefix(api.BootstrapAdminKey));
        }

        readiness.MarkStoreMigrated();
        logger.LogInformation("Store migrated ({Provider}, campaign schema {Version})", db.IsPostgres ? "postgres" : "sqlite", await store.GetSchemaVersionAsync(cancellationToken));
    }

    /// <inheritdoc />
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
