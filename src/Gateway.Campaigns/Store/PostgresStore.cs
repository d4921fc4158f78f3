using System.Data.Common;
using Npgsql;

namespace Gateway.Campaigns.Store;

/// <summary>
/// The multi-node store: PostgreSQL holds the queue. Nodes claim jobs with SELECT … FOR UPDATE SKIP LOCKED, so two
/// nodes never wait on (or take) the same job; migrations run under an advisory lock.
/// </summary>
public sealed class PostgresStore : SqlStore, IAsyncDisposable, IDisposable
{
    // pg_advisory_xact_lock key for migrations: "GWMG" in ASCII.
    private const long MigrationLockKey = 0x47574D47;

    private readonly NpgsqlDataSource _dataSource;

    public PostgresStore(string connectionString)
        : base(new SqlDialect("postgres", "BYTEA", " FOR UPDATE", " FOR UPDATE SKIP LOCKED"))
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        _dataSource = NpgsqlDataSource.Create(connectionString);
    }

    protected override async Task<DbConnection> OpenAsync(CancellationToken cancellationToken) =>
        await _dataSource.OpenConnectionAsync(cancellationToken);

    protected override async Task<DbTransaction> BeginAsync(DbConnection connection, CancellationToken cancellationToken) =>
        await ((NpgsqlConnection)connection).BeginTransactionAsync(System.Data.IsolationLevel.ReadCommitted, cancellationToken);

    protected override Task LockForMigrationAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken) =>
        ExecAsync(connection, transaction, "SELECT pg_advisory_xact_lock(@k)", cancellationToken, ("k", MigrationLockKey));

    // 40001 serialization_failure, 40P01 deadlock_detected (PostgreSQL Appendix A).
    protected override bool IsTransient(Exception exception) => exception is PostgresException { SqlState: "40001" or "40P01" };

    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();

    public void Dispose() => _dataSource.Dispose();
}
