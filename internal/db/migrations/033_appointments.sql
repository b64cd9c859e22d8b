-- Issue 16, item 3: appointments (AP-1, GR-6).
--
-- Every occurrence is a row: a recurring series is expanded when it is booked (at most two years), so
-- the calendar, reminders and ledger read plain rows by time. Times are UTC milliseconds; a series keeps
-- its rule and the local wall time of its first occurrence in its time zone, so later occurrences keep
-- their local time across daylight-saving changes.
CREATE TABLE appointment_series (
    id TEXT PRIMARY KEY,
    practice_id TEXT NOT NULL REFERENCES practices(id),
    -- an RFC 5545 RRULE: FREQ=WEEKLY;INTERVAL=2;COUNT=10 or …;UNTIL=20270301T000000Z
    rrule TEXT NOT NULL,
    -- the first occurrence's local date and time, YYYY-MM-DDTHH:MM, in time_zone
    first_local TEXT NOT NULL,
    time_zone TEXT NOT NULL,
    created_by TEXT NOT NULL REFERENCES staff(id),
    created_at BIGINT NOT NULL
);

CREATE TABLE appointments (
    id TEXT PRIMARY KEY,
    practice_id TEXT NOT NULL REFERENCES practices(id),
    chart_id TEXT NOT NULL REFERENCES charts(id) ON DELETE CASCADE,
    clinician_id TEXT NOT NULL REFERENCES staff(id),
    service_id TEXT REFERENCES services(id),
    series_id TEXT REFERENCES appointment_series(id),
    -- a group session (GR-6): the appointments booked together for its clients share this id
    group_session_id TEXT,
    starts_at BIGINT NOT NULL,
    duration_minutes INTEGER NOT NULL,
    -- office | telehealth
    location_kind TEXT NOT NULL DEFAULT 'office',
    -- a room or address, or the telehealth link
    location TEXT NOT NULL DEFAULT '',
    -- scheduled | attended | no_show | late_cancel | cancelled
    status TEXT NOT NULL DEFAULT 'scheduled',
    status_changed_at BIGINT,
    created_by TEXT NOT NULL REFERENCES staff(id),
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
-- A clinician's calendar and double-booking checks; the practice's calendar; a chart's sessions; a series.
CREATE INDEX appointments_clinician_time ON appointments (practice_id, clinician_id, starts_at);
CREATE INDEX appointments_practice_time ON appointments (practice_id, starts_at);
CREATE INDEX appointments_chart_time ON appointments (chart_id, starts_at);
CREATE INDEX appointments_series_time ON appointments (series_id, starts_at);
CREATE INDEX appointments_group_session ON appointments (group_session_id);
