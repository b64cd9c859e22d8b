-- Foundation: practices, staff, sessions, API tokens, login throttling, the audit chain.
-- Times are BIGINT milliseconds since the Unix epoch (UTC): identical and sortable on both engines.
-- Ids are UUIDv7 strings.

-- One row once the installation has been set up; a second setup conflicts on the key.
CREATE TABLE installation (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    set_up_at BIGINT NOT NULL
);

CREATE TABLE practices (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    slug TEXT NOT NULL UNIQUE,
    time_zone TEXT NOT NULL,
    idle_timeout_minutes INTEGER NOT NULL DEFAULT 15,
    clinicians_see_all BOOLEAN NOT NULL DEFAULT FALSE,
    created_at BIGINT NOT NULL
);

CREATE TABLE staff (
    id TEXT PRIMARY KEY,
    practice_id TEXT NOT NULL REFERENCES practices(id),
    email TEXT NOT NULL,
    -- lowercased and trimmed; one staff account per email in the whole installation, so login is unambiguous
    email_norm TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    role TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    -- set when someone else chose the password (a temporary one); cleared when the person changes it
    must_change_password BOOLEAN NOT NULL DEFAULT FALSE,
    supervisor_id TEXT REFERENCES staff(id),
    active BOOLEAN NOT NULL DEFAULT TRUE,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX staff_practice ON staff (practice_id, name);

-- Sessions of both realms (staff now, portal later). The id is the SHA-256 of the cookie's token.
CREATE TABLE sessions (
    id TEXT PRIMARY KEY,
    realm TEXT NOT NULL,
    subject_id TEXT NOT NULL,
    practice_id TEXT,
    created_at BIGINT NOT NULL,
    last_seen_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL
);
CREATE INDEX sessions_subject ON sessions (realm, subject_id);

CREATE TABLE api_tokens (
    id TEXT PRIMARY KEY,
    staff_id TEXT NOT NULL REFERENCES staff(id),
    name TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    prefix TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    last_used_at BIGINT,
    revoked_at BIGINT
);
CREATE INDEX api_tokens_staff ON api_tokens (staff_id);

-- One row per email that has tried to sign in. A login attempt first updates this row, which makes
-- concurrent attempts for one email wait for each other, so the throttle cannot be raced.
CREATE TABLE login_locks (
    realm TEXT NOT NULL,
    email_norm TEXT NOT NULL,
    at BIGINT NOT NULL,
    PRIMARY KEY (realm, email_norm)
);

-- Login attempts by normalized email, known account or not, for throttling. An attempt is recorded
-- before the password is checked and removed (with the others) when the login succeeds.
CREATE TABLE login_failures (
    id TEXT PRIMARY KEY,
    realm TEXT NOT NULL,
    email_norm TEXT NOT NULL,
    at BIGINT NOT NULL
);
CREATE INDEX login_failures_email ON login_failures (realm, email_norm, at);

-- The head of each hash chain: one per practice, and "installation" for events of no practice.
-- Appending updates this row first, which serializes appenders on both engines.
CREATE TABLE audit_chains (
    chain TEXT PRIMARY KEY,
    seq BIGINT NOT NULL,
    hash TEXT NOT NULL
);

CREATE TABLE audit_events (
    id TEXT PRIMARY KEY,
    chain TEXT NOT NULL,
    seq BIGINT NOT NULL,
    practice_id TEXT,
    at BIGINT NOT NULL,
    actor_type TEXT NOT NULL,
    actor_id TEXT NOT NULL,
    actor_role TEXT NOT NULL,
    action TEXT NOT NULL,
    record_type TEXT NOT NULL,
    record_id TEXT NOT NULL,
    chart_id TEXT NOT NULL,
    ip TEXT NOT NULL,
    outcome TEXT NOT NULL,
    detail TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL,
    UNIQUE (chain, seq)
);
CREATE INDEX audit_events_practice_at ON audit_events (practice_id, at);
CREATE INDEX audit_events_chart ON audit_events (chart_id, at);
