-- Issue 16, items 1 and 2: the practice's services and a client's insurance (CL-4, CL-9, GR-2).
--
-- A service is what a session is billed as: a name, a code (CPT, e.g. 90837), a default duration, a rate
-- in integer cents (never floats), and whether it is a group service. Archived services stay on the
-- appointments and charges that used them.
CREATE TABLE services (
    id TEXT PRIMARY KEY,
    practice_id TEXT NOT NULL REFERENCES practices(id),
    name TEXT NOT NULL,
    code TEXT NOT NULL DEFAULT '',
    duration_minutes INTEGER NOT NULL,
    rate_cents BIGINT NOT NULL DEFAULT 0,
    is_group BOOLEAN NOT NULL DEFAULT FALSE,
    archived_at BIGINT,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX services_practice ON services (practice_id, name);

-- A client's default service, set in the setup wizard's billing step and in Details.
ALTER TABLE charts ADD COLUMN default_service_id TEXT REFERENCES services(id);

-- An insurance policy of a chart (billing type Insurance). On a couple or family chart the policy is the
-- identified patient's (GR-2): person_id names whose policy it is.
CREATE TABLE insurance_policies (
    id TEXT PRIMARY KEY,
    practice_id TEXT NOT NULL REFERENCES practices(id),
    chart_id TEXT NOT NULL REFERENCES charts(id) ON DELETE CASCADE,
    person_id TEXT NOT NULL,
    payer TEXT NOT NULL,
    member_id TEXT NOT NULL DEFAULT '',
    group_number TEXT NOT NULL DEFAULT '',
    subscriber_name TEXT NOT NULL DEFAULT '',
    -- self | spouse | parent | other
    subscriber_relationship TEXT NOT NULL DEFAULT 'self',
    -- primary | secondary
    priority TEXT NOT NULL DEFAULT 'primary',
    -- YYYY-MM-DD, '' for open
    starts_on TEXT NOT NULL DEFAULT '',
    ends_on TEXT NOT NULL DEFAULT '',
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX insurance_policies_chart ON insurance_policies (chart_id, priority);
