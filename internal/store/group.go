package store

import (
	"context"
	"fmt"
	"time"

	"tend/internal/db"
	"tend/internal/model"
)

// InsertMember adds a client's chart to a group chart. A member added twice is model.ErrConflict.
func InsertMember(ctx context.Context, q Q, practiceID string, m model.Member, at time.Time) error {
	_, err := q.ExecContext(ctx, `INSERT INTO group_members (group_chart_id, member_chart_id, practice_id,
		receives_reminders, receives_bridging, created_at) VALUES ($1, $2, $3, $4, $5, $6)`,
		m.GroupID, m.Client.ID, practiceID, m.Reminders, m.Bridging, ms(at))
	if err != nil {
		return fmt.Errorf("store: insert member: %w", db.Classify(err))
	}
	return nil
}

// UpdateMember stores a member's reminder and questionnaire settings.
func UpdateMember(ctx context.Context, q Q, m model.Member) error {
	res, err := q.ExecContext(ctx, `UPDATE group_members SET receives_reminders = $1, receives_bridging = $2
		WHERE group_chart_id = $3 AND member_chart_id = $4`, m.Reminders, m.Bridging, m.GroupID, m.Client.ID)
	if err != nil {
		return fmt.Errorf("store: update member: %w", err)
	}
	return expectOne(res, "update member")
}

// DeleteMember takes a client out of a group chart.
func DeleteMember(ctx context.Context, q Q, groupID, memberID string) error {
	res, err := q.ExecContext(ctx, `DELETE FROM group_members WHERE group_chart_id = $1 AND member_chart_id = $2`, groupID, memberID)
	if err != nil {
		return fmt.Errorf("store: delete member: %w", err)
	}
	return expectOne(res, "delete member")
}

// MembersOf lists a group's members with their own charts, in the order they were added.
func MembersOf(ctx context.Context, q Q, groupID string) ([]model.Member, error) {
	return membersOf(ctx, q, groupID)
}

func membersOf(ctx context.Context, q Q, groupID string) ([]model.Member, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+clientCols+`, gm.receives_reminders, gm.receives_bridging,
		g.identified_patient_id, g.billing_member_id
		FROM group_members gm JOIN charts g ON g.id = gm.group_chart_id JOIN charts c ON c.id = gm.member_chart_id
		LEFT JOIN persons p ON p.id = c.person_id
		WHERE gm.group_chart_id = $1 ORDER BY gm.created_at, c.id`, groupID)
	if err != nil {
		return nil, fmt.Errorf("store: members: %w", err)
	}
	defer rows.Close()
	var out []model.Member
	for rows.Next() {
		m := model.Member{GroupID: groupID}
		var patient, billing *string
		c, err := scanClient(extraScanner{rows, []any{&m.Reminders, &m.Bridging, &patient, &billing}})
		if err != nil {
			return nil, fmt.Errorf("store: members: %w", err)
		}
		m.Client = c
		m.IdentifiedPatient = patient != nil && *patient == c.ID
		m.BillingContact = billing != nil && *billing == c.ID
		out = append(out, m)
	}
	return out, rows.Err()
}

// extraScanner appends destinations to every Scan, so a row that extends a known column list can reuse
// its scan function.
type extraScanner struct {
	s     scanner
	extra []any
}

func (e extraScanner) Scan(dest ...any) error { return e.s.Scan(append(dest, e.extra...)...) }

// GroupsOf lists the group charts a client belongs to, with their member counts.
func GroupsOf(ctx context.Context, q Q, memberID string) ([]model.GroupSummary, error) {
	rows, err := q.QueryContext(ctx, `SELECT g.id, g.group_name,
		(SELECT COUNT(*) FROM group_members x WHERE x.group_chart_id = g.id), COALESCE(g.assigned_clinician_id, '')
		FROM group_members gm JOIN charts g ON g.id = gm.group_chart_id
		WHERE gm.member_chart_id = $1 ORDER BY g.sort_name, g.id`, memberID)
	if err != nil {
		return nil, fmt.Errorf("store: groups of member: %w", err)
	}
	defer rows.Close()
	var out []model.GroupSummary
	for rows.Next() {
		var g model.GroupSummary
		if err := rows.Scan(&g.ID, &g.Name, &g.Members, &g.ClinicianID); err != nil {
			return nil, fmt.Errorf("store: groups of member: %w", err)
		}
		out = append(out, g)
	}
	return out, rows.Err()
}

// memberCounts returns how many members each of the group charts among ids has.
func memberCounts(ctx context.Context, q Q, ids []string) (map[string]int, error) {
	out := map[string]int{}
	if len(ids) == 0 {
		return out, nil
	}
	ph, args := placeholders(ids, 0)
	rows, err := q.QueryContext(ctx, `SELECT group_chart_id, COUNT(*) FROM group_members
		WHERE group_chart_id IN (`+ph+`) GROUP BY group_chart_id`, args...)
	if err != nil {
		return nil, fmt.Errorf("store: member counts: %w", err)
	}
	return countsByKey(rows, "member counts")
}

// ChartsMissingLinks returns up to limit visible active charts that lost what they need: groups with
// fewer than two members and minors without a contact (CT-3), and how many there are.
func ChartsMissingLinks(ctx context.Context, q Q, f ClientFilter, limit int) ([]model.Client, int, error) {
	out, total, err := clientsWhere(ctx, q, f, ` AND c.record_state = 'active' AND ((c.kind = 'group'
		AND (SELECT COUNT(*) FROM group_members gm WHERE gm.group_chart_id = c.id) < 2)
		OR (c.kind = 'minor' AND NOT EXISTS (SELECT 1 FROM chart_contacts cc WHERE cc.chart_id = c.id)))`, "c.sort_name, c.id", limit)
	if err != nil {
		return nil, 0, fmt.Errorf("store: charts missing links: %w", err)
	}
	return out, total, nil
}
