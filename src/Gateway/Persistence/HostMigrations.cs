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
        postgres => postgres
            ? """
            CREATE TABLE host_audit_log (
                id BIGSERIAL PRIMARY KEY,
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
            );
            CREATE INDEX host_audit_log_at ON host_audit_log (at_ms);
            CREATE FUNCTION host_audit_log_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $fn$
            BEGIN
                RAISE EXCEPTION 'host_audit_log is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
            END
            $fn$;
            CREATE TRIGGER host_audit_log_no_update_delete BEFORE UPDATE OR DELETE ON host_audit_log
                FOR EACH ROW EXECUTE FUNCTION host_audit_log_refuse_change();
            CREATE TRIGGER host_audit_log_no_truncate BEFORE TRUNCATE ON host_audit_log
                FOR EACH STATEMENT EXECUTE FUNCTION host_audit_log_refuse_change();
            """
            : """
            CREATE TABLE host_audit_log (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
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
            );
            CREATE INDEX host_audit_log_at ON host_audit_log (at_ms);
            CREATE TRIGGER host_audit_log_no_update BEFORE UPDATE ON host_audit_log
            BEGIN SELECT RAISE(ABORT, 'host_audit_log is append-only: UPDATE refused'); END;
            CREATE TRIGGER host_audit_log_no_delete BEFORE DELETE ON host_audit_log
            BEGIN SELECT RAISE(ABORT, 'host_audit_log is append-only: DELETE refused'); END;
            """,
    ];

    /// <summary>The version this binary expects.</summary>
    public static int LatestVersion => Steps.Length;

    /// <summary>Applies the missing steps.</summary>
    public static async Task ApplyAsync(HostDatabase db, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        await using (var create = HostDatabase.Command(c, "CREATE TABLE IF NOT EXISTS host_schema_version (version INTEGER NOT NULL)"))
        {
            await create.ExecuteNonQueryAsync(ct);
        }

        await using var tx = await c.BeginTransactionAsync(ct);
        if (db.IsPostgres)
        {
            // Two nodes starting together must not both run step 1.
            await using var lockCmd = HostDatabase.Command(c, "LOCK TABLE host_schema_version IN EXCLUSIVE MODE");
            lockCmd.Transaction = tx;
            await lockCmd.ExecuteNonQueryAsync(ct);
        }

        await using var read = HostDatabase.Command(c, "SELECT COALESCE(MAX(version), 0) FROM host_schema_version");
        read.Transaction = tx;
        var current = Convert.ToInt32(await read.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture);
        if (current > LatestVersion)
        {
            throw new InvalidOperationException($"host schema version {current} is newer than this binary ({LatestVersion}); upgrade gateway");
        }

        for (var v = current + 1; v <= LatestVersion; v++)
        {
            await using var step = HostDatabase.Command(c, Steps[v - 1](db.IsPostgres));
            step.Transaction = tx;
            await step.ExecuteNonQueryAsync(ct);
            await using var mark = HostDatabase.Command(c, "INSERT INTO host_schema_version (version) VALUES (@v)", ("v", v));
            mark.Transaction = tx;
            await mark.ExecuteNonQueryAsync(ct);
        }

        await tx.CommitAsync(ct);
    }
}
