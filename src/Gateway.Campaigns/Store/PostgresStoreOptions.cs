namespace Gateway.Campaigns.Store;

public sealed class PostgresStoreOptions
{
    /// <summary>Npgsql connection string.</summary>
    public string ConnectionString { get; set; } = "";
}
