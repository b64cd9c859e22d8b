package api_test

import (
	"context"
	"encoding/json"
	"net/http"
	"testing"

	"tend/internal/apptest"
	"tend/internal/db"
	"tend/internal/model"
	"tend/internal/testdb"
)

// nextAppointment reads the Overview's next_appointment: present tells whether the key is there at all.
func nextAppointment(t *testing.T, c *apptest.Client, chartID string) (next map[string]any, present bool) {
	t.Helper()
	var v map[string]json.RawMessage
	r := c.API("GET", "/api/v1/clients/"+chartID+"/overview", nil)
	if r.StatusCode != http.StatusOK {
		t.Fatalf("overview: %d %s", r.StatusCode, r.Body)
	}
	r.JSON(t, &v)
	raw, ok := v["next_appointment"]
	if !ok {
		return nil, false
	}
	if err := json.Unmarshal(raw, &next); err != nil {
		t.Fatal(err)
	}
	return next, true
}

// Issue 16, item 8: the Overview's next_appointment is the chart's next scheduled appointment (a
// cancelled one sooner, and one in the past, do not count), null while none is booked, and billing staff
// see it too. "Schedule the first session" in What's next ticks once any appointment is booked and not
// cancelled, for billing staff as well; a chart whose only appointment was cancelled leaves it open.
// Proves CL-10, CL-5.
func TestNextAppointmentAndFirstSession(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		h := apptest.New(t, d)
		_, owner := h.Setup()
		bea := h.AddStaff(owner, "Bea Billing", "bea@example.org", model.RoleBilling)
		if err := h.App.Accounts.ChangePassword(t.Context(), apptest.As(bea), apptest.StrongPassword, beaPassword, false); err != nil {
			t.Fatal(err)
		}
		mk := func(first, last string) string {
			c, err := h.App.Clients.Create(context.Background(), apptest.As(owner), model.ClientChange{FirstName: &first, LastName: &last, AssignedClinicianID: &owner.ID})
			if err != nil {
				t.Fatal(err)
			}
			return c.ID
		}
		robin, sam := mk("Robin", "Rivera"), mk("Sam", "Stone")
		c := h.Client()
		c.Login("owner@example.org", apptest.StrongPassword)
		b := h.Client()
		b.Login("bea@example.org", beaPassword)

		if next, ok := nextAppointment(t, c, robin); !ok || next != nil {
			t.Fatalf("before booking: next_appointment %v (present %v), want null", next, ok)
		}
		if got := whatsNext(t, c, robin); got["first_session"] {
			t.Fatalf("before booking: %v", got)
		} else if _, ok := got["first_session"]; !ok {
			t.Fatalf("What's next lacks first_session: %v", got)
		}
		book := func(chartID, start string) string {
			var out struct {
				Appointments []struct{ ID string } `json:"appointments"`
			}
			r := c.API("POST", "/api/v1/appointments", map[string]any{"chart_id": chartID, "starts_at": start, "duration_minutes": 50,
				"location_kind": "office", "location": "Room 2", "confirm_overlap": true})
			if r.StatusCode != http.StatusCreated {
				t.Fatalf("book %s: %d %s", start, r.StatusCode, r.Body)
			}
			r.JSON(t, &out)
			return out.Appointments[0].ID
		}
		cancel := func(id string) {
			if r := c.API("POST", "/api/v1/appointments/"+id+"/status", map[string]any{"status": "cancelled"}); r.StatusCode != http.StatusOK {
				t.Fatalf("cancel: %d %s", r.StatusCode, r.Body)
			}
		}
		// Sam's only appointment is cancelled: nothing is scheduled and nothing ticks.
		cancel(book(sam, "2026-03-04T09:00"))
		if got := whatsNext(t, c, sam); got["first_session"] {
			t.Errorf("a cancelled appointment ticks the first session: %v", got)
		}
		if next, _ := nextAppointment(t, c, sam); next != nil {
			t.Errorf("a cancelled appointment is the next one: %v", next)
		}

		book(robin, "2026-02-23T10:00") // past
		cancel(book(robin, "2026-03-05T10:00"))
		want := book(robin, "2026-03-09T10:00") // after the change to daylight-saving time in Chicago
		book(robin, "2026-03-16T10:00")
		for who, cl := range map[string]*apptest.Client{"owner": c, "billing": b} {
			next, ok := nextAppointment(t, cl, robin)
			if !ok || next == nil {
				t.Fatalf("%s: no next appointment", who)
			}
			if next["id"] != want || next["local_start"] != "2026-03-09T10:00" || next["starts_at"] != "2026-03-09T15:00:00Z" ||
				next["clinician_name"] != "Olivia Owner" || next["location"] != "Room 2" || next["location_kind"] != "office" {
				t.Errorf("%s: next appointment %v, want %s at 2026-03-09T10:00", who, next, want)
			}
			if got := whatsNext(t, cl, robin); !got["first_session"] {
				t.Errorf("%s: booked, yet What's next %v", who, got)
			}
		}
		if got := whatsNext(t, b, robin); len(got) != 2 || got["portal"] || !got["first_session"] {
			t.Errorf("billing staff's What's next: %v, want the portal and the first session", got)
		}
	})
}
