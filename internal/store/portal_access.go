package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"tend/internal/db"
	"tend/internal/model"
)

// accessCols reads an access with its person's name and latest invitation (alias pa, pe, i).
const accessCols = `pa.id, pa.practice_id, pa.chart_id, pa.person_id, pe.first_name, pe.last_name, pa.role, pa.permissions,
	pa.email, COALESCE(pa.account_id, ''), pa.state, pa.created_at, pa.updated_at,
	COALESCE(i.id, ''), COALESCE(i.kind, ''), COALESCE(i.sent_at, 0), COALESCE(i.expires_at, 0), i.used_at`

const accessFrom = ` FROM portal_access pa JOIN persons pe ON pe.id = pa.person_id LEFT JOIN invitations i ON i.access_id = pa.id`

func scanAccess(s scanner, extra ...any) (model.PortalAccess, error) {
	var a model.PortalAccess
	var first, last, role, perms, state, invID, invKind string
	var created, updated, sent, expires int64
	var used sql.NullInt64
	dest := append([]any{&a.ID, &a.PracticeID, &a.ChartID, &a.PersonID, &first, &last, &role, &perms, &a.Email, &a.AccountID,
		&state, &created, &updated, &invID, &invKind, &sent, &expires, &used}, extra...)
	if err := s.Scan(dest...); err != nil {
		return a, db.Classify(err)
	}
	a.PersonName = strings.TrimSpace(first + " " + last)
	a.Role, a.State = model.AccessRole(role), model.AccessState(state)
	a.Permissions, _ = model.ParseFeatures(strings.Fields(perms))
	a.CreatedAt, a.UpdatedAt = fromMS(created), fromMS(updated)
	if invID != "" {
		a.Invitation = &model.Invitation{ID: invID, Kind: invKind, SentAt: fromMS(sent), ExpiresAt: fromMS(expires), UsedAt: fromNullMS(used)}
	}
	return a, nil
}

// InsertPortalAccess stores a new access. A second access of one person to one chart is model.ErrConflict.
func InsertPortalAccess(ctx context.Context, q Q, a model.PortalAccess) error {
	_, err := q.ExecContext(ctx, `INSERT INTO portal_access (id, practice_id, chart_id, person_id, role, permissions, email,
		email_norm, account_id, state, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11)`,
		a.ID, a.PracticeID, a.ChartID, a.PersonID, string(a.Role), strings.Join(a.Permissions.Strings(), " "), a.Email,
		model.NormalizeEmail(a.Email), nullStr(a.AccountID), string(a.State), ms(a.CreatedAt))
	if err != nil {
		return fmt.Errorf("store: insert portal access: %w", db.Classify(err))
	}
	return nil
}

// UpdatePortalAccess stores an access's role, permissions, email, account and state.
func UpdatePortalAccess(ctx context.Context, q Q, a model.PortalAccess, at time.Time) error {
	res, err := q.ExecContext(ctx, `UPDATE portal_access SET role = $1, permissions = $2, email = $3, email_norm = $4,
		account_id = $5, state = $6, updated_at = $7 WHERE id = $8`,
		string(a.Role), strings.Join(a.Permissions.Strings(), " "), a.Email, model.NormalizeEmail(a.Email),
		nullStr(a.AccountID), string(a.State), ms(at), a.ID)
	if err != nil {
		return fmt.Errorf("store: update portal access: %w", err)
	}
	return expectOne(res, "update portal access")
}

// DeletePortalAccess removes an access and its invitation.
func DeletePortalAccess(ctx context.Context, q Q, accessID string) error {
	if _, err := q.ExecContext(ctx, `DELETE FROM invitations WHERE access_id = $1`, accessID); err != nil {
		return fmt.Errorf("store: delete invitation of access: %w", err)
	}
	if _, err := q.ExecContext(ctx, `DELETE FROM portal_access WHERE id = $1`, accessID); err != nil {
		return fmt.Errorf("store: delete portal access: %w", err)
	}
	return nil
}

