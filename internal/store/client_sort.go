package store

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"

	"tend/internal/model"
)

// SortKeys lists the keys the client list can be sorted by (LS-3), each also with "-" before it for the
// other direction. A later column (a balance, say) is one more key here and in pageIDs.
func SortKeys() []string { return []string{"name", "status", "clinician", "joined"} }

// sortGroup is one value of a sort key shared by many charts (a status, a clinician): its name in a
// page key, and the condition that keeps its charts, with its arguments numbered after the filter's.
type sortGroup struct {
	key  string
	cond string
	args []any
}

// maxSortGroups bounds the groups read one by one; a practice with more staff than this sorts by
// clinician with one CASE over the whole match instead.
const maxSortGroups = 100

// pageKeys reads the places of one page of the filter's match in its sort order, from f.After or up to
// f.Before, and whether the list goes on past the page in the direction read. Name and join date walk
// their (practice, key, id) index from the key and stop after the page. Status and clinician are shared
// by many charts: each of their values is read from the (practice, value, name, id) index, a page of
// each from the key on, and only those few are merged, so a sort by status reads about a page per status
// rather than sorting every match. Within a status or clinician names run A to Z either way.
func (f ClientFilter) pageKeys(ctx context.Context, q Q) ([]ListKey, bool, error) {
	if f.window {
		// A PostgreSQL search of more than CountCap matches, sorted by name or join date: its matches are
		// usually spread through the list, so the next searchWindow charts from the key hold a page of them
		// and the walk stops early. When they do not (the matches cluster elsewhere in the list, or the
		// list ends within the window), every match is gathered and sorted instead: the same page either way.
		ps, err := f.pageSQL(ctx, q)
		if err != nil {
			return nil, false, err
		}
		keys, more, err := f.readKeys(ctx, q, ps)
		if err != nil || more {
			return keys, more, err
		}
		f.window, f.gather = false, true
	}
	ps, err := f.pageSQL(ctx, q)
	if err != nil {
		return nil, false, err
	}
	if ps.query == "" {
		return nil, false, nil
	}
	return f.readKeys(ctx, q, ps)
}

// searchWindow is how many charts, in list order from the page's key, a PostgreSQL search of more than
// CountCap matches reads for its page before it gathers every match instead: as many as the count read.
const searchWindow = CountCap

// windowSize is how many charts a windowed search reads: searchWindow unless a test set it.
func (f ClientFilter) windowSize() int {
	if f.windowRows > 0 {
		return f.windowRows
	}
	return searchWindow
}

// pageStatement is a page query whose rows are (id, group number, sort value), in list order or, back,
// the other way; groups name the group numbers.
type pageStatement struct {
	query  string
	args   []any
	groups []string
	back   bool
}

