using Gateway.Persistence;

namespace Gateway.Api.Idempotency;

/// <summary>Idempotency records in <c>host_idempotency</c>, scoped per API key (the owner).</summary>
public sealed class IdempotencyStore(HostDatabase db, TimeProvider time)
{
    /// <summary>The record for (owner, key), or null.</summary>
    public async Task<StoredResponse?> FindAsync(string owner, string key, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        await using var cmd = HostDatabase.Command(c,
            "SELECT request_hash, status_code, content_type, location, body FROM host_idempotency WHERE owner = @o AND idem_key = @k",
            ("o", owner), ("k", key));
        await using var r = await cmd.ExecuteReaderAsync(ct);
        if (!await r.ReadAsync(ct))
        {
            return null;
        }

        return new StoredResponse(r.GetString(0), r.GetInt32(1), r.IsDBNull(2) ? null : r.GetString(2), r.IsDBNull(3) ? null : r.GetString(3), r.GetString(4));
    }

    /// <summary>Records a response; the first record for a key wins.</summary>
    public async Task SaveAsync(string owner, string key, StoredResponse response, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        await using var cmd = HostDatabase.Command(c,
            """
            INSERT INTO host_idempotency (owner, idem_key, request_hash, status_code, content_type, location, body, created_ms)
            VALUES (@o, @k, @h, @s, @ct, @loc, @b, @now)
            ON CONFLICT (owner, idem_key) DO NOTHING
            """,
            ("o", owner), ("k", key), ("h", response.RequestHash), ("s", response.StatusCode), ("ct", response.ContentType),
            ("loc", response.Location), ("b", response.Body), ("now", time.GetUtcNow().ToUnixTimeMilliseconds()));
        await cmd.ExecuteNonQueryAsync(ct);
    }

    /// <summary>Deletes records older than <paramref name="retention"/>; returns how many.</summary>
    public async Task<int> PruneAsync(TimeSpan retention, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        await using var cmd = HostDatabase.Command(c, "DELETE FROM host_idempotency WHERE created_ms < @cut",
            ("cut", (time.GetUtcNow() - retention).ToUnixTimeMilliseconds()));
        return await cmd.ExecuteNonQueryAsync(ct);
    }
}
