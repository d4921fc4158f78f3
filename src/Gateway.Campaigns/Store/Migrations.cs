namespace Gateway.Campaigns.Store;

/// <summary>
/// Versioned schema, applied in order at start (docs/store.md "Schema"). Never edit a released step: add one.
/// <c>{BLOB}</c> is the provider's byte-array type. Times are Unix milliseconds (UTC); ids are text UUIDs.
/// </summary>
internal static class Migrations
{
    public static readonly (int Version, string Sql)[] Steps =
    [
        (1, """
            CREATE TABLE documents (
                id TEXT PRIMARY KEY, sha256 TEXT NOT NULL UNIQUE, file_name TEXT NOT NULL, media_type TEXT NOT NULL,
                length BIGINT NOT NULL, created_at BIGINT NOT NULL, page_count INTEGER NULL, bytes {BLOB} NOT NULL);
            CREATE TABLE campaigns (
                id TEXT PRIMARY KEY, name TEXT NOT NULL, state INTEGER NOT NULL, priority INTEGER NOT NULL,
                is_single INTEGER NOT NULL, settings TEXT NOT NULL, webhook_url TEXT NULL, webhook_secret TEXT NULL,
                created_at BIGINT NOT NULL, updated_at BIGINT NOT NULL, started_at BIGINT NULL, finished_at BIGINT NULL);
            CREATE INDEX campaigns_state ON campaigns (state, created_at);
            CREATE TABLE jobs (
                id TEXT PRIMARY KEY, campaign_id TEXT NOT NULL, number TEXT NOT NULL, time_zone TEXT NOT NULL,
                zone_source INTEGER NOT NULL, candidate_zones TEXT NOT NULL, windows TEXT NULL, reference TEXT NULL,
                state INTEGER NOT NULL, next_attempt_at BIGINT NULL, attempt_count INTEGER NOT NULL,
                failure_counts TEXT NOT NULL, ever_answered INTEGER NOT NULL, resume_page INTEGER NOT NULL,
                last_failure INTEGER NULL, last_reason TEXT NULL, source_line INTEGER NOT NULL, seq INTEGER NOT NULL,
                created_at BIGINT NOT NULL, updated_at BIGINT NOT NULL, completed_at BIGINT NULL);
            CREATE UNIQUE INDEX jobs_campaign_number ON jobs (campaign_id, number);
            CREATE INDEX jobs_due ON jobs (campaign_id, state, next_attempt_at);
            CREATE TABLE attempts (
                id TEXT PRIMARY KEY, job_id TEXT NOT NULL, campaign_id TEXT NOT NULL, seq INTEGER NOT NULL,
                number TEXT NOT NULL, trunk TEXT NOT NULL, state INTEGER NOT NULL, node_id TEXT NOT NULL,
                lease_expires_at BIGINT NOT NULL, started_at BIGINT NOT NULL, answered_at BIGINT NULL, ended_at BIGINT NULL,
                outcome INTEGER NULL, sip_status INTEGER NOT NULL, start_page INTEGER NOT NULL,
                pages_confirmed INTEGER NOT NULL, pages_total INTEGER NOT NULL, transport INTEGER NOT NULL,
                bit_rate INTEGER NOT NULL, ecm INTEGER NOT NULL, remote_ident TEXT NULL, reason TEXT NULL);
            CREATE INDEX attempts_job ON attempts (job_id, seq);
            CREATE INDEX attempts_lease ON attempts (state, lease_expires_at);
            CREATE TABLE numbers (
                number TEXT PRIMARY KEY, active_attempt TEXT NULL, last_call_at BIGINT NULL,
                day INTEGER NOT NULL, day_count INTEGER NOT NULL);
            CREATE TABLE trunks (name TEXT PRIMARY KEY, active INTEGER NOT NULL);
            CREATE TABLE do_not_fax (number TEXT PRIMARY KEY, reason TEXT NULL, added_at BIGINT NOT NULL);
            CREATE TABLE retry_batches (
                id TEXT PRIMARY KEY, campaign_id TEXT NOT NULL, run_at BIGINT NOT NULL, daily_at BIGINT NULL,
                time_zone TEXT NULL, include_failed INTEGER NOT NULL, include_pending INTEGER NOT NULL,
                state INTEGER NOT NULL, created_at BIGINT NOT NULL, last_run_at BIGINT NULL, last_run_jobs INTEGER NOT NULL);
            CREATE INDEX retry_batches_due ON retry_batches (state, run_at);
            CREATE TABLE outbox (
                id TEXT PRIMARY KEY, campaign_id TEXT NOT NULL, job_id TEXT NULL, event_type TEXT NOT NULL,
                url TEXT NOT NULL, secret TEXT NOT NULL, payload TEXT NOT NULL, occurred_at BIGINT NOT NULL,
                next_attempt_at BIGINT NULL, attempts INTEGER NOT NULL, last_error TEXT NULL, delivered_at BIGINT NULL,
                seq BIGINT NOT NULL);
            CREATE INDEX outbox_due ON outbox (next_attempt_at);
            """),

        // Webhook delivery claims (docs/store.md "Webhook outbox"): a claimed row is not due again until its claim
        // lease (next_attempt_at) passes; claimed_by names the delivery pass that holds it.
        (2, """
            ALTER TABLE outbox ADD COLUMN claimed_by TEXT NULL
            """),

        // Calls per second per trunk over all nodes (docs/store.md "Trunk limits"): the trunk's next start time of a
        // generic cell rate algorithm, Unix ms.
        (3, """
            ALTER TABLE trunks ADD COLUMN next_start_at BIGINT NOT NULL DEFAULT 0
            """),
    ];

    public static int Latest => Steps[^1].Version;
}
