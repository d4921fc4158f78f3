using System.Data;
using System.Data.Common;

namespace Gateway.Campaigns.Store;

/// <summary>
/// The store over ADO.NET, shared by SQLite and PostgreSQL: one set of statements, a dialect for the few
/// differences (row locks, blob type) and a provider hook for connections, transactions and migration locking.
/// Every public operation is one transaction.
/// </summary>
public abstract partial class SqlStore : ICampaignStore, IJobStore
{
    private const int MaxTransactionRetries = 5;

    internal SqlStore(SqlDialect dialect) => Dialect = dialect;

    internal SqlDialect Dialect { get; }

    /// <summary>Opens a connection ready for use.</summary>
    protected abstract Task<DbConnection> OpenAsync(CancellationToken cancellationToken);

    /// <summary>Starts a write transaction (SQLite: BEGIN IMMEDIATE; PostgreSQL: READ COMMITTED).</summary>
    protected abstract Task<DbTransaction> BeginAsync(DbConnection connection, CancellationToken cancellationToken);

    /// <summary>Serializes concurrent migrations (several nodes starting at once).</summary>
    protected abstract Task LockForMigrationAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken);

    /// <summary>True for errors a retry of the whole transaction resolves (deadlock, serialization failure, busy).</summary>
    protected abstract bool IsTransient(Exception exception);

    public async Task MigrateAsync(CancellationToken cancellationToken = default)
    {
        await PrepareDatabaseAsync(cancellationToken);
        await InTransactionAsync(
            async (c, t) =>
            {
                await LockForMigrationAsync(c, t, cancellationToken);
                await ExecAsync(c, t, "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at BIGINT NOT NULL)", cancellationToken);
                var current = Convert.ToInt32(await ScalarAsync(c, t, "SELECT COALESCE(MAX(version), 0) FROM schema_migrations", cancellationToken) ?? 0);
                if (current > Migrations.Latest)
                {
                    throw new InvalidOperationException($"the database schema is version {current}, newer than this build knows ({Migrations.Latest})");
                }

                foreach (var (version, sql) in Migrations.Steps.Where(s => s.Version > current))
                {
                    foreach (var statement in sql.Replace("{BLOB}", Dialect.BlobType, StringComparison.Ordinal).Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                    {
                        await ExecAsync(c, t, statement, cancellationToken);
                    }

                    await ExecAsync(c, t, "INSERT INTO schema_migrations (version, applied_at) VALUES (@v, @at)", cancellationToken, ("v", version), ("at", DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()));
                }

                return 0;
            },
            cancellationToken);
    }

    /// <summary>The schema version now in the database.</summary>
    public Task<int> GetSchemaVersionAsync(CancellationToken cancellationToken = default) =>
        InTransactionAsync(async (c, t) => Convert.ToInt32(await ScalarAsync(c, t, "SELECT COALESCE(MAX(version), 0) FROM schema_migrations", cancellationToken) ?? 0), cancellationToken);

    /// <summary>Provider set-up before migrations (SQLite: WAL).</summary>
    protected virtual Task PrepareDatabaseAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    internal async Task<T> InTransactionAsync<T>(Func<DbConnection, DbTransaction, Task<T>> body, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            await using var connection = await OpenAsync(cancellationToken);
            await using var transaction = await BeginAsync(connection, cancellationToken);
            try
            {
                var result = await body(connection, transaction);
                await transaction.CommitAsync(cancellationToken);
                return result;
            }
            catch (RollbackSignal signal)
            {
                await transaction.RollbackAsync(CancellationToken.None);
                return (T)signal.Result;
            }
            catch (Exception e) when (attempt < MaxTransactionRetries && IsTransient(e))
            {
                await transaction.RollbackAsync(CancellationToken.None);
                await Task.Delay(TimeSpan.FromMilliseconds(5 * attempt * Random.Shared.Next(1, 5)), cancellationToken);
            }
        }
    }

    internal static DbCommand Command(DbConnection connection, DbTransaction? transaction, string sql, params (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            var p = command.CreateParameter();
            p.ParameterName = name;
            if (value is TypedNull typed)
            {
                p.Value = DBNull.Value;
                p.DbType = typed.Type;
            }
            else
            {
                p.Value = value ?? DBNull.Value;
                if (value is null)
                {
                    p.DbType = DbType.String;
                }
            }

            command.Parameters.Add(p);
        }

        return command;
    }

    internal static async Task<int> ExecAsync(DbConnection connection, DbTransaction? transaction, string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        await using var command = Command(connection, transaction, sql, parameters);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    internal static async Task<object?> ScalarAsync(DbConnection connection, DbTransaction? transaction, string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        await using var command = Command(connection, transaction, sql, parameters);
        var value = await command.ExecuteScalarAsync(cancellationToken);
        return value is DBNull ? null : value;
    }

    internal static async Task<List<T>> QueryAsync<T>(DbConnection connection, DbTransaction? transaction, string sql, Func<DbDataReader, T> map, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        await using var command = Command(connection, transaction, sql, parameters);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var list = new List<T>();
        while (await reader.ReadAsync(cancellationToken))
        {
            list.Add(map(reader));
        }

        return list;
    }

    internal static long Ms(DateTimeOffset t) => t.ToUnixTimeMilliseconds();

    /// <summary>A nullable time as a parameter value that keeps its SQL type when null.</summary>
    internal static object Ms(DateTimeOffset? t) => t.HasValue ? t.Value.ToUnixTimeMilliseconds() : TypedNull.Int64;

    internal static object Int(int? v) => v.HasValue ? v.Value : TypedNull.Int32;

    internal static DateTimeOffset At(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms);

    internal static string Id(Guid id) => id.ToString("D");
}
