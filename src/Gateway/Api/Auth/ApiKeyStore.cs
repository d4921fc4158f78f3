using System.Data.Common;
using Gateway.Persistence;

namespace Gateway.Api.Auth;

/// <summary>API keys in <c>host_api_keys</c>; lookups are by SHA-256 of the presented key.</summary>
public sealed class ApiKeyStore(HostDatabase db, TimeProvider time)
{
    /// <summary>Creates a key and returns the secret (shown once) with its record.</summary>
    public async Task<(string Secret, ApiKeyRecord Record)> CreateAsync(string name, ApiRole role, CancellationToken ct)
    {
        var secret = ApiKeySecret.Generate();
        var record = await InsertAsync(secret, name, role, ct);
        return (secret, record!);
    }

    /// <summary>
    /// Ensures the configured bootstrap key exists as an admin key; an existing row with the same hash is
    /// kept as it is (so restarts do not duplicate it), and a revoked one stays revoked.
    /// </summary>
    public async Task EnsureBootstrapAsync(string secret, CancellationToken ct)
    {
        if (secret.Length < ApiKeySecret.MinimumLength)
        {
            throw new InvalidOperationException($"Api:BootstrapAdminKey must be at least {ApiKeySecret.MinimumLength} characters");
        }

        await InsertAsync(secret, "bootstrap-admin", ApiRole.Admin, ct);
    }

    /// <summary>The valid key whose hash matches, or null.</summary>
    public async Task<ApiKeyRecord?> FindAsync(string secret, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        await using var cmd = HostDatabase.Command(c,
            "SELECT id, name, role, key_prefix, created_ms, revoked_ms FROM host_api_keys WHERE key_hash = @h AND revoked_ms IS NULL",
            ("h", ApiKeySecret.Hash(secret)));
        await using var r = await cmd.ExecuteReaderAsync(ct);
        return await r.ReadAsync(ct) ? Read(r) : null;
    }

    /// <summary>All keys, newest first.</summary>
    public async Task<IReadOnlyList<ApiKeyRecord>> ListAsync(CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        await using var cmd = HostDatabase.Command(c,
            "SELECT id, name, role, key_prefix, created_ms, revoked_ms FROM host_api_keys ORDER BY created_ms DESC, id");
        await using var r = await cmd.ExecuteReaderAsync(ct);
        var list = new List<ApiKeyRecord>();
        while (await r.ReadAsync(ct))
        {
            list.Add(Read(r));
        }

        return list;
    }

    /// <summary>Revokes a key; false if there is no such valid key.</summary>
    public async Task<bool> RevokeAsync(string id, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        await using var cmd = HostDatabase.Command(c,
            "UPDATE host_api_keys SET revoked_ms = @now WHERE id = @id AND revoked_ms IS NULL",
            ("now", time.GetUtcNow().ToUnixTimeMilliseconds()), ("id", id));
        return await cmd.ExecuteNonQueryAsync(ct) == 1;
    }

    private async Task<ApiKeyRecord?> InsertAsync(string secret, string name, ApiRole role, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var id = "key_" + Guid.NewGuid().ToString("N")[..16];
        await using var c = await db.OpenAsync(ct);
        await using var cmd = HostDatabase.Command(c,
            """
            INSERT INTO host_api_keys (id, name, role, key_hash, key_prefix, created_ms)
            VALUES (@id, @name, @role, @hash, @prefix, @created)
            ON CONFLICT (key_hash) DO NOTHING
            """,
            ("id", id), ("name", name), ("role", role.ToString().ToLowerInvariant()), ("hash", ApiKeySecret.Hash(secret)),
            ("prefix", ApiKeySecret.Prefix(secret)), ("created", now.ToUnixTimeMilliseconds()));
        var inserted = await cmd.ExecuteNonQueryAsync(ct) == 1;
        return inserted ? new ApiKeyRecord(id, name, role, ApiKeySecret.Prefix(secret), DateTimeOffset.FromUnixTimeMilliseconds(now.ToUnixTimeMilliseconds()), null) : null;
    }

    private static ApiKeyRecord Read(DbDataReader r) => new(
        r.GetString(0),
        r.GetString(1),
        Enum.Parse<ApiRole>(r.GetString(2), ignoreCase: true),
        r.GetString(3),
        DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(4)),
        r.IsDBNull(5) ? null : DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(5)));
}
