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
	"tend/internal/testdb"
)

// LS-2 at scale: a term so common that SQLite scans the practice's search index instead of the trigram
// index (over 10,000 matches) finds exactly what a plain substring check finds, and so does a rare term.
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
		all, err := h.App.Clients.List(ctx, p, clients.ListQuery{Statuses: model.Statuses(), PerPage: 200})
		if err != nil {
			t.Fatal(err)
		}
		// Count by hand over every client, then compare with the search.
		every := []model.Client{}
		for page := 1; (page-1)*200 < all.Total; page++ {
			res, err := h.App.Clients.List(ctx, p, clients.ListQuery{Statuses: model.Statuses(), PerPage: 200, Page: page})
			if err != nil {
				t.Fatal(err)
			}
			every = append(every, res.Clients...)
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
			res, err := h.App.Clients.List(ctx, p, clients.ListQuery{Q: q, Statuses: model.Statuses()})
			if err != nil {
				t.Fatal(err)
			}
			if res.Total != want {
				t.Errorf("search %q: %d, want %d", q, res.Total, want)
			}
		}
	})
}
