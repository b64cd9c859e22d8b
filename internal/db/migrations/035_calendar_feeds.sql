-- Issue 16, item 7 (AP-2): each clinician's secret calendar feed. Only the SHA-256 of the secret is
-- kept: the address is shown once, when it is made, and a new one replaces the row (the old stops).
CREATE TABLE calendar_feeds (
    staff_id TEXT PRIMARY KEY REFERENCES staff(id),
    practice_id TEXT NOT NULL REFERENCES practices(id),
    -- hex SHA-256 of the token in the feed's address
    token_hash TEXT NOT NULL UNIQUE,
    created_at BIGINT NOT NULL
);

-- The feeds show clients' names instead of their initials.
ALTER TABLE practices ADD COLUMN feed_client_names BOOLEAN NOT NULL DEFAULT FALSE;
