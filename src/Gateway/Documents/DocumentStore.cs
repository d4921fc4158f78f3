using System.Data.Common;
using System.Security.Cryptography;
using Gateway.Persistence;

namespace Gateway.Documents;

/// <summary>
/// Documents in <c>host_documents</c>, stored once: the id is derived from the SHA-256 of the bytes, so the
/// same file uploaded twice (by anyone) is one row.
/// </summary>
public sealed class DocumentStore(HostDatabase db, TimeProvider time)
{
    /// <summary>Stores the bytes unless already present; returns the document and whether it was new.</summary>
    public async Task<(StoredDocument Document, bool Created)> SaveAsync(byte[] content, DocumentKind kind, string? fileName, CancellationToken ct)
    {
        var sha = Convert.ToHexStringLower(SHA256.HashData(content));
        var id = "doc_" + sha[..24];
        await using var c = await db.OpenAsync(ct);
        await using var insert = HostDatabase.Command(c,
            """
            INSERT INTO host_documents (id, sha256, kind, media_type, file_name, size_bytes, created_ms, content)
            VALUES (@id, @sha, @kind, @mt, @fn, @size, @now, @content)
            ON CONFLICT (sha256) DO NOTHING
            """,
            ("id", id), ("sha", sha), ("kind", kind.ToString().ToLowerInvariant()), ("mt", DocumentSniffer.MediaType(kind)),
            ("fn", fileName), ("size", (long)content.Length), ("now", time.GetUtcNow().ToUnixTimeMilliseconds()), ("content", content));
        var created = await insert.ExecuteNonQueryAsync(ct) == 1;
        var doc = await FindAsync(c, id, ct) ?? throw new InvalidOperationException($"document {id} vanished after insert");
        return (doc, created);
    }

    /// <summary>Metadata by id, or null.</summary>
    public async Task<StoredDocument?> FindAsync(string id, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        return await FindAsync(c, id, ct);
    }

    /// <summary>The bytes by id, or null.</summary>
    public async Task<byte[]?> ReadContentAsync(string id, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        await using var cmd = HostDatabase.Command(c, "SELECT content FROM host_documents WHERE id = @id", ("id", id));
        return await cmd.ExecuteScalarAsync(ct) as byte[];
    }

    private static async Task<StoredDocument?> FindAsync(DbConnection c, string id, CancellationToken ct)
    {
        await using var cmd = HostDatabase.Command(c,
            "SELECT id, sha256, kind, media_type, file_name, size_bytes, created_ms FROM host_documents WHERE id = @id", ("id", id));
        await using var r = await cmd.ExecuteReaderAsync(ct);
        if (!await r.ReadAsync(ct))
        {
            return null;
        }

        return new StoredDocument(r.GetString(0), r.GetString(1), Enum.Parse<DocumentKind>(r.GetString(2), ignoreCase: true), r.GetString(3),
            r.IsDBNull(4) ? null : r.GetString(4), r.GetInt64(5), DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(6)));
    }
}
