using Gateway.Campaigns.Store;
using Npgsql;

namespace Gateway.Benchmarks.Campaigns;

/// <summary>Fresh stores for the campaign benchmarks: a temp SQLite file, or a new database on GATEWAY_TEST_POSTGRES.</summary>
internal static class BenchStores
{
    public static SqlStore Create(string provider)
    {
        SqlStore store;
        if (provider == "sqlite")
        {
            store = new SqliteStore(Path.Combine(Path.GetTempPath(), "gw-bench", Guid.NewGuid().ToString("N") + ".db"));
        }
        else
        {
            var baseString = Environment.GetEnvironmentVariable("GATEWAY_TEST_POSTGRES")
                ?? throw new InvalidOperationException("GATEWAY_TEST_POSTGRES is not set (scripts/ci/start-postgres.sh prints it)");
            var name = "gw_bench_" + Guid.NewGuid().ToString("N");
            using (var admin = new NpgsqlConnection(baseString))
            {
                admin.Open();
                using var create = new NpgsqlCommand($"CREATE DATABASE {name}", admin);
                create.ExecuteNonQuery();
            }

            store = new PostgresStore(new NpgsqlConnectionStringBuilder(baseString) { Database = name }.ConnectionString);
        }

        store.MigrateAsync().GetAwaiter().GetResult();
        return store;
    }
}
