package audit_test

import (
	"context"
	"database/sql"
	"errors"
	"testing"

	"tend/internal/apptest"
	"tend/internal/audit"
	"tend/internal/db"
	"tend/internal/model"
	"tend/internal/store"
	"tend/internal/testdb"
)

// countingQ counts the statements run through it.
type countingQ struct {
	store.Q
	n int
}

func (c *countingQ) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	c.n++
	return c.Q.QueryContext(ctx, query, args...)
}

func (c *countingQ) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	c.n++
	return c.Q.QueryRowContext(ctx, query, args...)
}

// Issue 13, item 9 (TR-1): a page of the log names its staff and charts, looked up when it is read, in
// one query whatever the number of rows; a chart filter keeps one chart's events; another practice's
// staff and deleted charts get no name; a malformed chart id is refused next to its field.
func TestSearchNamesPeopleAndCharts(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		h := apptest.New(t, d)
		_, owner := h.Setup()
		cal := h.AddStaff(owner, "Cal Clinician", "cal@example.org", model.RoleClinician)
		_, other := h.AddPractice("Second Street Therapy", "owner2@example.org")
		o := apptest.As(owner)
		mk := func(first, last string) model.Client {
			t.Helper()
			c, err := h.App.Clients.Create(ctx, o, model.ClientChange{FirstName: &first, LastName: &last, AssignedClinicianID: &cal.ID})
			if err != nil {
				t.Fatal(err)
			}
			return c
		}
		ada, bob := mk("Ada", "Lovelace"), mk("Bob", "Gone")
		for range 3 {
			if _, err := h.App.Clients.Get(ctx, apptest.As(cal), ada.ID); err != nil {
				t.Fatal(err)
			}
		}
		if err := h.App.Clients.Delete(ctx, o, bob.ID); err != nil {
			t.Fatal(err)
		}

		page, err := h.App.Audit.Search(ctx, o, audit.Query{ChartID: ada.ID})
		if err != nil {
			t.Fatal(err)
		}
		if page.Total != 4 || len(page.Events) != 4 {
			t.Fatalf("events about Ada: %d (%d), want 4 (created, viewed three times)", page.Total, len(page.Events))
		}
		for _, e := range page.Events {
			if e.ChartID != ada.ID {
				t.Fatalf("an event about another chart: %+v", e)
			}
		}
		if page.Names.Charts[ada.ID] != "Ada Lovelace" || page.Names.Staff[cal.ID] != "Cal Clinician" || page.Names.Staff[owner.ID] != "Olivia Owner" {
			t.Fatalf("names: %+v", page.Names)
		}
		all, err := h.App.Audit.Search(ctx, o, audit.Query{PerPage: 500})
		if err != nil {
			t.Fatal(err)
		}
		if _, ok := all.Names.Charts[bob.ID]; ok {
			t.Fatal("a deleted chart still has a name")
		}

		// One statement for the page, however many ids; another practice's staff stay unnamed.
		cq := &countingQ{Q: store.New(d).R()}
		n, err := store.ResolveAuditNames(ctx, cq, owner.PracticeID, []string{owner.ID, cal.ID, other.ID}, []string{ada.ID, bob.ID}, []string{"nobody"})
		if err != nil {
			t.Fatal(err)
		}
		if cq.n != 1 {
			t.Fatalf("%d statements for one page's names, want 1", cq.n)
		}
		if len(n.Staff) != 2 || n.Staff[other.ID] != "" || len(n.Charts) != 1 || len(n.Portal) != 0 {
			t.Fatalf("resolved: %+v", n)
		}

		_, err = h.App.Audit.Search(ctx, o, audit.Query{ChartID: "not-a-chart"})
		var ve *model.ValidationError
		if !errors.As(err, &ve) || ve.Fields["chart_id"] == "" {
			t.Fatalf("a malformed chart id: %v", err)
		}
	})
}
