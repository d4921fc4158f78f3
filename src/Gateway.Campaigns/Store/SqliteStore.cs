using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace Gateway.Campaigns.Store;

/// <summary>
/// The single-node store: one SQLite file in WAL mode (readers never block the writer). Write transactions are
/// BEGIN IMMEDIATE, so one writer at a time and no lost updates; row locks are not needed.
/// </summary>
public sealed class SqliteStore : SqlStore
{
    private readonly string _connectionString;

    public SqliteStore(string path)
        : base(new SqlDialect("sqlite", "BLOB", "", ""))
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        _connectionString = new SqliteConnectionStringBuilder { DataSource = full, Pooling = true, DefaultTimeout = 30 }.ToString();
        DatabasePath = full;
    }

    public string DatabasePath { get; }

    protected override async Task<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken);

        // WAL + synchronous=NORMAL: a committed transaction survives a process crash (SIGKILL); only an OS crash
        // may lose the last commits (sqlite.org/wal.html §"Performance Considerations").
        await ExecAsync(connection, null, "PRAGMA synchronous = NORMAL; PRAGMA busy_timeout = 30000", cancellationToken);
        return connection;
    }

    protected override async Task<DbTransaction> BeginAsync(DbConnection connection, CancellationToken cancellationToken) =>
        await ((SqliteConnection)connection).BeginTransactionAsync(System.Data.IsolationLevel.Serializable, cancellationToken);

    protected override Task LockForMigrationAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken) => Task.CompletedTask;

    protected override bool IsTransient(Exception exception) => exception is SqliteException { SqliteErrorCode: 5 or 6 };

    protected override async Task PrepareDatabaseAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await ExecAsync(connection, null, "PRAGMA journal_mode = WAL", cancellationToken);
    }
}
