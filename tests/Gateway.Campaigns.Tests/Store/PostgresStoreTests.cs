using Gateway.Campaigns.Store;

namespace Gateway.Campaigns.Tests.Store;

/// <summary>The store contract on a real PostgreSQL server (a fresh database per test; GATEWAY_TEST_POSTGRES required).</summary>
public sealed class PostgresStoreTests : StoreContractTests
{
    protected override Task<SqlStore> CreateAsync() => TestDatabases.NewPostgresAsync();
}
