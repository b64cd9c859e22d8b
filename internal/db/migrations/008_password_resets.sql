-- Staff password reset by email (issue 5, item 3): a single-use link valid for an hour. Only the SHA-256
-- of its token is stored.
CREATE TABLE password_resets (
    token_hash TEXT PRIMARY KEY,
    staff_id TEXT NOT NULL REFERENCES staff(id),
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    used_at BIGINT
);
CREATE INDEX password_resets_staff ON password_resets (staff_id, created_at);
