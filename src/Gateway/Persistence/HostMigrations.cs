namespace Gateway.Persistence;

/// <summary>
/// Versioned schema of the host tables. Each step runs once, in order, inside a transaction, and its
/// number is recorded in <c>host_schema_version</c>; a database newer than this binary is refused.
/// </summary>
public static class HostMigrations
{
    // Documents live in the campaign store's registry (Gateway.Campaigns documents table), campaign data in its own
    // schema (schema_migrations); this schema holds only what the campaign library does not know of. Steps 2
    // (host_documents) and 3 (the interim eng_* engine) of unreleased builds were removed: start from a fresh database.
    private static readonly Func<bool, string>[] Steps =
    [
        // 1: API keys (SHA-256 of the key, never the key) and idempotency records.
        _ => """
        CREATE TABLE host_api_keys (
            id TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            role TEXT NOT NULL,
            key_hash TEXT NOT NULL UNIQUE,
            key_prefix TEXT NOT NULL,
            created_ms BIGINT NOT NULL,
            revoked_ms BIGINT NULL
        );
        CREATE TABLE host_idempotency (
            owner TEXT NOT NULL,
            idem_key TEXT NOT NULL,
            request_hash TEXT NOT NULL,
            status_code INTEGER NOT NULL,
            content_type TEXT NULL,
            location TEXT NULL,
            body TEXT NOT NULL,
            created_ms BIGINT NOT NULL,
            PRIMARY KEY (owner, idem_key)
        );
        """,

        // 2: the audit log, append-only: triggers refuse UPDATE and DELETE (and TRUNCATE on PostgreSQL), so not even
        // a bug or a stray statement through the service's own connection can change history.
        postgres => CreateTable(postgres, "host_audit_log", AuditLogColumns) + "\nCREATE INDEX host_audit_log_at ON host_audit_log (at_ms);\n"
            + AppendOnly(postgres, "host_audit_log"),
    ];

    // The audit log's columns after its id (whose type is the provider's auto-numbered key).
    private const string AuditLogColumns = """
        at_ms BIGINT NOT NULL,
        actor_key_id TEXT NOT NULL,
        actor_name TEXT NOT NULL,
        action TEXT NOT NULL,
        target_id TEXT NULL,
        client_address TEXT NULL,
        method TEXT NOT NULL,
        path TEXT NOT NULL,
        status_code INTEGER NOT NULL,
        outcome TEXT NOT NULL
        """;

    /// <summary>The version this binary expects.</summary>
    public static int LatestVersion => Steps.Length;

    /// <summary>The DDL of step <paramref name="version"/> (1-based) for one provider; released steps never change.</summary>
    internal static string StepSql(int version, bool postgres) => Steps[version - 1](postgres);

    /// <summary>A table with an auto-numbered <c>id</c> key in the provider's own type, then <paramref name="columns"/>.</summary>
    private static string CreateTable(bool postgres, string table, string columns) =>
        $"CREATE TABLE {table} (\n    id {(postgres ? "BIGSERIAL PRIMARY KEY" : "INTEGER PRIMARY KEY AUTOINCREMENT")},\n{columns}\n);";

    /// <summary>
    /// Triggers that make <paramref name="table"/> append-only: PostgreSQL raises insufficient_privilege on UPDATE,
    /// DELETE and TRUNCATE; SQLite (no TRUNCATE) aborts UPDATE and DELETE.
    /// </summary>
    private static string AppendOnly(bool postgres, string table) => postgres
        ? $"""
        CREATE FUNCTION {table}_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $fn$
        BEGIN
            RAISE EXCEPTION '{table} is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
        END
        $fn$;
        CREATE TRIGGER {table}_no_update_delete BEFORE UPDATE OR DELETE ON {table}
            FOR EACH ROW EXECUTE FUNCTION {table}_refuse_change();
        CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table}
            FOR EACH STATEMENT EXECUTE FUNCTION {table}_refuse_change();
        """
        : $"""
        CREATE TRIGGER {table}_no_update BEFORE UPDATE ON {table}
        BEGIN SELECT RAISE(ABORT, '{table} is append-only: UPDATE refused'); END;
        CREATE TRIGGER {table}_no_delete BEFORE DELETE ON {table}
        BEGIN SELECT RAISE(ABORT, '{table} is append-only: DELETE refused'); END;
        """;

    /// <summary>Applies the missing steps.</summary>
    public static async Task ApplyAsync(HostDatabase db, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        await using (var create = HostDatabase.Command(c, "CREATE TABLE IF NOT EXISTS host_schema_version (version INTEGER NOT NULL)"))
        {
            await create.ExecuteNonQueryAsync(ct);
        }

        await using var tx = await c.BeginTransactionAsync(ct);
        async Task<object?> InTx(string sql, bool scalar = false, params (string, object?)[] parameters)
        {
            await using var cmd = HostDatabase.Command(c, sql, parameters);
            cmd.Transaction = tx;
            return scalar ? await cmd.ExecuteScalarAsync(ct) : await cmd.ExecuteNonQueryAsync(ct);
        }

        if (db.IsPostgres)
        {
            // Two nodes starting together must not both run step 1.
            await InTx("LOCK TABLE host_schema_version IN EXCLUSIVE MODE");
        }

        var current = Convert.ToInt32(await InTx("SELECT COALESCE(MAX(version), 0) FROM host_schema_version", scalar: true), System.Globalization.CultureInfo.InvariantCulture);
        if (current > LatestVersion)
        {
            throw new InvalidOperationException($"host schema version {current} is newer than this binary ({LatestVersion}); upgrade gateway");
        }

        for (var v = current + 1; v <= LatestVersion; v++)
        {
            await InTx(StepSql(v, db.IsPostgres));
            await InTx("INSERT INTO host_schema_version (version) VALUES (@v)", false, ("v", v));
        }

        await tx.CommitAsync(ct);
    }
}
