-- Client records. One human is one person; a chart is the record about a person (individual or
-- minor) or about a group. The API's "client" is a chart with its subject person's fields.

CREATE TABLE persons (
    id TEXT PRIMARY KEY,
    practice_id TEXT NOT NULL REFERENCES practices(id),
    first_name TEXT NOT NULL,
    last_name TEXT NOT NULL,
    legal_first_name TEXT NOT NULL DEFAULT '',
    legal_last_name TEXT NOT NULL DEFAULT '',
    pronouns TEXT NOT NULL DEFAULT '',
    email TEXT NOT NULL DEFAULT '',
    -- lowercased and trimmed; NULL when there is no email, so many people can have none
    email_norm TEXT,
    phone TEXT NOT NULL DEFAULT '',
    phone_digits TEXT NOT NULL DEFAULT '',
    date_of_birth TEXT NOT NULL DEFAULT '',
    sex TEXT NOT NULL DEFAULT '',
    gender_identity TEXT NOT NULL DEFAULT '',
    address_line1 TEXT NOT NULL DEFAULT '',
    address_line2 TEXT NOT NULL DEFAULT '',
    address_city TEXT NOT NULL DEFAULT '',
    address_region TEXT NOT NULL DEFAULT '',
    address_postal_code TEXT NOT NULL DEFAULT '',
    address_country TEXT NOT NULL DEFAULT '',
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
-- CL-2: one email belongs to at most one person in a practice.
CREATE UNIQUE INDEX persons_email ON persons (practice_id, email_norm) WHERE email_norm IS NOT NULL;

CREATE TABLE charts (
    id TEXT PRIMARY KEY,
    practice_id TEXT NOT NULL REFERENCES practices(id),
    kind TEXT NOT NULL,
    person_id TEXT REFERENCES persons(id),
    group_name TEXT NOT NULL DEFAULT '',
    record_state TEXT NOT NULL DEFAULT 'active',
    portal_state TEXT NOT NULL DEFAULT '',
    assigned_clinician_id TEXT REFERENCES staff(id),
    billing_type TEXT NOT NULL DEFAULT '',
    messaging_on BOOLEAN NOT NULL DEFAULT TRUE,
    emergency_name TEXT NOT NULL DEFAULT '',
    emergency_relationship TEXT NOT NULL DEFAULT '',
    emergency_phone TEXT NOT NULL DEFAULT '',
    emergency_email TEXT NOT NULL DEFAULT '',
    setup_step TEXT NOT NULL DEFAULT '',
    setup_completed_at BIGINT,
    -- names (chosen and legal), email, phone digits and tags, lowercased with accents removed, for search
    search_text TEXT NOT NULL DEFAULT '',
    -- "last first", folded, for sorting by name the same way on both engines
    sort_name TEXT NOT NULL DEFAULT '',
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX charts_practice_name ON charts (practice_id, sort_name, id);
CREATE INDEX charts_practice_created ON charts (practice_id, created_at, id);
CREATE INDEX charts_practice_clinician ON charts (practice_id, assigned_clinician_id);
CREATE INDEX charts_person ON charts (person_id);

CREATE TABLE tags (
    id TEXT PRIMARY KEY,
    practice_id TEXT NOT NULL REFERENCES practices(id),
    name TEXT NOT NULL,
    name_norm TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    UNIQUE (practice_id, name_norm)
);

CREATE TABLE chart_tags (
    chart_id TEXT NOT NULL REFERENCES charts(id) ON DELETE CASCADE,
    tag_id TEXT NOT NULL REFERENCES tags(id) ON DELETE CASCADE,
    PRIMARY KEY (chart_id, tag_id)
);
CREATE INDEX chart_tags_tag ON chart_tags (tag_id, chart_id);
