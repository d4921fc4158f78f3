using System.Data.Common;
using Gateway.Campaigns.Domain;
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

    /// <summary>
    /// One prepared single-row INSERT re-bound per job inside one transaction: SQLite looks named parameters up
    /// linearly, so multi-row statements with thousands of parameters cost quadratic time.
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
                if (jobs.Count == 0)
                {
                    return 0;
                }

                var names = JobParameters(jobs[0]).Select(p => p.Name).ToArray();
                await using var command = Command(c, t, $"INSERT INTO jobs ({JobColumns}) VALUES ({string.Join(", ", names.Select(n => "@" + n))}) ON CONFLICT (campaign_id, number) DO NOTHING", JobParameters(jobs[0]));
                command.Prepare();
                var added = 0;
                foreach (var job in jobs)
                {
                    var values = JobParameters(job);
                    for (var i = 0; i < values.Length; i++)
                    {
                        command.Parameters[i].Value = values[i].Value is TypedNull or null ? DBNull.Value : values[i].Value;
                    }

                    added += await command.ExecuteNonQueryAsync(cancellationToken);
                }

                return added;
            },
            cancellationToken);
    }

    /// <summary>
    /// An exclusive lock on <c>&lt;database&gt;.node-&lt;id&gt;.lock</c> (FileShare.None is flock(LOCK_EX) on Unix):
    /// the OS frees it when the process dies. The file itself stays.
    /// </summary>
    public override Task<IAsyncDisposable?> TryLockNodeAsync(string nodeId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(nodeId);
        var safe = string.Concat(nodeId.Select(ch => char.IsAsciiLetterOrDigit(ch) || ch is '-' or '_' or '.' ? ch : '_'));
        var path = $"{DatabasePath}.node-{safe}-{NodeLockKey(nodeId):x16}.lock";
        try
        {
            return Task.FromResult<IAsyncDisposable?>(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
        }
        catch (IOException)
        {
            return Task.FromResult<IAsyncDisposable?>(null); // held by another live process (or handle) of this node
        }
    }

    protected override async Task PrepareDatabaseAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await ExecAsync(connection, null, "PRAGMA journal_mode = WAL", cancellationToken);
    }
}
