namespace Gateway.Hosting;

/// <summary>A schema that must be current before the service is ready (the job store's, the host's).</summary>
public interface IStoreMigrator
{
    /// <summary>Applies pending migrations.</summary>
    Task MigrateAsync(CancellationToken ct);
}
