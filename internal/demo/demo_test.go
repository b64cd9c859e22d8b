package demo_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"tend/internal/apptest"
	"tend/internal/clients"
	"tend/internal/db"
	"tend/internal/demo"
	"tend/internal/model"
	"tend/internal/testdb"
)

func TestFill(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		h := apptest.New(t, d)
		login, err := demo.Fill(ctx, h.App.Accounts, h.App.AuditLog, 120, 7)
		if err != nil {
			t.Fatal(err)
		}
		res, err := h.App.Accounts.Login(ctx, login.Email, login.Password, "", "", "")
		if err != nil {
			t.Fatalf("the printed login does not work: %v", err)
		}
		p := model.Principal{StaffID: res.Staff.ID, PracticeID: res.Staff.PracticeID, Role: res.Staff.Role}
		all, err := h.App.Clients.List(ctx, p, clients.ListQuery{Statuses: model.Statuses(), PerPage: 200})
		if err != nil {
			t.Fatal(err)
		}
		kinds := map[model.ChartKind]int{}
		for _, c := range all.Clients {
			kinds[c.Kind]++
		}
		// 120 people's charts, and a few couple or family charts made of them.
		if kinds[model.KindIndividual]+kinds[model.KindMinor] != 120 || kinds[model.KindMinor] == 0 || kinds[model.KindGroup] == 0 {
			t.Fatalf("charts by kind %v, want 120 individuals and minors and some groups", kinds)
		}
		for _, c := range all.Clients {
			switch c.Kind {
			case model.KindMinor:
				if cs, err := h.App.Clients.Contacts(ctx, p, c.ID); err != nil || len(cs) == 0 {
					t.Fatalf("minor %s has no guardian: %v", c.ID, err)
				}
			case model.KindGroup:
				if ms, err := h.App.Clients.Members(ctx, p, c.ID); err != nil || len(ms) != 2 {
					t.Fatalf("group %s has %d members: %v", c.ID, len(ms), err)
				}
			}
		}
		statuses, tagged, incomplete, invitedInCare := map[model.Status]int{}, 0, 0, 0
		for _, c := range all.Clients {
			statuses[c.Status()]++
			if c.Status() == model.StatusActive && c.PortalState == model.PortalInvited {
				invitedInCare++ // ST-1: invited while in care, still Active
			}
			if len(c.Tags) > 0 {
				tagged++
			}
			if !c.SetupComplete() {
				incomplete++
			}
		}
		if statuses[model.StatusActive] == 0 || statuses[model.StatusInactive] == 0 || statuses[model.StatusArchived] == 0 ||
			statuses[model.StatusPending] != 2 || invitedInCare != 1 || tagged == 0 || incomplete == 0 {
			t.Fatalf("too little variety: statuses %v, %d invited in care, %d tagged, %d incomplete", statuses, invitedInCare, tagged, incomplete)
		}
		// The printed portal sign-in works and reaches one chart.
		pl, err := h.App.Portal.Login(ctx, login.Portal.Email, login.Portal.Password, "", "", "")
		if err != nil {
			t.Fatalf("the printed portal login does not work: %v", err)
		}
		home, err := h.App.Portal.Home(ctx, model.PortalPrincipal{AccountID: pl.Account.ID, Email: pl.Account.Email})
		if err != nil || len(home.Charts) != 1 {
			t.Fatalf("the demo portal user reaches %d charts: %v", len(home.Charts), err)
		}
		// The demo documents: three PHQ-9s over six weeks, the latest to review, and an intake waiting.
		if err := demo.Documents(ctx, h.App.Accounts, h.App.Portal, h.App.Documents, login); err != nil {
			t.Fatal(err)
		}
		reqs, err := h.App.Documents.ChartDocuments(ctx, p, home.Charts[0].ChartID)
		if err != nil || len(reqs) != 4 {
			t.Fatalf("demo documents: %d, %v", len(reqs), err)
		}
		if rv, err := h.App.Documents.ToReview(ctx, p, 10); err != nil || len(rv) != 1 || *rv[0].Score != 5 {
			t.Fatalf("to review: %+v, %v", rv, err)
		}
		// Issue 13, item 18: each was finished after it was requested, and reviewed after it was finished;
		// the PHQ-9s are weeks apart, and none is in the future. Proves DC-4's dates read true.
		var finished []time.Time
		for _, r := range reqs {
			if r.CompletedAt.IsZero() {
				continue
			}
			if !r.RequestedAt.Before(r.StartedAt) || r.StartedAt.After(r.CompletedAt) || r.CompletedAt.After(h.Clock.Now()) ||
				(!r.ReviewedAt.IsZero() && !r.ReviewedAt.After(r.CompletedAt)) {
				t.Errorf("%s: requested %v, started %v, completed %v, reviewed %v: out of order", r.TemplateName, r.RequestedAt, r.StartedAt, r.CompletedAt, r.ReviewedAt)
			}
			finished = append(finished, r.CompletedAt)
		}
		slices.SortFunc(finished, time.Time.Compare)
		if len(finished) != 3 || finished[2].Sub(finished[0]) < 5*7*24*time.Hour {
			t.Errorf("the PHQ-9s were finished at %v, want three spread over weeks", finished)
		}
		staff, _ := h.App.Accounts.ListStaff(ctx, p)
		if len(staff) != 7 {
			t.Fatalf("%d staff, want 7", len(staff))
		}
		if _, err := demo.Fill(ctx, h.App.Accounts, h.App.AuditLog, 5, 7); err == nil {
			t.Fatal("a second demo fill was allowed")
		}
	})
}
