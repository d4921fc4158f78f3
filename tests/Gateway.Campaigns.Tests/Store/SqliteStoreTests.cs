using Gateway.Campaigns.Store;

namespace Gateway.Campaigns.Tests.Store;

/// <summary>The store contract on SQLite (a fresh WAL database file per test).</summary>
public sealed class SqliteStoreTests : StoreContractTests
{
    protected override Task<SqlStore> CreateAsync() => TestDatabases.NewSqliteAsync();
}
