namespace Gateway.Campaigns.Store;

/// <summary>Builds the configured store (section "Store": Provider sqlite|postgres).</summary>
public static class StoreFactory
{
    public static SqlStore Create(StoreOptions options) =>
        IsPostgres(options) ? new PostgresStore(options.Postgres.ConnectionString) : new SqliteStore(options.Sqlite.Path);

    /// <summary>
    /// True for PostgreSQL, false for SQLite; throws <see cref="ArgumentException"/> naming the setting for an unknown
    /// provider or a missing path or connection string.
    /// </summary>
    public static bool IsPostgres(StoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return (options.Provider ?? "").Trim().ToLowerInvariant() switch
        {
            "sqlite" => string.IsNullOrWhiteSpace(options.Sqlite.Path) ? throw new ArgumentException("Store:Sqlite:Path is empty") : false,
            "postgres" or "postgresql" => string.IsNullOrWhiteSpace(options.Postgres.ConnectionString)
                ? throw new ArgumentException("Store:Postgres:ConnectionString is required when Store:Provider is postgres")
                : true,
            var other => throw new ArgumentException($"Store:Provider '{other}' is not supported; use sqlite or postgres"),
        };
    }
}
