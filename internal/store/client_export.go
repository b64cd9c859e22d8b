package store

import (
	"context"
	"fmt"

	"tend/internal/model"
)

// ExportKey is where a client export stopped: the last chart's sort name and id. The zero key starts
// from the beginning.
type ExportKey struct {
	SortName, ID string
}

// ClientsAfter returns up to limit clients matching f that come after key in name order (sort name,
// then id), with their tags, and the key of the last one. An export pages through the whole match with
// it: each page walks the (practice, sort name, id) index from where the last stopped, so a large
// export never holds more than a page and never skips with OFFSET. f.Sort, f.Limit and f.Offset are
// not used.
func ClientsAfter(ctx context.Context, q Q, f ClientFilter, key ExportKey, limit int) ([]model.Client, ExportKey, error) {
	broad, err := commonTerms(ctx, q, f)
	if err != nil {
		return nil, key, err
	}
	f.scan = broad
	from, where, args := f.pageQuery()
	first := len(args)
	args = append(args, key.SortName, key.ID)
	// A row value, so both engines seek the (practice, sort name, id) index to the key instead of
	// filtering from the start of the practice on every page.
	where += fmt.Sprintf(" AND (c.sort_name, c.id) > ($%d, $%d)", first+1, first+2)
	rows, err := q.QueryContext(ctx, `SELECT c.sort_name, `+clientCols+` FROM `+from+` LEFT JOIN persons p ON p.id = c.person_id WHERE `+
		where+fmt.Sprintf(` ORDER BY c.sort_name, c.id LIMIT %d`, limit), args...)
	if err != nil {
		return nil, key, fmt.Errorf("store: export clients: %w", err)
	}
	defer rows.Close()
	var out []model.Client
	index := map[string]int{}
	for rows.Next() {
		var sortName string
		c, err := scanClient(leadingColumn{rows, &sortName})
		if err != nil {
			return nil, key, fmt.Errorf("store: export clients: %w", err)
		}
		index[c.ID] = len(out)
		out = append(out, c)
		key = ExportKey{SortName: sortName, ID: c.ID}
	}
	if err := rows.Err(); err != nil {
		return nil, key, fmt.Errorf("store: export clients: %w", err)
	}
	rows.Close()
	if len(out) == 0 {
		return nil, key, nil
	}
	// The page's tags: the same filter between the page's first and last key, which reads the page's
	// charts by the same index rather than binding each id.
	args = append(args, key.SortName, key.ID)
	trows, err := q.QueryContext(ctx, `SELECT c.id, t.id, t.name FROM `+from+` JOIN chart_tags xt ON xt.chart_id = c.id
		JOIN tags t ON t.id = xt.tag_id WHERE `+where+fmt.Sprintf(` AND (c.sort_name, c.id) <= ($%d, $%d) ORDER BY t.name_norm`, first+3, first+4), args...)
	if err != nil {
		return nil, key, fmt.Errorf("store: export tags: %w", err)
	}
	defer trows.Close()
	for trows.Next() {
		var chart string
		var t model.Tag
		if err := trows.Scan(&chart, &t.ID, &t.Name); err != nil {
			return nil, key, fmt.Errorf("store: export tags: %w", err)
		}
		if i, ok := index[chart]; ok {
			out[i].Tags = append(out[i].Tags, t)
		}
	}
	if err := trows.Err(); err != nil {
		return nil, key, fmt.Errorf("store: export tags: %w", err)
	}
	return out, key, nil
}

// leadingColumn scans one leading column into first, then the rest as s would.
type leadingColumn struct {
	s     scanner
	first any
}

// Scan reads the leading column and the others.
func (p leadingColumn) Scan(dest ...any) error { return p.s.Scan(append([]any{p.first}, dest...)...) }

// CountClients returns how many clients match f.
func CountClients(ctx context.Context, q Q, f ClientFilter) (int, error) {
	broad, err := commonTerms(ctx, q, f)
	if err != nil {
		return 0, err
	}
	f.scan = broad
	from, where, args := f.query()
	var n int
	if err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM `+from+` WHERE `+where, args...).Scan(&n); err != nil {
		return 0, fmt.Errorf("store: count clients: %w", err)
	}
	return n, nil
}
