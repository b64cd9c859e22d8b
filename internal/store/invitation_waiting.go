package store

import (
	"context"
	"fmt"
	"strings"
	"time"

	"tend/internal/model"
)

// waitingWhere keeps the open invitations and connection requests of charts in care that a visibility
// allows (aliases i, a, c).
func waitingWhere(practiceID string, v Visibility) (string, []any) {
	args := []any{practiceID, string(model.AccessInvited), string(model.AccessRequested), string(model.StateActive)}
	arg := func(x any) string { args = append(args, x); return fmt.Sprintf("$%d", len(args)) }
	where := `i.practice_id = $1 AND a.state IN ($2, $3) AND c.record_state = $4`
	if cond := v.condition("c", arg); cond != "" {
		where += ` AND ` + cond
	}
	return where, args
}

const waitingFrom = ` FROM invitations i JOIN portal_access a ON a.id = i.access_id JOIN charts c ON c.id = a.chart_id`

// InvitationCounts says how many invitations are open, how many of them no longer work (they need
// resending) and how many stop working soon.
type InvitationCounts struct {
	Open, Expired, ExpiringSoon int
}

// WaitingInvitations lists up to limit open invitations on the charts a visibility allows, the soonest to
// expire first (those already expired lead: they need resending), with counts: expired ones are those
// whose expiry is at or before now, expiring soon ones those whose expiry is after now and at or before soon.
func WaitingInvitations(ctx context.Context, q Q, practiceID string, v Visibility, now, soon time.Time, limit int) ([]model.WaitingInvitation, InvitationCounts, error) {
	where, args := waitingWhere(practiceID, v)
	var n InvitationCounts
	countArgs := append(append([]any(nil), args...), ms(now), ms(soon))
	k := len(args)
	err := q.QueryRowContext(ctx, fmt.Sprintf(`SELECT COUNT(*), COALESCE(SUM(CASE WHEN i.expires_at <= $%d THEN 1 ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN i.expires_at > $%d AND i.expires_at <= $%d THEN 1 ELSE 0 END), 0)`, k+1, k+1, k+2)+waitingFrom+` WHERE `+where,
		countArgs...).Scan(&n.Open, &n.Expired, &n.ExpiringSoon)
	if err != nil {
		return nil, n, fmt.Errorf("store: count waiting invitations: %w", err)
	}
	args = append(args, limit)
	rows, err := q.QueryContext(ctx, `SELECT i.id, i.kind, i.sent_at, i.expires_at, c.id, c.kind, c.group_name,
		COALESCE(cp.first_name, ''), COALESCE(cp.last_name, ''), COALESCE(ip.first_name, ''), COALESCE(ip.last_name, ''), a.role`+
		waitingFrom+` LEFT JOIN persons cp ON cp.id = c.person_id LEFT JOIN persons ip ON ip.id = a.person_id
		WHERE `+where+fmt.Sprintf(` ORDER BY i.expires_at, i.id LIMIT $%d`, len(args)), args...)
	if err != nil {
		return nil, n, fmt.Errorf("store: waiting invitations: %w", err)
	}
	defer rows.Close()
	var out []model.WaitingInvitation
	for rows.Next() {
		var w model.WaitingInvitation
		var sent, expires int64
		var kind, group, cFirst, cLast, iFirst, iLast, role string
		if err := rows.Scan(&w.InvitationID, &w.Kind, &sent, &expires, &w.ChartID, &kind, &group, &cFirst, &cLast, &iFirst, &iLast, &role); err != nil {
			return nil, n, fmt.Errorf("store: waiting invitations: %w", err)
		}
		w.SentAt, w.ExpiresAt, w.Role = fromMS(sent), fromMS(expires), model.AccessRole(role)
		w.ChartName = model.Client{Kind: model.ChartKind(kind), GroupName: group, FirstName: cFirst, LastName: cLast}.Name()
		w.PersonName = strings.TrimSpace(iFirst + " " + iLast)
		out = append(out, w)
	}
	return out, n, rows.Err()
}
