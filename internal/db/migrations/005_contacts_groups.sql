-- Contacts (CT-1, CT-2, MN-2) and group charts (GR-1…GR-4). A contact is a person linked to a chart;
-- when that person is also a client it is the same person row, so a change of name shows everywhere.

-- Folded names, email and phone digits of a person, for finding an existing person to link. Folding
-- accents needs Go: existing rows are filled in after migrating (store.FillPersonSearch).
ALTER TABLE persons ADD COLUMN search_text TEXT NOT NULL DEFAULT '';

CREATE TABLE chart_contacts (
    id TEXT PRIMARY KEY,
    practice_id TEXT NOT NULL REFERENCES practices(id),
    chart_id TEXT NOT NULL REFERENCES charts(id) ON DELETE CASCADE,
    person_id TEXT NOT NULL REFERENCES persons(id),
    -- parent, legal_guardian, grandparent, spouse_partner, other (then relationship_other says what)
    relationship TEXT NOT NULL,
    relationship_other TEXT NOT NULL DEFAULT '',
    handles_billing BOOLEAN NOT NULL DEFAULT FALSE,
    may_sign BOOLEAN NOT NULL DEFAULT FALSE,
    receives_reminders BOOLEAN NOT NULL DEFAULT FALSE,
    sees_appointments BOOLEAN NOT NULL DEFAULT FALSE,
    emergency BOOLEAN NOT NULL DEFAULT FALSE,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    UNIQUE (chart_id, person_id)
);
CREATE INDEX chart_contacts_person ON chart_contacts (person_id);

CREATE TABLE group_members (
    group_chart_id TEXT NOT NULL REFERENCES charts(id) ON DELETE CASCADE,
    member_chart_id TEXT NOT NULL REFERENCES charts(id) ON DELETE CASCADE,
    practice_id TEXT NOT NULL REFERENCES practices(id),
    receives_reminders BOOLEAN NOT NULL DEFAULT TRUE,
    receives_bridging BOOLEAN NOT NULL DEFAULT TRUE,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (group_chart_id, member_chart_id)
);
CREATE INDEX group_members_member ON group_members (member_chart_id);

-- GR-2: exactly one identified patient and one billing contact, each a member chart of the group.
ALTER TABLE charts ADD COLUMN identified_patient_id TEXT;
ALTER TABLE charts ADD COLUMN billing_member_id TEXT;

-- Finding a person to link scans only this practice's entries of this index.
CREATE INDEX persons_practice_search ON persons (practice_id, search_text);
-- Needs attention looks at a practice's minors and groups only.
CREATE INDEX charts_practice_kind ON charts (practice_id, kind);
