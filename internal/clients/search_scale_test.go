package clients_test

import (
	"context"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"tend/internal/apptest"
	"tend/internal/clients"
	"tend/internal/db"
	"tend/internal/demo"
	"tend/internal/model"
	"tend/internal/store"
	"tend/internal/testdb"
)

// LS-2 at scale: a term so common that SQLite scans the practice's search index instead of the trigram
// index (over 2,000 matches in the practice) finds exactly what a plain substring check finds, and so
// does a rare term; the count stops at its cap, and the pages, read by key, hold every match.
func TestSearchCommonAndRareTerms(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("seeds 10,500 clients; skipped with -short")
	}
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		h := apptest.New(t, d)
		_, owner := h.Setup()
		rng := rand.New(rand.NewPCG(3, 4))
		if err := demo.Clients(ctx, h.App.Clients.Store, h.App.AuditLog, owner.PracticeID, []string{owner.ID}, 10_500, rng, time.Now()); err != nil {
			t.Fatal(err)
		}
		p := model.Principal{StaffID: owner.ID, PracticeID: owner.PracticeID, Role: model.RoleOwner}
		// Count by hand over every client, read page by page, then compare with the search.
		every := []model.Client{}
		for page := ""; ; {
			res, err := h.App.Clients.List(ctx, p, clients.ListQuery{Statuses: model.Statuses(), PerPage: 200, Page: page, Refresh: true})
			if err != nil {
				t.Fatal(err)
			}
			every = append(every, res.Clients...)
			if page = res.Next; page == "" {
				break
			}
		}
		if all, err := h.App.Clients.MatchingIDs(ctx, p, clients.ListQuery{Statuses: model.Statuses()}); err != nil || len(every) != len(all) {
			t.Fatalf("the pages hold %d clients, the practice %d (%v)", len(every), len(all), err)
		}
		// A listed group lacks its members' names, which it is also found by: read those charts whole.
		for i, c := range every {
			if c.IsGroup() {
				v, err := h.App.Clients.Get(ctx, p, c.ID)
				if err != nil {
					t.Fatal(err)
				}
				every[i] = v.Client
			}
		}
		for _, q := range []string{"555", "example", "munoz", "e", "ohann"} {
			want := 0
			for _, c := range every {
				if strings.Contains(model.SearchText(c), model.SearchTerms(q)[0]) {
					want++
				}
			}
			// The list counts up to its cap; past it, the pages still hold every match.
			res, err := h.App.Clients.List(ctx, p, clients.ListQuery{Q: q, Statuses: model.Statuses()})
			if err != nil {
				t.Fatal(err)
			}
			if wantCapped := want > store.CountCap; res.Capped != wantCapped || res.Total != min(want, store.CountCap) {
				t.Errorf("search %q: %d (capped %v), want %d", q, res.Total, res.Capped, want)
			}
			ids, err := h.App.Clients.MatchingIDs(ctx, p, clients.ListQuery{Q: q, Statuses: model.Statuses()})
			if err != nil {
				t.Fatal(err)
			}
			got := 0
			for page := ""; ; {
				res, err := h.App.Clients.List(ctx, p, clients.ListQuery{Q: q, Statuses: model.Statuses(), PerPage: 200, Page: page, Refresh: true})
				if err != nil {
					t.Fatal(err)
				}
				got += len(res.Clients)
				if page = res.Next; page == "" {
					break
				}
			}
			if got != want || len(ids) != want {
				t.Errorf("search %q: the pages hold %d, select-all %d, want %d", q, got, len(ids), want)
			}
		}
	})
}
