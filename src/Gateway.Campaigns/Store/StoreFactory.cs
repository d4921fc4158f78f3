namespace Gateway.Campaigns.Store;

/// <summary>Builds the configured store (section "Store": Provider sqlite|postgres).</summary>
public static class StoreFactory
{
    public static SqlStore Create(StoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.Provider.Trim().ToLowerInvariant() switch
        {
            "sqlite" => new SqliteStore(options.Sqlite.Path),
            "postgres" or "postgresql" => string.IsNullOrWhiteSpace(options.Postgres.ConnectionString)
                ? throw new ArgumentException("Store:Postgres:ConnectionString is required when Store:Provider is postgres")
                : new PostgresStore(options.Postgres.ConnectionString),
            var other => throw new ArgumentException($"Store:Provider '{other}' is not supported; use sqlite or postgres"),
        };
    }
}
