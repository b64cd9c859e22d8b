package store

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strings"

	"tend/internal/model"
)

// SortKeys lists the keys the client list can be sorted by (LS-3), each also with "-" before it for the
// other direction. A later column (a balance, say) is one more key here and in pageIDs.
func SortKeys() []string { return []string{"name", "status", "clinician", "joined"} }

// sortGroup is one value of a sort key shared by many charts (a status, a clinician): the condition that
// keeps its charts, with its arguments numbered after the filter's.
type sortGroup struct {
	cond string
	args []any
}

// maxSortGroups bounds the groups read one by one; a practice with more staff than this sorts by
// clinician with one CASE over the whole match instead.
const maxSortGroups = 100

// pageIDs is the query for the ids of one page of the filter's match in its sort order, with its
// arguments. Name and join date walk their (practice, key, id) index and stop after the page. Status and
// clinician are shared by many charts: each of their values is read from the (practice, value, name, id)
// index, the first offset+limit of each, and only those few are merged, so a sort by status reads about a
// page per status rather than sorting every match. Within a status or clinician names run A to Z either way.
func (f ClientFilter) pageIDs(ctx context.Context, q Q, from, where string, args []any) (string, []any, error) {
	key, desc := strings.CutPrefix(f.Sort, "-")
	dir := ""
	if desc {
		dir = " DESC"
	}
	limit := ""
	if f.Limit > 0 {
		limit = fmt.Sprintf(" LIMIT %d OFFSET %d", f.Limit, max(f.Offset, 0))
	}
	base := `SELECT c.id FROM ` + from + ` WHERE ` + where
	var groups []sortGroup
	switch key {
	case "joined":
		return base + ` ORDER BY c.created_at` + dir + `, c.id` + dir + limit, args, nil
	case "status":
		groups = f.statusGroups()
	case "clinician":
		var err error
		if groups, err = f.clinicianGroups(ctx, q); err != nil {
			return "", nil, err
		}
	default:
		return base + ` ORDER BY c.sort_name` + dir + `, c.id` + dir + limit, args, nil
	}
	if desc {
		for i, j := 0, len(groups)-1; i < j; i, j = i+1, j-1 {
			groups[i], groups[j] = groups[j], groups[i]
		}
	}
	if len(groups) == 0 {
		return base + ` AND 1 = 0`, args, nil
	}
	// Number each group's arguments after the filter's and the groups' before it.
	next := func(g sortGroup) string {
		cond := g.cond
		for i := len(g.args); i >= 1; i-- {
			cond = strings.ReplaceAll(cond, fmt.Sprintf("$g%d", i), fmt.Sprintf("$%d", len(args)+i))
		}
		args = append(args, g.args...)
		return cond
	}
	if f.Limit <= 0 || len(groups) > maxSortGroups {
		var b strings.Builder
		b.WriteString("CASE")
		for i, g := range groups {
			fmt.Fprintf(&b, " WHEN %s THEN %d", next(g), i)
		}
		fmt.Fprintf(&b, " ELSE %d END", len(groups))
		return base + ` ORDER BY ` + b.String() + `, c.sort_name, c.id` + limit, args, nil
	}
	parts := make([]string, len(groups))
	for i, g := range groups {
		parts[i] = fmt.Sprintf(`SELECT * FROM (SELECT c.id, %d AS grp, c.sort_name FROM %s WHERE %s AND %s ORDER BY c.sort_name, c.id LIMIT %d) g%d`,
			i, from, where, next(g), f.Limit+max(f.Offset, 0), i)
	}
	return `SELECT id FROM (` + strings.Join(parts, ` UNION ALL `) + `) page ORDER BY grp, sort_name, id` + limit, args, nil
}

// statusGroups are the statuses in the order they are listed everywhere (ST-1), those the filter keeps.
func (f ClientFilter) statusGroups() []sortGroup {
	all := []struct {
		st   model.Status
		cond string
	}{
		{model.StatusActive, "c.record_state = 'active' AND c.pending = FALSE"},
		{model.StatusPending, "c.record_state = 'active' AND c.pending = TRUE"},
		{model.StatusInactive, "c.record_state = 'inactive'"},
		{model.StatusArchived, "c.record_state = 'archived'"},
	}
	var out []sortGroup
	for _, g := range all {
		if len(f.Statuses) == 0 || slices.Contains(f.Statuses, g.st) {
			out = append(out, sortGroup{cond: g.cond})
		}
	}
	return out
}

// clinicianGroups are the practice's staff by folded name, so both engines order them alike whatever
// their collation, then the charts nobody is assigned to; only those the filter can keep.
func (f ClientFilter) clinicianGroups(ctx context.Context, q Q) ([]sortGroup, error) {
	staff, err := ListStaff(ctx, q, f.PracticeID)
	if err != nil {
		return nil, fmt.Errorf("store: list clients by clinician: %w", err)
	}
	sort.SliceStable(staff, func(i, j int) bool { return model.Fold(staff[i].Name) < model.Fold(staff[j].Name) })
	var out []sortGroup
	for _, st := range staff {
		if f.ClinicianID == "" || f.ClinicianID == st.ID {
			out = append(out, sortGroup{cond: "c.assigned_clinician_id = $g1", args: []any{st.ID}})
		}
	}
	if f.ClinicianID == "" || f.ClinicianID == "none" {
		out = append(out, sortGroup{cond: "c.assigned_clinician_id IS NULL"})
	}
	return out, nil
}
