using System.Data.Common;
using System.Globalization;
using System.Text;
using Gateway.Campaigns.Store;
using Gateway.Persistence;

namespace Gateway.Api.Audit;

/// <summary>
/// The audit log in <c>host_audit_log</c>. Append-only: this type has no update or delete, and the table's
/// triggers (<see cref="HostMigrations"/> step 2) refuse UPDATE and DELETE (and TRUNCATE on PostgreSQL) from
/// anyone, so an entry once written stays as it was.
/// </summary>
public sealed class AuditLog(HostDatabase db)
{
    private const string Columns = "id, at_ms, actor_key_id, actor_name, action, target_id, client_address, method, path, status_code, outcome";

    /// <summary>Appends <paramref name="entry"/> (its <see cref="AuditEntry.Id"/> is ignored: the database numbers rows).</summary>
    public async Task AppendAsync(AuditEntry entry, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(entry);
        await using var c = await db.OpenAsync(ct);
        await using var cmd = Insert(c, entry);
        await cmd.ExecuteNonQueryAsync(ct);
    }

    /// <summary>Appends <paramref name="entries"/> in one transaction (all or none).</summary>
    public async Task AppendManyAsync(IReadOnlyList<AuditEntry> entries, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(entries);
        await using var c = await db.OpenAsync(ct);
        await using var t = await c.BeginTransactionAsync(ct);
        foreach (var entry in entries)
        {
            await using var cmd = Insert(c, entry);
            cmd.Transaction = t;
            await cmd.ExecuteNonQueryAsync(ct);
        }

        await t.CommitAsync(ct);
    }

    /// <summary>The entries matching <paramref name="query"/>, newest first, with the count of all matches.</summary>
    public async Task<PageOf<AuditEntry>> QueryAsync(AuditQuery query, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(query);

        // Only the filters given become SQL: a NULL parameter has no type PostgreSQL can infer.
        var where = new StringBuilder(" WHERE 1=1");
        var parameters = new List<(string, object?)>();
        if (query.From is { } from)
        {
            where.Append(" AND at_ms >= @from");
            parameters.Add(("from", from.ToUnixTimeMilliseconds()));
        }

        if (query.To is { } to)
        {
            where.Append(" AND at_ms < @to");
            parameters.Add(("to", to.ToUnixTimeMilliseconds()));
        }

        if (query.Actor is { } actor)
        {
            where.Append(" AND (actor_name = @actor OR actor_key_id = @actor)");
            parameters.Add(("actor", actor));
        }

        if (query.Action is { } action)
        {
            where.Append(" AND action = @action");
            parameters.Add(("action", action));
        }

        await using var c = await db.OpenAsync(ct);
        int total;
        await using (var count = HostDatabase.Command(c, "SELECT COUNT(*) FROM host_audit_log" + where, [.. parameters]))
        {
            total = Convert.ToInt32(await count.ExecuteScalarAsync(ct), CultureInfo.InvariantCulture);
        }

        parameters.Add(("limit", query.Limit));
        parameters.Add(("offset", query.Offset));
        await using var cmd = HostDatabase.Command(c, $"SELECT {Columns} FROM host_audit_log{where} ORDER BY id DESC LIMIT @limit OFFSET @offset", [.. parameters]);
        await using var r = await cmd.ExecuteReaderAsync(ct);
        var items = new List<AuditEntry>();
        while (await r.ReadAsync(ct))
        {
            items.Add(Read(r));
        }

        return new PageOf<AuditEntry>(items, total, query.Offset, query.Limit);
    }

    /// <summary>The outcome as stored and shown (<c>succeeded</c>, <c>denied</c>, ...).</summary>
    public static string OutcomeName(AuditOutcome outcome) => ApiJson.EnumName(outcome);

    private static DbCommand Insert(DbConnection c, AuditEntry entry) => HostDatabase.Command(c,
        """
        INSERT INTO host_audit_log (at_ms, actor_key_id, actor_name, action, target_id, client_address, method, path, status_code, outcome)
        VALUES (@at, @keyId, @name, @action, @target, @client, @method, @path, @status, @outcome)
        """,
        ("at", entry.At.ToUnixTimeMilliseconds()), ("keyId", entry.ActorKeyId), ("name", entry.ActorName), ("action", entry.Action),
        ("target", entry.TargetId), ("client", entry.ClientAddress), ("method", entry.Method), ("path", entry.Path),
        ("status", entry.StatusCode), ("outcome", OutcomeName(entry.Outcome)));

    private static AuditEntry Read(DbDataReader r) => new(
        r.GetInt64(0),
        DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(1)),
        r.GetString(2),
        r.GetString(3),
        r.GetString(4),
        r.IsDBNull(5) ? null : r.GetString(5),
        r.IsDBNull(6) ? null : r.GetString(6),
        r.GetString(7),
        r.GetString(8),
        r.GetInt32(9),
        Enum.Parse<AuditOutcome>(r.GetString(10), ignoreCase: true));
}
