package api_test

import (
	"net/http"
	"strings"
	"testing"

	"tend/internal/apptest"
	"tend/internal/db"
	"tend/internal/testdb"
)

// Issue 16, item 6: the portal shows a chart's next scheduled appointments (at most 5, the soonest first,
// none cancelled or past), in the practice's time zone, to a parent enrolled with the appointments
// permission, on the chart's home page and at GET /api/v1/portal/charts/{id}/appointments; without the
// permission the list is 404 and the home shows no appointments.
// Proves PT-7, PT-9.
func TestPortalUpcomingAppointments(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		h := apptest.New(t, d)
		h.Setup()
		srv := h.SMTP(t)
		a := h.Client()
		a.Login("owner@example.org", apptest.StrongPassword)
		var mia clientOut
		a.API("POST", "/api/v1/clients", map[string]any{"kind": "minor", "first_name": "Mia", "last_name": "Reyes",
			"contacts": []map[string]any{{"first_name": "Rosa", "last_name": "Reyes", "email": "rosa@example.org", "relationship": "parent",
				"sees_appointments": true}}}).JSON(t, &mia)
		book := func(body map[string]any) []string {
			t.Helper()
			body["chart_id"], body["duration_minutes"], body["confirm_overlap"] = mia.ID, 50, true
			r := a.API("POST", "/api/v1/appointments", body)
			if r.StatusCode != http.StatusCreated {
				t.Fatalf("book: %d %s", r.StatusCode, r.Body)
			}
			var out struct {
				Appointments []struct{ ID string } `json:"appointments"`
			}
			r.JSON(t, &out)
			var ids []string
			for _, x := range out.Appointments {
				ids = append(ids, x.ID)
			}
			return ids
		}
		book(map[string]any{"starts_at": "2026-03-01T15:00"}) // past (the clock is 2 March)
		cancelled := book(map[string]any{"starts_at": "2026-03-03T10:00", "location": "Suite 4"})
		if r := a.API("POST", "/api/v1/appointments/"+cancelled[0]+"/status", map[string]any{"status": "cancelled"}); r.StatusCode != 200 {
			t.Fatalf("cancel: %d %s", r.StatusCode, r.Body)
		}
		book(map[string]any{"starts_at": "2026-03-04T15:00", "location": "Suite 4", "recurrence": map[string]any{"frequency": "weekly", "count": 6}})

		var contacts struct{ Items []contactOut }
		a.API("GET", "/api/v1/clients/"+mia.ID+"/contacts", nil).JSON(t, &contacts)
		var acc accessOut
		r := a.API("POST", "/api/v1/clients/"+mia.ID+"/contacts/"+contacts.Items[0].ID+"/enroll", map[string]any{"permissions": []string{}})
		r.JSON(t, &acc)
		if r.StatusCode != 201 {
			t.Fatalf("enroll: %d %s", r.StatusCode, r.Body)
		}
		rosa := h.Client()
		rosa.API("POST", "/api/v1/portal/register", map[string]string{"token": lastLink(t, h, srv), "password": apptest.StrongPassword})

		if r := rosa.API("GET", "/api/v1/portal/charts/"+acc.ID+"/appointments", nil); r.StatusCode != 404 {
			t.Fatalf("appointments without the permission: %d %s", r.StatusCode, r.Body)
		}
		var home struct {
			Appointments []map[string]any `json:"appointments"`
		}
		rosa.API("GET", "/api/v1/portal/charts/"+acc.ID, nil).JSON(t, &home)
		if home.Appointments == nil || len(home.Appointments) != 0 {
			t.Fatalf("home without the permission lists appointments: %+v", home.Appointments)
		}
		if page := rosa.Get("/portal/c/" + acc.ID); page.StatusCode != 200 || strings.Contains(string(page.Body), "Upcoming appointments") {
			t.Fatalf("portal page without the permission: %d", page.StatusCode)
		}

		if r := a.API("PATCH", "/api/v1/clients/"+mia.ID+"/portal-users/"+acc.ID, map[string]any{"permissions": []string{"appointments"}}); r.StatusCode != 200 {
			t.Fatalf("permissions: %d %s", r.StatusCode, r.Body)
		}
		var list struct {
			Items []struct {
				Start, End, What, Clinician, Location string
				Kind                                  string `json:"location_kind"`
				Minutes                               int    `json:"duration_minutes"`
			} `json:"items"`
		}
		r = rosa.API("GET", "/api/v1/portal/charts/"+acc.ID+"/appointments", nil)
		r.JSON(t, &list)
		if r.StatusCode != 200 || len(list.Items) != 5 {
			t.Fatalf("upcoming: %d %s", r.StatusCode, r.Body)
		}
		first := list.Items[0]
		if first.Start != "2026-03-04T21:00:00Z" || first.End != "2026-03-04T21:50:00Z" || first.Minutes != 50 || first.Location != "Suite 4" ||
			first.Kind != "office" || first.Clinician != "Olivia Owner" || first.What != "With Olivia Owner · Suite 4" {
			t.Fatalf("first upcoming: %+v", first)
		}
		if last := list.Items[4]; last.Start != "2026-04-01T20:00:00Z" { // 15:00 in Chicago after the change to daylight time
			t.Fatalf("fifth upcoming: %+v", last)
		}
		rosa.API("GET", "/api/v1/portal/charts/"+acc.ID, nil).JSON(t, &home)
		if len(home.Appointments) != 5 {
			t.Fatalf("home: %d appointments", len(home.Appointments))
		}
		page := rosa.Get("/portal/c/" + acc.ID)
		body := string(page.Body)
		for _, want := range []string{"Upcoming appointments", "03/04/2026, 3:00 PM", "04/01/2026, 3:00 PM", "With Olivia Owner · Suite 4"} {
			if !strings.Contains(body, want) {
				t.Errorf("the portal page should show %q", want)
			}
		}
		if strings.Contains(body, "03/03/2026") || strings.Contains(body, "04/08/2026") {
			t.Error("the portal page shows a cancelled appointment or more than five")
		}
	})
}
