using System.Data.Common;
using Gateway.Campaigns.Store;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Gateway.Persistence;

/// <summary>
/// The host's own tables (API keys, idempotency records, audit log) in the same database as the campaign store
/// (<see cref="StoreOptions"/>: SQLite by default, PostgreSQL when configured).
/// SQL is kept to the dialect SQLite and PostgreSQL share (TEXT, BIGINT, <c>ON CONFLICT</c>), so one
/// statement serves both. Versioned migrations live in <see cref="HostMigrations"/>.
/// </summary>
public sealed class HostDatabase : IAsyncDisposable
{
    private readonly NpgsqlDataSource? _postgres;
    private readonly string? _sqliteConnectionString;

    /// <summary>Opens nothing yet; connections are made per operation.</summary>
    public HostDatabase(StoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (StoreFactory.IsPostgres(options))
        {
            _postgres = NpgsqlDataSource.Create(options.Postgres.ConnectionString);
        }
        else
        {
            var path = Path.GetFullPath(options.Sqlite.Path);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            _sqliteConnectionString = new SqliteConnectionStringBuilder
            {
                DataSource = path,
                Pooling = true,
                DefaultTimeout = 30,
            }.ToString();
        }
    }

    /// <summary>True for PostgreSQL.</summary>
    public bool IsPostgres => _postgres is not null;

    /// <summary>Opens a connection (SQLite: WAL mode and a 5 s busy timeout, because the worker writes concurrently).</summary>
    public async Task<DbConnection> OpenAsync(CancellationToken ct)
    {
        if (_postgres is not null)
        {
            return await _postgres.OpenConnectionAsync(ct);
        }

        var c = new SqliteConnection(_sqliteConnectionString);
        await c.OpenAsync(ct);
        await using var cmd = c.CreateCommand();
        cmd.CommandText = "PRAGMA busy_timeout=5000; PRAGMA journal_mode=WAL;";
        await cmd.ExecuteNonQueryAsync(ct);
        return c;
    }

    /// <summary>Creates a command with named parameters (<c>@name</c> works in both providers).</summary>
    public static DbCommand Command(DbConnection connection, string sql, params (string Name, object? Value)[] parameters)
    {
        var cmd = connection.CreateCommand();
        cmd.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            var p = cmd.CreateParameter();
            p.ParameterName = name;
            p.Value = value ?? DBNull.Value;
            cmd.Parameters.Add(p);
        }

        return cmd;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_postgres is not null)
        {
            await _postgres.DisposeAsync();
        }
    }
}