// pageSQL writes the page query of pageKeys ("" when nothing can match).
func (f ClientFilter) pageSQL(ctx context.Context, q Q) (pageStatement, error) {
	with, from, where, args := f.gatheredPageQuery()
	arg := func(v any) string {
		args = append(args, v)
		return fmt.Sprintf("$%d", len(args))
	}
	key, desc := strings.CutPrefix(f.Sort, "-")
	back := f.Before != nil
	at := f.After
	if back {
		at = f.Before
	}
	limit := ""
	if f.Limit > 0 {
		limit = fmt.Sprintf(" LIMIT %d", f.Limit+1)
	}
	// way orders a walk: down when the list runs down and is read forwards, or runs up and is read back.
	way := func(down bool) (dir, cmp string) {
		if down {
			return " DESC", "<"
		}
		return "", ">"
	}
	var groups []sortGroup
	switch key {
	case "status":
		groups = f.statusGroups()
	case "clinician":
		var err error
		if groups, err = f.clinicianGroups(ctx, q); err != nil {
			return pageStatement{}, err
		}
	default:
		col := "c.sort_name"
		var value any
		if at != nil {
			value = at.Value
		}
		if key == "joined" {
			col = "c.created_at"
			if at != nil {
				ms, err := strconv.ParseInt(at.Value, 10, 64)
				if err != nil {
					return pageStatement{}, fmt.Errorf("store: list clients: join time %q: %w", at.Value, model.ErrNotFound)
				}
				value = ms
			}
		}
		dir, cmp := way(desc != back)
		keyCond := ""
		if at != nil {
			keyCond = fmt.Sprintf(" AND (%s, c.id) %s (%s, %s)", col, cmp, arg(value), arg(at.ID))
			where += keyCond
		}
		if f.window && from == "charts c" && f.Limit > 0 {
			// Only the next window of the practice's charts in list order, from the key, is searched.
			from = fmt.Sprintf("(SELECT * FROM charts c WHERE c.practice_id = $1%s ORDER BY %s%s, c.id%s LIMIT %d) c", keyCond, col, dir, dir, f.windowSize())
		}
		query := with + `SELECT c.id, 0, ` + col + ` FROM ` + from + ` WHERE ` + where + ` ORDER BY ` + col + dir + `, c.id` + dir + limit
		return pageStatement{query, args, nil, back}, nil
	}
	if desc {
		slices.Reverse(groups)
	}
	if len(groups) == 0 {
		return pageStatement{}, nil
	}
	start := -1 // the group of the key, in list order
	if at != nil {
		start = slices.IndexFunc(groups, func(g sortGroup) bool { return g.key == at.Group })
		if start < 0 {
			at, back = nil, false // the key's group is gone (a clinician left): start from the top
		}
	}
	names := make([]string, len(groups))
	for i, g := range groups {
		names[i] = g.key
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
	dir, cmp := way(back)
	if f.Limit <= 0 || len(groups) > maxSortGroups {
		caseOf := func() string {
			var b strings.Builder
			b.WriteString("CASE")
			for i, g := range groups {
				fmt.Fprintf(&b, " WHEN %s THEN %d", next(g), i)
			}
			fmt.Fprintf(&b, " ELSE %d END", len(groups))
			return b.String()
		}
		grp := caseOf()
		if at != nil {
			where += fmt.Sprintf(" AND (%s, c.sort_name, c.id) %s (%d, %s, %s)", caseOf(), cmp, start, arg(at.Value), arg(at.ID))
		}
		query := with + `SELECT c.id, ` + grp + `, c.sort_name FROM ` + from + ` WHERE ` + where + ` ORDER BY 2` + dir + `, c.sort_name` + dir + `, c.id` + dir + limit
		return pageStatement{query, args, names, back}, nil
	}
	// The groups from the key's on (back: down to it), each its first page from the key.
	var order []int
	switch {
	case at == nil:
		for i := range groups {
			order = append(order, i)
		}
	case back:
		for i := start; i >= 0; i-- {
			order = append(order, i)
		}
	default:
		for i := start; i < len(groups); i++ {
			order = append(order, i)
		}
	}
	parts := make([]string, len(order))
	for n, i := range order {
		cond := next(groups[i])
		if at != nil && i == start {
			cond += fmt.Sprintf(" AND (c.sort_name, c.id) %s (%s, %s)", cmp, arg(at.Value), arg(at.ID))
		}
		parts[n] = fmt.Sprintf(`SELECT * FROM (SELECT c.id, %d AS grp, c.sort_name FROM %s WHERE %s AND %s ORDER BY c.sort_name%s, c.id%s LIMIT %d) g%d`,
			i, from, where, cond, dir, dir, f.Limit+1, n)
	}
	query := with + `SELECT id, grp, sort_name FROM (` + strings.Join(parts, ` UNION ALL `) + `) page ORDER BY grp` + dir + `, sort_name` + dir + `, id` + dir + limit
	return pageStatement{query, args, names, back}, nil
}

// readKeys runs a page query and returns at most f.Limit places in list order and whether more rows
// followed in the direction read.
func (f ClientFilter) readKeys(ctx context.Context, q Q, ps pageStatement) ([]ListKey, bool, error) {
	groups := ps.groups
	rows, err := q.QueryContext(ctx, ps.query, ps.args...)
	if err != nil {
		return nil, false, fmt.Errorf("store: list clients: %w", err)
	}
	defer rows.Close()
	var keys []ListKey
	for rows.Next() {
		var k ListKey
		var grp int
		if err := rows.Scan(&k.ID, &grp, &k.Value); err != nil {
			return nil, false, fmt.Errorf("store: list clients: %w", err)
		}
		if grp >= 0 && grp < len(groups) {
			k.Group = groups[grp]
		}
		keys = append(keys, k)
	}
	if err := rows.Err(); err != nil {
		return nil, false, fmt.Errorf("store: list clients: %w", err)
	}
	more := f.Limit > 0 && len(keys) > f.Limit
	if more {
		keys = keys[:f.Limit]
	}
	if ps.back {
		slices.Reverse(keys)
	}
	return keys, more, nil
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
			out = append(out, sortGroup{key: string(g.st), cond: g.cond})
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
			out = append(out, sortGroup{key: st.ID, cond: "c.assigned_clinician_id = $g1", args: []any{st.ID}})
		}
	}
	if f.ClinicianID == "" || f.ClinicianID == "none" {
		out = append(out, sortGroup{key: "none", cond: "c.assigned_clinician_id IS NULL"})
	}
	return out, nil
}
