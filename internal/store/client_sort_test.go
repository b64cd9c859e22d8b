package store

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"tend/internal/db"
	"tend/internal/id"
	"tend/internal/model"
	"tend/internal/testdb"
)

// LS-3 (issue 13): a sort by status or clinician reads a page of each status or clinician and merges
// them. Paging through it in small pages gives exactly the order of one sort over every match, on both
// engines, with filters, in both directions and past the end (for the sorts by name and join date too,
// and for a PostgreSQL search whose matches are gathered first, issue 19); and on SQLite each status's or clinician's
// part is read from an index in name order, so only the few merged rows are sorted.
func TestGroupedSortPagesMatchOneSort(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		q := d.R
		now := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
		pr := model.Practice{ID: id.New(), Name: "Harbor", Slug: "harbor-" + id.New()[:8], TimeZone: "UTC", IdleTimeout: 15 * time.Minute, CreatedAt: now}
		if err := InsertPractice(ctx, d.W, pr); err != nil {
			t.Fatal(err)
		}
		var staff []string
		for _, name := range []string{"Zed Young", "Åsa Berg", "Mo Lind"} {
			st := model.Staff{ID: id.New(), PracticeID: pr.ID, Email: strings.Fields(model.Fold(name))[0] + "@example.org", Name: name,
				Role: model.RoleClinician, Active: true, CreatedAt: now, UpdatedAt: now}
			if err := InsertStaff(ctx, d.W, st, "x"); err != nil {
				t.Fatal(err)
			}
			staff = append(staff, st.ID)
		}
		rng := rand.New(rand.NewPCG(21, 1))
		for i := range 60 {
			c := model.Client{ID: id.New(), PracticeID: pr.ID, PersonID: id.New(), Kind: model.KindIndividual,
				FirstName: fmt.Sprintf("N%02d", rng.IntN(30)), LastName: []string{"Lima", "Ärlig", "Okafor", "Berg"}[rng.IntN(4)],
				State:     []model.RecordState{model.StateActive, model.StateActive, model.StateInactive, model.StateArchived}[rng.IntN(4)],
				CreatedAt: now.Add(time.Duration(i) * time.Minute), UpdatedAt: now}
			if k := rng.IntN(4); k < 3 {
				c.AssignedClinicianID = staff[k]
			}
			if err := InsertClient(ctx, d.W, c); err != nil {
				t.Fatal(err)
			}
			if c.State == model.StateActive && rng.IntN(3) == 0 {
				if _, err := d.W.ExecContext(ctx, `UPDATE charts SET pending = TRUE, portal_state = 'invited' WHERE id = $1`, c.ID); err != nil {
					t.Fatal(err)
				}
			}
		}
		filters := map[string]ClientFilter{
			"every status":  {Statuses: model.Statuses()},
			"in care":       {Statuses: []model.Status{model.StatusActive, model.StatusPending}},
			"pending":       {Statuses: []model.Status{model.StatusPending}},
			"one clinician": {Statuses: model.Statuses(), ClinicianID: staff[1]},
			"nobody's":      {Statuses: model.Statuses(), ClinicianID: "none"},
			"search":        {Statuses: model.Statuses(), Terms: model.SearchTerms("lima")},
			// Issue 19: a PostgreSQL search of few matches gathers them first (gatheredPageQuery); its pages,
			// either way, are those of the search read without gathering.
			"search, gathered":         {Statuses: model.Statuses(), Terms: model.SearchTerms("lima"), gather: true},
			"search in care, gathered": {Statuses: []model.Status{model.StatusActive, model.StatusPending}, Terms: model.SearchTerms("rlig"), gather: true},
			// A search of many matches by name or join date first looks for its page in a window of the list.
			"search, windowed":         {Statuses: model.Statuses(), Terms: model.SearchTerms("lima"), window: true, windowRows: 30},
			"search in care, windowed": {Statuses: []model.Status{model.StatusActive, model.StatusPending}, Terms: model.SearchTerms("rlig"), window: true, windowRows: 40},
		}
		for name, f := range filters {
			for _, sort := range []string{"status", "-status", "clinician", "-clinician", "name", "-name", "joined", "-joined"} {
				f.Dialect, f.PracticeID, f.Visible, f.Sort = d.Dialect, pr.ID, Visibility{All: true}, sort
				f.Limit = 0 // one sort over every match: the reference
				all, _, err := f.pageKeys(ctx, q)
				if err != nil {
					t.Fatalf("%s, sort %s: %v", name, sort, err)
				}
				want := keyIDs(all)
				if f.gather || f.window {
					walked := f
					walked.gather, walked.window = false, false
					ref, _, err := walked.pageKeys(ctx, q)
					if err != nil {
						t.Fatalf("%s, sort %s: %v", name, sort, err)
					}
					if !slices.Equal(keyIDs(ref), want) {
						t.Errorf("%s, sort %s: the gathered match is not the walked one", name, sort)
					}
				}
				// Forwards by the key of each page's last chart, then backwards from the end by each page's first.
				var got []string
				f.Limit, f.After, f.Before = 7, nil, nil
				for range len(want)/7 + 2 {
					keys, _, err := f.pageKeys(ctx, q)
					if err != nil {
						t.Fatalf("%s, sort %s: %v", name, sort, err)
					}
					if len(keys) == 0 {
						break
					}
					got = append(got, keyIDs(keys)...)
					f.After = &keys[len(keys)-1]
				}
				if !slices.Equal(got, want) || len(want) == 0 {
					t.Errorf("%s, sort %s: pages of 7 give %d charts in another order than one sort (%d)", name, sort, len(got), len(want))
				}
				var back []string
				f.After, f.Before = nil, &all[len(all)-1]
				back = append(back, want[len(want)-1])
				for range len(want)/7 + 2 {
					keys, _, err := f.pageKeys(ctx, q)
					if err != nil {
						t.Fatalf("%s, sort %s: %v", name, sort, err)
					}
					if len(keys) == 0 {
						break
					}
					back = append(keyIDs(keys), back...)
					f.Before = &keys[0]
				}
				if !slices.Equal(back, want) {
					t.Errorf("%s, sort %s: pages of 7 read backwards give %d charts in another order than one sort (%d)", name, sort, len(back), len(want))
				}
				f.Before = nil
				if d.Dialect != db.SQLite || name != "every status" || !strings.Contains(sort, "status") && !strings.Contains(sort, "clinician") {
					continue
				}
				f.Limit = 25
				f.After = &all[len(all)/3] // a key early on: each group's part seeks its index from the key
				ps, err := f.pageSQL(ctx, q)
				if err != nil {
					t.Fatal(err)
				}
				f.After = nil
				query, qargs := ps.query, ps.args
				rows, err := q.QueryContext(ctx, `EXPLAIN QUERY PLAN `+query, qargs...)
				if err != nil {
					t.Fatal(err)
				}
				var plan []string
				for rows.Next() {
					var a, b, c int
					var detail string
					if err := rows.Scan(&a, &b, &c, &detail); err != nil {
						t.Fatal(err)
					}
					plan = append(plan, detail)
				}
				rows.Close()
				// SQLite may sort each group's page (a few rows) to merge them, never the chart rows themselves:
				// no sort follows a search of charts, and charts are only searched by an index.
				sortsCharts := false
				for i, line := range plan {
					if strings.Contains(line, "TEMP B-TREE") && i > 0 && strings.HasPrefix(plan[i-1], "SEARCH c") {
						sortsCharts = true
					}
					if strings.HasPrefix(line, "SCAN c") {
						sortsCharts = true
					}
				}
				joined := strings.Join(plan, "\n")
				if !strings.Contains(joined, "UNION ALL") || sortsCharts {
					t.Errorf("sort %s sorts more than the merged page:\n%s", sort, joined)
				}
			}
		}
	})
}

// keyIDs are the chart ids of list places.
func keyIDs(keys []ListKey) []string {
	out := make([]string, len(keys))
	for i, k := range keys {
		out[i] = k.ID
	}
	return out
}
