-- The client portal (issue 5): accounts, each person's access to a chart, invitations and connection
-- requests, and the portal's own single-use links.

-- PT-1: one account per email in the whole installation, across practices. Not tied to a practice.
CREATE TABLE portal_accounts (
    id TEXT PRIMARY KEY,
    email TEXT NOT NULL,
    email_norm TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);

-- One person's access to one chart: the client themselves, a guardian or other contact, or a group
-- member on the group chart. account_id is set once the person registered or approved a request.
-- state: invited (Pending) | requested (connection request) | active | disabled | declined | ended.
CREATE TABLE portal_access (
    id TEXT PRIMARY KEY,
    practice_id TEXT NOT NULL REFERENCES practices(id),
    chart_id TEXT NOT NULL REFERENCES charts(id) ON DELETE CASCADE,
    person_id TEXT NOT NULL REFERENCES persons(id) ON DELETE CASCADE,
    role TEXT NOT NULL,
    permissions TEXT NOT NULL DEFAULT '',
    email TEXT NOT NULL,
    email_norm TEXT NOT NULL,
    account_id TEXT REFERENCES portal_accounts(id),
    state TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    UNIQUE (chart_id, person_id)
);
CREATE INDEX portal_access_account ON portal_access (account_id, state);
CREATE INDEX portal_access_email ON portal_access (email_norm, state);
CREATE INDEX portal_access_person ON portal_access (person_id);

-- The open or used invitation of an access: a link (kind invite, only the token's SHA-256 stored) or a
-- connection request to an existing account (kind request, no link). Resend replaces the token.
CREATE TABLE invitations (
    id TEXT PRIMARY KEY,
    practice_id TEXT NOT NULL REFERENCES practices(id),
    access_id TEXT NOT NULL UNIQUE REFERENCES portal_access(id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    token_hash TEXT UNIQUE,
    sent_by TEXT REFERENCES staff(id),
    sent_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    used_at BIGINT
);

-- The portal's other single-use links, by the SHA-256 of their token: reset (password), register
-- (self-registration at a practice: proves the email before an account exists).
CREATE TABLE portal_links (
    token_hash TEXT PRIMARY KEY,
    purpose TEXT NOT NULL,
    account_id TEXT REFERENCES portal_accounts(id) ON DELETE CASCADE,
    practice_id TEXT REFERENCES practices(id),
    email_norm TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    used_at BIGINT
);
CREATE INDEX portal_links_email ON portal_links (email_norm, created_at);

-- ST-2: whether people may register on their own at the practice's portal address.
ALTER TABLE practices ADD COLUMN portal_self_registration BOOLEAN NOT NULL DEFAULT FALSE;
