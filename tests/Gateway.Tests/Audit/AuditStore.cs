using Gateway.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Gateway.Tests.Audit;

/// <summary>
/// A test gateway on either store: SQLite in its temp folder, or a fresh database on the PostgreSQL server named by
/// GATEWAY_TEST_POSTGRES (scripts/ci/start-postgres.sh). <see cref="OpenAsync"/> reaches the same database directly.
/// </summary>
internal sealed class AuditStore
{
    private AuditStore(string provider, string? postgres)
    {
        Provider = provider;
        PostgresConnection = postgres;
    }

    public string Provider { get; }

    public string? PostgresConnection { get; }

    /// <summary>The settings that select this store (none for SQLite).</summary>
    public string[] Settings => PostgresConnection is null ? [] : ["Store:Provider=postgres", $"Store:Postgres:ConnectionString={PostgresConnection}"];

    public static async Task<AuditStore> CreateAsync(string provider)
    {
        if (provider == "sqlite")
        {
            return new AuditStore(provider, null);
        }

        var baseString = Environment.GetEnvironmentVariable("GATEWAY_TEST_POSTGRES");
        Assert.False(string.IsNullOrWhiteSpace(baseString), "GATEWAY_TEST_POSTGRES is not set: run 'bash scripts/ci/start-postgres.sh /tmp/gwsvc' and export what it prints");
        var name = "gw_audit_" + Guid.NewGuid().ToString("N");
        await using (var admin = new NpgsqlConnection(baseString))
        {
            await admin.OpenAsync(TestContext.Current.CancellationToken);
            await using var create = new NpgsqlCommand($"CREATE DATABASE {name}", admin);
            await create.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
        }

        return new AuditStore(provider, new NpgsqlConnectionStringBuilder(baseString) { Database = name }.ConnectionString);
    }

    /// <summary>A direct connection to the gateway's database.</summary>
    public async Task<System.Data.Common.DbConnection> OpenAsync(TestGateway gw)
    {
        System.Data.Common.DbConnection c = PostgresConnection is null
            ? new SqliteConnection($"Data Source={Path.Combine(gw.Directory, "gateway.db")};Pooling=False")
            : new NpgsqlConnection(PostgresConnection);
        await c.OpenAsync(TestContext.Current.CancellationToken);
        return c;
    }
}
