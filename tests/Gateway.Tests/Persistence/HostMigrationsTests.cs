using System.Text.RegularExpressions;
using Gateway.Persistence;

namespace Gateway.Tests.Persistence;

/// <summary>
/// The host schema's released steps are history: whatever shape the code that writes them takes, a step's DDL stays
/// what databases already ran (compared with whitespace collapsed). The texts below are step 2 as released.
/// </summary>
public sealed partial class HostMigrationsTests
{
    private const string ReleasedStep2Postgres = """
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
        """;

    private const string ReleasedStep2Sqlite = """
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
        """;

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    private static string Collapse(string sql) => Whitespace().Replace(sql, " ").Trim();

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Step_2_is_the_released_audit_log_ddl(bool postgres) =>
        Assert.Equal(Collapse(postgres ? ReleasedStep2Postgres : ReleasedStep2Sqlite), Collapse(HostMigrations.StepSql(2, postgres)));

    [Fact]
    public void The_schema_has_two_steps() => Assert.Equal(2, HostMigrations.LatestVersion);
}
