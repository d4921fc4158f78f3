using System.Data.Common;
using Gateway.Persistence;

namespace Gateway.Engine;

/// <summary>Small ADO.NET helpers shared by the engine's store (one statement, named parameters).</summary>
public static class Sql
{
    /// <summary>Executes a statement; returns rows affected.</summary>
    public static async Task<int> ExecAsync(this DbConnection c, DbTransaction? tx, string sql, CancellationToken ct, params (string, object?)[] p)
    {
        await using var cmd = HostDatabase.Command(c, sql, p);
        cmd.Transaction = tx;
        return await cmd.ExecuteNonQueryAsync(ct);
    }

    /// <summary>First column of the first row, or null.</summary>
    public static async Task<object?> ScalarAsync(this DbConnection c, DbTransaction? tx, string sql, CancellationToken ct, params (string, object?)[] p)
    {
        await using var cmd = HostDatabase.Command(c, sql, p);
        cmd.Transaction = tx;
        var v = await cmd.ExecuteScalarAsync(ct);
        return v is DBNull ? null : v;
    }

    /// <summary>Maps every row.</summary>
    public static async Task<List<T>> QueryAsync<T>(this DbConnection c, DbTransaction? tx, string sql, Func<DbDataReader, T> map, CancellationToken ct, params (string, object?)[] p)
    {
        await using var cmd = HostDatabase.Command(c, sql, p);
        cmd.Transaction = tx;
        await using var r = await cmd.ExecuteReaderAsync(ct);
        var list = new List<T>();
        while (await r.ReadAsync(ct))
        {
            list.Add(map(r));
        }

        return list;
    }

    /// <summary>Nullable string column.</summary>
    public static string? Str(this DbDataReader r, int i) => r.IsDBNull(i) ? null : r.GetString(i);

    /// <summary>Nullable long column.</summary>
    public static long? Long(this DbDataReader r, int i) => r.IsDBNull(i) ? null : Convert.ToInt64(r.GetValue(i), System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Int column.</summary>
    public static int Int(this DbDataReader r, int i) => Convert.ToInt32(r.GetValue(i), System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Unix ms to time.</summary>
    public static DateTimeOffset? Time(long? ms) => ms is null ? null : DateTimeOffset.FromUnixTimeMilliseconds(ms.Value);

    /// <summary>A new id with a prefix.</summary>
    public static string NewId(string prefix) => prefix + "_" + Guid.NewGuid().ToString("N")[..20];
}
