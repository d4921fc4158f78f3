using Gateway.Api;
using Gateway.Api.Auth;
using Gateway.Persistence;

namespace Gateway.Hosting;

/// <summary>
/// Runs first at start: applies the host schema migrations, creates the bootstrap admin key if configured,
/// then marks the store migrated for <c>/health/ready</c>. A failure stops the host with the error logged.
/// </summary>
public sealed class StoreMigrationService(
    HostDatabase db,
    ApiKeyStore keys,
    ApiOptions api,
    ReadinessState readiness,
    IEnumerable<IStoreMigrator> migrators,
    ILogger<StoreMigrationService> logger) : IHostedService
{
    /// <inheritdoc />
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var m in migrators)
        {
            await m.MigrateAsync(cancellationToken);
        }

        await HostMigrations.ApplyAsync(db, cancellationToken);
        if (!string.IsNullOrEmpty(api.BootstrapAdminKey))
        {
            await keys.EnsureBootstrapAsync(api.BootstrapAdminKey, cancellationToken);
            logger.LogInformation("Bootstrap admin key {KeyPrefix}… is present", ApiKeySecret.Prefix(api.BootstrapAdminKey));
        }

        readiness.MarkStoreMigrated();
        logger.LogInformation("Store migrated ({Provider})", db.IsPostgres ? "postgres" : "sqlite");
    }

    /// <inheritdoc />
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
