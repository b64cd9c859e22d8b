package overview_test

import (
	"context"
	"net/http"
	"testing"

	"tend/internal/apptest"
	"tend/internal/audit"
	"tend/internal/db"
	"tend/internal/testdb"
)

// Issue 14 (speed): the Overview page reads a chart's notes once: its latest notes, drafts and late
// flags come from one audited read, and the page's own read events are each recorded once.
// Proves CL-10.
func TestOverviewPageAuditsEachReadOnce(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		h := apptest.New(t, d)
		_, owner := h.Setup()
		c := newClient(t, h, owner, "Ada")
		seedClinical(t, h, owner, c.ID)
		seedNotes(t, h, owner, c.ID, 40)
		cl := h.Client()
		cl.Login("owner@example.org", apptest.StrongPassword)
		if r := cl.Get("/clients/" + c.ID); r.StatusCode != http.StatusOK {
			t.Fatalf("overview: %d", r.StatusCode)
		}
		ctx := context.Background()
		if flush := h.App.Audit.Flush; flush != nil {
			if err := flush(ctx); err != nil {
				t.Fatal(err)
			}
		}
		pg, err := h.App.Audit.Search(ctx, apptest.As(owner), audit.Query{ChartID: c.ID, PerPage: 200})
		if err != nil {
			t.Fatal(err)
		}
		got := map[string]int{}
		for _, e := range pg.Events {
			got[e.Action]++
		}
		for _, action := range []string{"chart.view", "chart.overview.view", "chart.notes.view"} {
			if got[action] != 1 {
				t.Errorf("%s: recorded %d times, want once (all: %v)", action, got[action], got)
			}
		}
	})
}
