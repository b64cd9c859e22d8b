-- Durable background jobs (issue 5): a job is inserted in the same transaction as the change that causes
-- it, so it exists exactly when the change does. Workers lease a due job; a lease that runs out (the
-- process died) lets another worker take it. Payloads hold ids only, never personal data.
CREATE TABLE jobs (
    id TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    payload TEXT NOT NULL DEFAULT '{}',
    practice_id TEXT,
    -- queued (waiting or leased), done, or failed (out of attempts; can be retried by hand)
    state TEXT NOT NULL DEFAULT 'queued',
    run_at BIGINT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    max_attempts INTEGER NOT NULL,
    lease_owner TEXT,
    leased_until BIGINT,
    last_error TEXT NOT NULL DEFAULT '',
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX jobs_due ON jobs (state, run_at);
CREATE INDEX jobs_practice ON jobs (practice_id, kind, created_at);
