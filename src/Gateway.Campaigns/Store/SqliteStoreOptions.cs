namespace Gateway.Campaigns.Store;

public sealed class SqliteStoreOptions
{
    /// <summary>Database file; WAL mode is switched on at migration.</summary>
    public string Path { get; set; } = "gateway.db";
}
