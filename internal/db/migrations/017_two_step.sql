-- Two-step sign-in (TR-2): a time-based code from an authenticator app after the password.
-- staff.two_step_since is when the person turned it on (NULL: off); it sits on the staff row because
-- every signed-in request and the staff list need it. The secret itself lives apart, sealed with a
-- key derived from the installation's secret key, so no staff query ever reads it.
ALTER TABLE staff ADD COLUMN two_step_since BIGINT;
ALTER TABLE practices ADD COLUMN require_two_step BOOLEAN NOT NULL DEFAULT FALSE;

-- One row per person who set up (or is setting up) an authenticator. last_step is the newest 30-second
-- step whose code was accepted: a code of that step or an older one is refused, so a code seen over
-- someone's shoulder cannot be used again.
CREATE TABLE staff_two_step (
    staff_id TEXT PRIMARY KEY REFERENCES staff(id),
    secret TEXT NOT NULL,
    last_step BIGINT NOT NULL DEFAULT 0,
    created_at BIGINT NOT NULL
);

-- Single-use recovery codes, stored as keyed hashes (HMAC-SHA-256), never as the codes.
CREATE TABLE staff_recovery_codes (
    id TEXT PRIMARY KEY,
    staff_id TEXT NOT NULL REFERENCES staff(id),
    code_hash TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    used_at BIGINT
);
CREATE INDEX staff_recovery_codes_staff ON staff_recovery_codes (staff_id, code_hash);

-- A sign-in that passed the password and waits for the second step: not a session, it opens nothing
-- but the code form, and lasts minutes. The id is the SHA-256 of the token in its cookie.
CREATE TABLE sign_in_challenges (
    id TEXT PRIMARY KEY,
    staff_id TEXT NOT NULL REFERENCES staff(id),
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL
);
CREATE INDEX sign_in_challenges_staff ON sign_in_challenges (staff_id);
