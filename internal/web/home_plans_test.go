package web_test

import (
	"strings"
	"testing"
	"time"

	"tend/internal/apptest"
	"tend/internal/db"
	"tend/internal/model"
	"tend/internal/plans"
	"tend/internal/testdb"
)

// Issue 15, item 4: a plan whose review date has come is listed under Home's Needs attention for the
// clinician of its chart, on the page and in GET /api/v1/home, with its date and link and nothing of what
// it says; not for a colleague, not once the plan is closed.
// Proves TP-1.
func TestHomeListsPlansDueForReview(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		h := apptest.New(t, d)
		_, owner := h.Setup()
		clin := h.AddStaff(owner, "Cal Clinician", "cal@example.org", model.RoleClinician)
		chart, err := h.App.Clients.Create(t.Context(), apptest.As(owner), model.ClientChange{FirstName: strp("Robin"), LastName: strp("Rivera"), AssignedClinicianID: &clin.ID})
		if err != nil {
			t.Fatal(err)
		}
		today := h.Clock.Now().Format(time.DateOnly)
		made, err := h.App.Plans.Create(t.Context(), apptest.As(clin), chart.ID, plans.SaveInput{Content: model.PlanContent{Title: "Secret title", ReviewDate: today}})
		if err != nil {
			t.Fatal(err)
		}
		c := h.Client()
		const pw = "a long own passphrase here"
		if err := h.App.Accounts.ChangePassword(t.Context(), apptest.As(clin), apptest.StrongPassword, pw, false); err != nil {
			t.Fatal(err)
		}
		c.Login(clin.Email, pw)
		page := string(c.Get("/").Body)
		link := `href="/clients/` + chart.ID + `/plans/` + made.Plan.ID + `"`
		if !strings.Contains(page, "Treatment plans to review") || !strings.Contains(page, link) || strings.Contains(page, "Secret title") {
			t.Fatal("Home does not list the plan due for review by its link alone")
		}
		var home struct {
			PlansDue []struct {
				ID         string `json:"id"`
				ClientID   string `json:"client_id"`
				ReviewDate string `json:"review_date"`
			} `json:"plans_due"`
		}
		c.API("GET", "/api/v1/home", nil).JSON(t, &home)
		if len(home.PlansDue) != 1 || home.PlansDue[0].ID != made.Plan.ID || home.PlansDue[0].ReviewDate != today || home.PlansDue[0].ClientID != chart.ID {
			t.Fatalf("the API's plans due: %+v", home.PlansDue)
		}
		o := h.Client()
		o.Login("owner@example.org", apptest.StrongPassword)
		if strings.Contains(string(o.Get("/").Body), "Treatment plans to review") {
			t.Fatal("a colleague's plan is on the owner's Home")
		}
		if _, err := h.App.Plans.SetState(t.Context(), apptest.As(clin), chart.ID, made.Plan.ID, model.PlanClosed); err != nil {
			t.Fatal(err)
		}
		if strings.Contains(string(c.Get("/").Body), "Treatment plans to review") {
			t.Fatal("a closed plan is still due for review")
		}
	})
}
