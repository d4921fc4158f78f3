using Gateway.Campaigns.Store;
using Npgsql;

namespace Gateway.Campaigns.Tests.Store;

/// <summary>Fresh databases for store tests: a temp SQLite file, or a new database on the CI PostgreSQL server.</summary>
public static class TestDatabases
{
    public const string PostgresVariable = "GATEWAY_TEST_POSTGRES";

    public static async Task<SqlStore> NewSqliteAsync()
    {
        var path = Path.Combine(Path.GetTempPath(), "gw-tests", Guid.NewGuid().ToString("N") + ".db");
        var store = new SqliteStore(path);
        await store.MigrateAsync(TestContext.Current.CancellationToken);
        return store;
    }

    /// <summary>
    /// A new, empty database on the server named by GATEWAY_TEST_POSTGRES (scripts/ci/start-postgres.sh prints it).
    /// Fails, never skips, when the variable is missing: the contract must be proven on a real server.
    /// </summary>
    public static async Task<SqlStore> NewPostgresAsync()
    {
        var baseString = Environment.GetEnvironmentVariable(PostgresVariable);
        Assert.False(string.IsNullOrWhiteSpace(baseString), $"{PostgresVariable} is not set: run 'bash scripts/ci/start-postgres.sh /tmp/gwsvc' and export what it prints");
        var name = "gw_test_" + Guid.NewGuid().ToString("N");
        await using (var admin = new NpgsqlConnection(baseString))
        {
            await admin.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {name}", admin);
            await create.ExecuteNonQueryAsync();
        }

        var builder = new NpgsqlConnectionStringBuilder(baseString) { Database = name, MaxPoolSize = 20 };
        var store = new PostgresStore(builder.ConnectionString);
        await store.MigrateAsync(TestContext.Current.CancellationToken);
        return store;
    }

}
