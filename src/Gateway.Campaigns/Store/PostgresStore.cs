using System.Data.Common;
using Gateway.Campaigns.Domain;
using Npgsql;
using NpgsqlTypes;

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

    /// <summary>
    /// Bulk path: binary COPY into a temporary table, then one INSERT … ON CONFLICT DO NOTHING (duplicates in the
    /// campaign or in the upload are skipped), all in one transaction.
    /// </summary>
    public override Task<int> InsertJobsAsync(Guid campaignId, IReadOnlyList<Job> jobs, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(jobs);
        if (jobs.Any(j => j.CampaignId != campaignId))
        {
            throw new ArgumentException($"every job must belong to campaign {campaignId}");
        }

        return InTransactionAsync(
            async (c, t) =>
            {
                await ExecAsync(c, t, "CREATE TEMP TABLE jobs_in (LIKE jobs) ON COMMIT DROP", cancellationToken);
                await using (var writer = await ((NpgsqlConnection)c).BeginBinaryImportAsync($"COPY jobs_in ({JobColumns}) FROM STDIN (FORMAT BINARY)", cancellationToken))
                {
                    foreach (var job in jobs)
                    {
                        await writer.StartRowAsync(cancellationToken);
                        foreach (var (_, value) in JobParameters(job))
                        {
                            switch (value)
                            {
                                case string text: await writer.WriteAsync(text, NpgsqlDbType.Text, cancellationToken); break;
                                case int number: await writer.WriteAsync(number, NpgsqlDbType.Integer, cancellationToken); break;
                                case long number: await writer.WriteAsync(number, NpgsqlDbType.Bigint, cancellationToken); break;
                                default: await writer.WriteNullAsync(cancellationToken); break;
                            }
                        }
                    }

                    await writer.CompleteAsync(cancellationToken);
                }

                return await ExecAsync(c, t, $"INSERT INTO jobs ({JobColumns}) SELECT {JobColumns} FROM jobs_in ON CONFLICT (campaign_id, number) DO NOTHING", cancellationToken);
            },
            cancellationToken);
    }

    /// <summary>
    /// Session advisory lock (PostgreSQL docs §13.3.5) on a connection kept open: the server frees it when that
    /// connection ends, which a killed process's connection does at once (the kernel closes its socket).
    /// </summary>
    public override async Task<IAsyncDisposable?> TryLockNodeAsync(string nodeId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(nodeId);
        var key = NodeLockKey(nodeId);
        var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        try
        {
            if (await ScalarAsync(connection, null, "SELECT pg_try_advisory_lock(@k)", cancellationToken, ("k", key)) is true)
            {
                return new NodeLock(connection, key);
            }
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }

        await connection.DisposeAsync();
        return null;
    }

    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();

    public void Dispose() => _dataSource.Dispose();

    private sealed class NodeLock(NpgsqlConnection connection, long key) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            try
            {
                await ExecAsync(connection, null, "SELECT pg_advisory_unlock(@k)", CancellationToken.None, ("k", key));
            }
            catch (NpgsqlException)
            {
                // The connection is gone, and the lock with it.
            }

            await connection.DisposeAsync();
        }
    }
}
