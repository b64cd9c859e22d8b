-- ST-1 (issue 13): status is about care, the portal state is its own thing. A chart is Pending only
-- while it is new and its only step so far is an open portal invitation; inviting a client already in
-- care leaves them Active, and the portal state shows as its own badge. The flag is kept by
-- RefreshPortalState, the only writer of portal_state, and ends when someone registers (ST-2).
ALTER TABLE charts ADD COLUMN pending BOOLEAN NOT NULL DEFAULT FALSE;
UPDATE charts SET pending = TRUE WHERE portal_state = 'invited' AND setup_completed_at IS NULL
    AND NOT EXISTS (SELECT 1 FROM portal_access a WHERE a.chart_id = charts.id AND a.account_id IS NOT NULL);

-- The status filter now reads the flag instead of the portal state. Sorting the list by status or by
-- clinician (LS-3) reads a page of each status or clinician from these indexes, in name order, instead of
-- sorting every match.
DROP INDEX charts_practice_state;
CREATE INDEX charts_practice_state ON charts (practice_id, record_state, pending, sort_name, id);
DROP INDEX charts_practice_clinician;
CREATE INDEX charts_practice_clinician ON charts (practice_id, assigned_clinician_id, sort_name, id);
DROP INDEX charts_practice_state_search;
CREATE INDEX charts_practice_state_search ON charts (practice_id, record_state, pending, search_text);

-- Home lists a practice's open invitations by when they expire.
CREATE INDEX invitations_practice_expiry ON invitations (practice_id, expires_at);
