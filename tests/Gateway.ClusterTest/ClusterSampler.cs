using Npgsql;

namespace Gateway.ClusterTest;

/// <summary>
/// Reads the shared database every interval while the nodes run: open attempts (calls the database counts as in
/// progress, over all nodes), the trunk counters, the most open attempts on one number, final jobs.
/// </summary>
public sealed class ClusterSampler(NpgsqlDataSource db, TimeSpan interval)
{
    // Attempt states 0 Leased, 1 FaxConfirmed; job states 0 Pending, 1 InCall; campaign state 4 Completed.
    private const string Sql = """
        SELECT (SELECT COUNT(*) FROM attempts WHERE state IN (0, 1)),
               (SELECT COALESCE(SUM(active), 0) FROM trunks),
               (SELECT COALESCE(MAX(n), 0) FROM (SELECT COUNT(*) AS n FROM attempts WHERE state IN (0, 1) GROUP BY number) AS per_number),
               (SELECT COUNT(*) FROM jobs WHERE state NOT IN (0, 1)),
               (SELECT COUNT(*) FROM campaigns WHERE state <> 4)
        """;

    private volatile int _final;
    private volatile bool _completed;

    public int Samples { get; private set; }

    public int MaxOpenAttempts { get; private set; }

    public int MaxTrunkActive { get; private set; }

    public int MaxOpenPerNumber { get; private set; }

    public int Final => _final;

    public bool CampaignCompleted => _completed;

    public async Task RunAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await using (var cmd = db.CreateCommand(Sql))
                await using (var r = await cmd.ExecuteReaderAsync(ct))
                {
                    await r.ReadAsync(ct);
                    MaxOpenAttempts = Math.Max(MaxOpenAttempts, (int)r.GetInt64(0));
                    MaxTrunkActive = Math.Max(MaxTrunkActive, (int)r.GetInt64(1));
                    MaxOpenPerNumber = Math.Max(MaxOpenPerNumber, (int)r.GetInt64(2));
                    _final = (int)r.GetInt64(3);
                    _completed = r.GetInt64(4) == 0;
                    Samples++;
                }

                await Task.Delay(interval, ct);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
        }
    }
}
