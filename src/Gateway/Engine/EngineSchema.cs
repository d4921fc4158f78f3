namespace Gateway.Engine;

/// <summary>Tables of the campaign engine. Times are Unix milliseconds (UTC); ids are text.</summary>
public static class EngineSchema
{
    /// <summary>Version 1.</summary>
    public const string Version1 = """
        CREATE TABLE eng_campaigns (
            id TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            kind TEXT NOT NULL,
            state TEXT NOT NULL,
            priority INTEGER NOT NULL,
            spec TEXT NOT NULL,
            created_ms BIGINT NOT NULL,
            updated_ms BIGINT NOT NULL,
            last_dispatch_ms BIGINT NOT NULL DEFAULT 0
        );
        CREATE INDEX eng_campaigns_state ON eng_campaigns (state, created_ms);
        CREATE TABLE eng_jobs (
            id TEXT PRIMARY KEY,
            campaign_id TEXT NOT NULL,
            seq BIGINT NOT NULL,
            number TEXT NOT NULL,
            time_zone TEXT NOT NULL,
            time_zone_source TEXT NOT NULL,
            name TEXT NULL,
            reference TEXT NULL,
            status TEXT NOT NULL,
            attempts INTEGER NOT NULL DEFAULT 0,
            attempts_base INTEGER NOT NULL DEFAULT 0,
            class_counts TEXT NOT NULL DEFAULT '{}',
            next_at_ms BIGINT NOT NULL,
            last_failure TEXT NULL,
            pages_confirmed INTEGER NOT NULL DEFAULT 0,
            lease_node TEXT NULL,
            lease_until_ms BIGINT NULL,
            created_ms BIGINT NOT NULL,
            updated_ms BIGINT NOT NULL
        );
        CREATE INDEX eng_jobs_due ON eng_jobs (status, next_at_ms);
        CREATE INDEX eng_jobs_campaign ON eng_jobs (campaign_id, seq);
        CREATE INDEX eng_jobs_number ON eng_jobs (number, status);
        CREATE TABLE eng_attempts (
            id TEXT PRIMARY KEY,
            job_id TEXT NOT NULL,
            campaign_id TEXT NOT NULL,
            number INTEGER NOT NULL,
            dest_number TEXT NOT NULL,
            node TEXT NOT NULL,
            started_ms BIGINT NOT NULL,
            answered_ms BIGINT NULL,
            ended_ms BIGINT NULL,
            outcome TEXT NULL,
            sip_status INTEGER NULL,
            pages_confirmed INTEGER NOT NULL DEFAULT 0,
            fax_confirmed INTEGER NOT NULL DEFAULT 0,
            transport TEXT NULL,
            rate INTEGER NULL,
            remote_ident TEXT NULL,
            detail TEXT NULL
        );
        CREATE INDEX eng_attempts_job ON eng_attempts (job_id, number);
        CREATE INDEX eng_attempts_dest ON eng_attempts (dest_number, started_ms);
        CREATE TABLE eng_dnf (
            number TEXT PRIMARY KEY,
            reason TEXT NULL,
            added_ms BIGINT NOT NULL
        );
        CREATE TABLE eng_retry_batches (
            id TEXT PRIMARY KEY,
            campaign_id TEXT NOT NULL,
            daily_at TEXT NULL,
            time_zone TEXT NULL,
            next_run_ms BIGINT NULL,
            last_run_ms BIGINT NULL,
            last_run_count INTEGER NULL,
            state TEXT NOT NULL,
            created_ms BIGINT NOT NULL
        );
        CREATE TABLE eng_webhook_outbox (
            event_id TEXT PRIMARY KEY,
            event_type TEXT NOT NULL,
            campaign_id TEXT NOT NULL,
            job_id TEXT NULL,
            url TEXT NOT NULL,
            secret TEXT NOT NULL,
            body TEXT NOT NULL,
            state TEXT NOT NULL,
            passes INTEGER NOT NULL DEFAULT 0,
            next_ms BIGINT NOT NULL,
            claimed_until_ms BIGINT NOT NULL DEFAULT 0,
            last_status INTEGER NULL,
            last_error TEXT NULL,
            created_ms BIGINT NOT NULL
        );
        CREATE INDEX eng_outbox_due ON eng_webhook_outbox (state, next_ms);
        """;
}
