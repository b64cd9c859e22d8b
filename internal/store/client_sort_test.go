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
// engines, with filters, in both directions and past the end; and on SQLite each status's or clinician's
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
		}
		for name, f := range filters {
			for _, sort := range []string{"status", "-status", "clinician", "-clinician"} {
				f.Dialect, f.PracticeID, f.Visible, f.Sort = d.Dialect, pr.ID, Visibility{All: true}, sort
				from, where, args := f.pageQuery()
				f.Limit = 0 // one sort over every match: the reference
				query, qargs, err := f.pageIDs(ctx, q, from, where, args)
				if err != nil {
					t.Fatal(err)
				}
				want, err := queryIDs(ctx, q, query, qargs)
				if err != nil {
					t.Fatalf("%s, sort %s: %v", name, sort, err)
				}
				var got []string
				for page := 0; page*7 <= len(want)+7; page++ {
					f.Limit, f.Offset = 7, page*7
					query, qargs, err := f.pageIDs(ctx, q, from, where, args)
					if err != nil {
						t.Fatal(err)
					}
					ids, err := queryIDs(ctx, q, query, qargs)
					if err != nil {
						t.Fatalf("%s, sort %s, page %d: %v", name, sort, page, err)
					}
					got = append(got, ids...)
				}
				if !slices.Equal(got, want) || len(want) == 0 {
					t.Errorf("%s, sort %s: pages of 7 give %d charts in another order than one sort (%d)", name, sort, len(got), len(want))
				}
				if d.Dialect != db.SQLite || name != "every status" {
					continue
				}
				f.Limit, f.Offset = 25, 0
				query, qargs, _ = f.pageIDs(ctx, q, from, where, args)
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
				joined := strings.Join(plan, "\n")
				if !strings.Contains(joined, "UNION ALL") || strings.Count(joined, "TEMP B-TREE") != 1 {
					t.Errorf("sort %s sorts more than the merged page:\n%s", sort, joined)
				}
			}
		}
	})
}
