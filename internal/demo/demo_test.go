package demo_test

import (
	"context"
	"testing"

	"tend/internal/apptest"
	"tend/internal/clients"
	"tend/internal/db"
	"tend/internal/demo"
	"tend/internal/model"
	"tend/internal/testdb"
)

func TestFill(t *testing.T) {
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		h := apptest.New(t, d)
		login, err := demo.Fill(ctx, h.App.Accounts, h.App.AuditLog, 120, 7)
		if err != nil {
			t.Fatal(err)
		}
		res, err := h.App.Accounts.Login(ctx, login.Email, login.Password, "", "")
		if err != nil {
			t.Fatalf("the printed login does not work: %v", err)
		}
		p := model.Principal{StaffID: res.Staff.ID, PracticeID: res.Staff.PracticeID, Role: res.Staff.Role}
		all, err := h.App.Clients.List(ctx, p, clients.ListQuery{Statuses: model.Statuses(), PerPage: 200})
		if err != nil {
			t.Fatal(err)
		}
		if all.Total != 120 {
			t.Fatalf("%d clients, want 120", all.Total)
		}
		statuses, tagged, incomplete := map[model.Status]int{}, 0, 0
		for _, c := range all.Clients {
			statuses[c.Status()]++
			if len(c.Tags) > 0 {
				tagged++
			}
			if !c.SetupComplete() {
				incomplete++
			}
		}
		if statuses[model.StatusActive] == 0 || statuses[model.StatusInactive] == 0 || statuses[model.StatusArchived] == 0 || tagged == 0 || incomplete == 0 {
			t.Fatalf("too little variety: statuses %v, %d tagged, %d incomplete", statuses, tagged, incomplete)
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