// DeletePortalAccessOfPerson removes a person's access to a chart, if any (they stopped being a contact
// or member of it).
func DeletePortalAccessOfPerson(ctx context.Context, q Q, chartID, personID string) error {
	if _, err := q.ExecContext(ctx, `DELETE FROM invitations WHERE access_id IN
		(SELECT id FROM portal_access WHERE chart_id = $1 AND person_id = $2)`, chartID, personID); err != nil {
		return fmt.Errorf("store: delete invitation of person: %w", err)
	}
	if _, err := q.ExecContext(ctx, `DELETE FROM portal_access WHERE chart_id = $1 AND person_id = $2`, chartID, personID); err != nil {
		return fmt.Errorf("store: delete portal access of person: %w", err)
	}
	return nil
}

// PortalAccessOfChart lists every access to a chart, oldest first.
func PortalAccessOfChart(ctx context.Context, q Q, chartID string) ([]model.PortalAccess, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+accessCols+accessFrom+` WHERE pa.chart_id = $1 ORDER BY pa.created_at, pa.id`, chartID)
	if err != nil {
		return nil, fmt.Errorf("store: portal access of chart: %w", err)
	}
	defer rows.Close()
	var out []model.PortalAccess
	for rows.Next() {
		a, err := scanAccess(rows)
		if err != nil {
			return nil, fmt.Errorf("store: portal access of chart: %w", err)
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

// PortalAccessByID returns one access of a practice, or model.ErrNotFound.
func PortalAccessByID(ctx context.Context, q Q, practiceID, accessID string) (model.PortalAccess, error) {
	a, err := scanAccess(q.QueryRowContext(ctx, `SELECT `+accessCols+accessFrom+` WHERE pa.id = $1 AND pa.practice_id = $2`,
		accessID, practiceID))
	if err != nil {
		return a, fmt.Errorf("store: portal access %s: %w", accessID, err)
	}
	return a, nil
}

// PortalAccessOfPerson returns a person's access to a chart, or model.ErrNotFound.
func PortalAccessOfPerson(ctx context.Context, q Q, chartID, personID string) (model.PortalAccess, error) {
	a, err := scanAccess(q.QueryRowContext(ctx, `SELECT `+accessCols+accessFrom+` WHERE pa.chart_id = $1 AND pa.person_id = $2`,
		chartID, personID))
	if err != nil {
		return a, fmt.Errorf("store: portal access of person: %w", err)
	}
	return a, nil
}

// AccountAccess is an access as its account holder sees it: with the practice and the chart's name.
type AccountAccess struct {
	model.PortalAccess
	PracticeName string
	// Loc is the practice's time zone and date format, for the dates shown to the person (CL-11).
	Loc model.Locale
	// PracticeBanner is the practice's notice to its portal users (PT-7); "" when it has none.
	PracticeBanner string
	ChartName      string
	ChartKind      model.ChartKind
	RecordState    model.RecordState
}

const accountAccessCols = accessCols + `, pr.name, pr.time_zone, c.kind, c.group_name, COALESCE(cp.first_name, ''),
	COALESCE(cp.last_name, ''), c.record_state, pr.date_format, pr.portal_banner`

const accountAccessFrom = accessFrom + ` JOIN practices pr ON pr.id = pa.practice_id JOIN charts c ON c.id = pa.chart_id
	LEFT JOIN persons cp ON cp.id = c.person_id`

func scanAccountAccess(s scanner) (AccountAccess, error) {
	var out AccountAccess
	var tz, kind, group, first, last, state, dateFormat string
	a, err := scanAccess(s, &out.PracticeName, &tz, &kind, &group, &first, &last, &state, &dateFormat, &out.PracticeBanner)
	if err != nil {
		return out, err
	}
	out.Loc = model.NewLocale(tz, model.DateFormat(dateFormat))
	out.PortalAccess, out.ChartKind, out.RecordState = a, model.ChartKind(kind), model.RecordState(state)
	out.ChartName = group
	if out.ChartKind != model.KindGroup {
		out.ChartName = strings.TrimSpace(first + " " + last)
	}
	return out, nil
}

func listAccountAccess(ctx context.Context, q Q, where string, args ...any) ([]AccountAccess, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+accountAccessCols+accountAccessFrom+` WHERE `+where+
		` ORDER BY pr.name, pa.created_at, pa.id`, args...)
	if err != nil {
		return nil, fmt.Errorf("store: account access: %w", err)
	}
	defer rows.Close()
	var out []AccountAccess
	for rows.Next() {
		a, err := scanAccountAccess(rows)
		if err != nil {
			return nil, fmt.Errorf("store: account access: %w", err)
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

// ActiveAccessOfAccount lists the charts an account can open now: its active access to charts in care.
func ActiveAccessOfAccount(ctx context.Context, q Q, accountID string) ([]AccountAccess, error) {
	return listAccountAccess(ctx, q, `pa.account_id = $1 AND pa.state = $2 AND c.record_state = $3`,
		accountID, string(model.AccessActive), string(model.StateActive))
}

// RequestsForEmail lists the open connection requests waiting for the holder of an email (PT-5), for
// charts in care.
func RequestsForEmail(ctx context.Context, q Q, emailNorm string, now time.Time) ([]AccountAccess, error) {
	return listAccountAccess(ctx, q, `pa.email_norm = $1 AND pa.state = $2 AND c.record_state = $3 AND i.expires_at > $4`,
		emailNorm, string(model.AccessRequested), string(model.StateActive), ms(now))
}

// AccessOfAccountByID returns one access of an account, whatever its state, or model.ErrNotFound.
func AccessOfAccountByID(ctx context.Context, q Q, accessID string) (AccountAccess, error) {
	a, err := scanAccountAccess(q.QueryRowContext(ctx, `SELECT `+accountAccessCols+accountAccessFrom+` WHERE pa.id = $1`, accessID))
	if err != nil {
		return a, fmt.Errorf("store: access %s: %w", accessID, err)
	}
	return a, nil
}

// AccountsOfChart lists the accounts with any access to a chart, for ending their sessions.
func AccountsOfChart(ctx context.Context, q Q, chartID string) ([]string, error) {
	rows, err := q.QueryContext(ctx, `SELECT DISTINCT account_id FROM portal_access WHERE chart_id = $1 AND account_id IS NOT NULL`, chartID)
	if err != nil {
		return nil, fmt.Errorf("store: accounts of chart: %w", err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, fmt.Errorf("store: accounts of chart: %w", err)
		}
		out = append(out, id)
	}
	return out, rows.Err()
}

// EndRegisteredAccess ends every access to a chart held by an account (ST-3: restoring an archived
// chart needs the holder's consent again) and returns how many ended.
func EndRegisteredAccess(ctx context.Context, q Q, chartID string, at time.Time) (int64, error) {
	res, err := q.ExecContext(ctx, `UPDATE portal_access SET state = $1, updated_at = $2 WHERE chart_id = $3
		AND account_id IS NOT NULL AND state IN ($4, $5)`, string(model.AccessEnded), ms(at), chartID,
		string(model.AccessActive), string(model.AccessDisabled))
	if err != nil {
		return 0, fmt.Errorf("store: end registered access: %w", err)
	}
	return res.RowsAffected()
}

// RefreshPortalState stores the chart's portal summary from its access: "active" when anyone is
// registered, else "invited" when an invitation or request is open, else "disabled" when access is
// only disabled. It is the only writer of charts.portal_state, so a chart edit cannot put back a stale
// value. It keeps the Pending flag with it (ST-1): a chart with an open invitation is Pending when it
// already was, or when it is new (setup not finished, nobody ever registered); it stops being Pending
// when someone registers (ST-2) or no invitation is open any more. A client already in care who is
// invited stays Active.
func RefreshPortalState(ctx context.Context, q Q, chartID string) error {
	_, err := q.ExecContext(ctx, `UPDATE charts SET portal_state = CASE
		WHEN EXISTS (SELECT 1 FROM portal_access WHERE chart_id = $1 AND state = $2) THEN 'active'
		WHEN EXISTS (SELECT 1 FROM portal_access WHERE chart_id = $1 AND state IN ($3, $4)) THEN 'invited'
		WHEN EXISTS (SELECT 1 FROM portal_access WHERE chart_id = $1 AND state = $5) THEN 'disabled'
		ELSE '' END,
		pending = CASE
		WHEN EXISTS (SELECT 1 FROM portal_access WHERE chart_id = $1 AND state = $2) THEN FALSE
		WHEN NOT EXISTS (SELECT 1 FROM portal_access WHERE chart_id = $1 AND state IN ($3, $4)) THEN FALSE
		WHEN pending = TRUE THEN TRUE
		WHEN setup_completed_at IS NULL AND NOT EXISTS (SELECT 1 FROM portal_access WHERE chart_id = $1 AND account_id IS NOT NULL) THEN TRUE
		ELSE FALSE END
		WHERE id = $1`, chartID, string(model.AccessActive), string(model.AccessInvited),
		string(model.AccessRequested), string(model.AccessDisabled))
	if err != nil {
		return fmt.Errorf("store: refresh portal state: %w", err)
	}
	return nil
}

// ChartsWithAccessOf lists the charts any of the persons has portal access to.
func ChartsWithAccessOf(ctx context.Context, q Q, personIDs []string) ([]string, error) {
	var out []string
	for _, pid := range personIDs {
		rows, err := q.QueryContext(ctx, `SELECT DISTINCT chart_id FROM portal_access WHERE person_id = $1`, pid)
		if err != nil {
			return nil, fmt.Errorf("store: charts with access: %w", err)
		}
		for rows.Next() {
			var id string
			if err := rows.Scan(&id); err != nil {
				rows.Close()
				return nil, fmt.Errorf("store: charts with access: %w", err)
			}
			out = append(out, id)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, fmt.Errorf("store: charts with access: %w", err)
		}
	}
	return out, nil
}

// InsertInvitation stores an access's invitation; tokenHash is "" for a connection request.
func InsertInvitation(ctx context.Context, q Q, practiceID, accessID, staffID string, inv model.Invitation, tokenHash string) error {
	if _, err := q.ExecContext(ctx, `DELETE FROM invitations WHERE access_id = $1`, accessID); err != nil {
		return fmt.Errorf("store: replace invitation: %w", err)
	}
	_, err := q.ExecContext(ctx, `INSERT INTO invitations (id, practice_id, access_id, kind, token_hash, sent_by, sent_at, expires_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, inv.ID, practiceID, accessID, inv.Kind, nullStr(tokenHash), nullStr(staffID),
		ms(inv.SentAt), ms(inv.ExpiresAt))
	if err != nil {
		return fmt.Errorf("store: insert invitation: %w", db.Classify(err))
	}
	return nil
}

// ResendInvitation gives an invitation a new token and expiry; the old token stops working (PT-3).
func ResendInvitation(ctx context.Context, q Q, invitationID, staffID, tokenHash string, sent, expires time.Time) error {
	res, err := q.ExecContext(ctx, `UPDATE invitations SET token_hash = $1, sent_by = $2, sent_at = $3, expires_at = $4, used_at = NULL
		WHERE id = $5`, nullStr(tokenHash), nullStr(staffID), ms(sent), ms(expires), invitationID)
	if err != nil {
		return fmt.Errorf("store: resend invitation: %w", err)
	}
	return expectOne(res, "resend invitation")
}

// UseInvitation marks an access's invitation used (registered, or a request answered).
func UseInvitation(ctx context.Context, q Q, accessID string, at time.Time) error {
	if _, err := q.ExecContext(ctx, `UPDATE invitations SET used_at = $1 WHERE access_id = $2 AND used_at IS NULL`, ms(at), accessID); err != nil {
		return fmt.Errorf("store: use invitation: %w", err)
	}
	return nil
}

// InvitationLink is an invitation found by its token.
type InvitationLink struct {
	model.Invitation
	AccessID string
}

// InvitationByToken returns the invitation of a token hash, used or not, or model.ErrNotFound.
func InvitationByToken(ctx context.Context, q Q, tokenHash string) (InvitationLink, error) {
	var l InvitationLink
	var sent, expires int64
	var used sql.NullInt64
	err := q.QueryRowContext(ctx, `SELECT id, kind, sent_at, expires_at, used_at, access_id FROM invitations WHERE token_hash = $1`,
		tokenHash).Scan(&l.ID, &l.Kind, &sent, &expires, &used, &l.AccessID)
	if err != nil {
		return l, fmt.Errorf("store: invitation by token: %w", db.Classify(err))
	}
	l.SentAt, l.ExpiresAt, l.UsedAt = fromMS(sent), fromMS(expires), fromNullMS(used)
	return l, nil
}

// ClaimInvitation marks the invitation of a token used when it is unused and unexpired, or answers
// model.ErrNotFound: a link works once, even when two registrations race.
func ClaimInvitation(ctx context.Context, q Q, tokenHash string, now time.Time) error {
	res, err := q.ExecContext(ctx, `UPDATE invitations SET used_at = $1 WHERE token_hash = $2 AND used_at IS NULL AND expires_at > $1`,
		ms(now), tokenHash)
	if err != nil {
		return fmt.Errorf("store: claim invitation: %w", err)
	}
	return expectOne(res, "claim invitation")
}

// AccessOfInvitation returns the access of an invitation of a practice, or model.ErrNotFound.
func AccessOfInvitation(ctx context.Context, q Q, practiceID, invitationID string) (model.PortalAccess, error) {
	a, err := scanAccess(q.QueryRowContext(ctx, `SELECT `+accessCols+accessFrom+` WHERE i.id = $1 AND pa.practice_id = $2`,
		invitationID, practiceID))
	if err != nil {
		return a, fmt.Errorf("store: access of invitation %s: %w", invitationID, err)
	}
	return a, nil
}

// DeleteInvitation removes an invitation; its link stops working.
func DeleteInvitation(ctx context.Context, q Q, invitationID string) error {
	if _, err := q.ExecContext(ctx, `DELETE FROM invitations WHERE id = $1`, invitationID); err != nil {
		return fmt.Errorf("store: delete invitation: %w", err)
	}
	return nil
}

// ChartStaffEvent is one staff view or change of a chart, as the client sees it (PT-11).
type ChartStaffEvent struct {
	ID      string
	At      time.Time
	ActorID string // to tell the chart's own clinician from others; never shown
	Role    string
	Action  string
}

// IsChange reports whether the event changed the chart rather than only reading it.
func (e ChartStaffEvent) IsChange() bool {
	return !strings.HasSuffix(e.Action, ".view") && !strings.HasSuffix(e.Action, ".list")
}

// ChartStaffEvents lists the latest successful staff events about a chart, newest first.
func ChartStaffEvents(ctx context.Context, q Q, practiceID, chartID string, limit int) ([]ChartStaffEvent, error) {
	rows, err := q.QueryContext(ctx, `SELECT id, at, actor_id, actor_role, action FROM audit_events WHERE chart_id = $1 AND practice_id = $2
		AND actor_type = $3 AND outcome = $4 ORDER BY at DESC, seq DESC LIMIT $5`, chartID, practiceID, model.ActorStaff,
		model.OutcomeSuccess, limit)
	if err != nil {
		return nil, fmt.Errorf("store: chart staff events: %w", err)
	}
	defer rows.Close()
	var out []ChartStaffEvent
	for rows.Next() {
		var e ChartStaffEvent
		var at int64
		if err := rows.Scan(&e.ID, &at, &e.ActorID, &e.Role, &e.Action); err != nil {
			return nil, fmt.Errorf("store: chart staff events: %w", err)
		}
		e.At = fromMS(at)
		out = append(out, e)
	}
	return out, rows.Err()
}

// OpenInvitationsForEmail lists the access of a practice still waiting for an unexpired invitation to
// the email to be taken up (a pending client, guardian, contact or member), for self-registration (ST-2).
func OpenInvitationsForEmail(ctx context.Context, q Q, practiceID, emailNorm string, now time.Time) ([]model.PortalAccess, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+accessCols+accessFrom+` JOIN charts c ON c.id = pa.chart_id
		WHERE pa.practice_id = $1 AND pa.email_norm = $2 AND pa.state = $3 AND c.record_state = $4
		AND i.used_at IS NULL AND i.expires_at > $5 ORDER BY pa.created_at, pa.id`,
		practiceID, emailNorm, string(model.AccessInvited), string(model.StateActive), ms(now))
	if err != nil {
		return nil, fmt.Errorf("store: open invitations for email: %w", err)
	}
	defer rows.Close()
	var out []model.PortalAccess
	for rows.Next() {
		a, err := scanAccess(rows)
		if err != nil {
			return nil, fmt.Errorf("store: open invitations for email: %w", err)
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

// PersonHasEmail reports whether a person of the practice has the email.
func PersonHasEmail(ctx context.Context, q Q, practiceID, emailNorm string) (bool, error) {
	var n int
	if err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM persons WHERE practice_id = $1 AND email_norm = $2`,
		practiceID, emailNorm).Scan(&n); err != nil {
		return false, fmt.Errorf("store: person has email: %w", err)
	}
	return n > 0, nil
}
