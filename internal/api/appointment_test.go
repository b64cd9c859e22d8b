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

// Issue 16, item 11: the appointment API books a weekly series (local times in the practice's zone),
// answers 422 with field names for bad input, 409 overlap with the appointments in the way and saves
// nothing until confirm_overlap, reads the clinician's and the chart's appointments, edits the following
// occurrences and cancels; another practice's appointment is 404. Proves AP-1.
func TestAppointmentAPI(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		h := apptest.New(t, d)
		_, owner := h.Setup()
		first, last := "Robin", "Rivera"
		c, err := h.App.Clients.Create(context.Background(), apptest.As(owner), model.ClientChange{FirstName: &first, LastName: &last, AssignedClinicianID: &owner.ID})
		if err != nil {
			t.Fatal(err)
		}
		cl := h.Client()
		cl.Login("owner@example.org", apptest.StrongPassword)

		r := cl.API("POST", "/api/v1/appointments", map[string]any{"chart_id": c.ID, "starts_at": "2026-03-05T15:00", "duration_minutes": 0,
			"ends_at": "", "location_kind": "telehealth", "location": "ftp://x"})
		if r.StatusCode != http.StatusUnprocessableEntity {
			t.Fatalf("bad input: %d %s", r.StatusCode, r.Body)
		}
		if e := r.Err(t); e.Error.Fields["duration_minutes"] == "" || e.Error.Fields["location"] == "" {
			t.Errorf("fields: %v", e.Error.Fields)
		}
		r = cl.API("POST", "/api/v1/appointments", map[string]any{"chart_id": c.ID, "starts_at": "2026-03-05T15:00", "duration_minutes": 50,
			"recurrence": map[string]any{"frequency": "weekly", "count": 3}})
		if r.StatusCode != http.StatusCreated {
			t.Fatalf("book: %d %s", r.StatusCode, r.Body)
		}
		var booked struct {
			Appointments []struct {
				ID, LocalStart, ClientName string
				StartsAt                   string `json:"starts_at"`
			} `json:"appointments"`
			Series struct{ RRule string } `json:"series"`
		}
		r.JSON(t, &booked)
		if len(booked.Appointments) != 3 || booked.Series.RRule != "FREQ=WEEKLY;INTERVAL=1;COUNT=3" {
			t.Fatalf("booked %s", r.Body)
		}
		if booked.Appointments[0].StartsAt != "2026-03-05T21:00:00Z" || booked.Appointments[2].StartsAt != "2026-03-19T20:00:00Z" {
			t.Errorf("UTC starts across DST: %s, %s", booked.Appointments[0].StartsAt, booked.Appointments[2].StartsAt)
		}
		var local struct {
			LocalStart string `json:"local_start"`
		}
		json.Unmarshal(cl.API("GET", "/api/v1/appointments/"+booked.Appointments[2].ID, nil).Body, &local)
		if local.LocalStart != "2026-03-19T15:00" {
			t.Errorf("local start %q", local.LocalStart)
		}
		// Double-booking: 409 overlap naming the appointment in the way, then confirmed.
		body := map[string]any{"chart_id": c.ID, "starts_at": "2026-03-12T20:30:00Z", "duration_minutes": 30}
		r = cl.API("POST", "/api/v1/appointments", body)
		var ov struct {
			Error struct {
				Code     string `json:"code"`
				Overlaps []struct {
					ID         string `json:"id"`
					ClientName string `json:"client_name"`
				} `json:"overlaps"`
			} `json:"error"`
		}
		r.JSON(t, &ov)
		if r.StatusCode != http.StatusConflict || ov.Error.Code != "overlap" || len(ov.Error.Overlaps) != 1 || ov.Error.Overlaps[0].ID != booked.Appointments[1].ID ||
			ov.Error.Overlaps[0].ClientName != "Robin Rivera" {
			t.Fatalf("overlap: %d %s", r.StatusCode, r.Body)
		}
		var page struct {
			Items []struct {
				ID string `json:"id"`
			} `json:"items"`
			PracticeWide bool   `json:"practice_wide"`
			NextBefore   string `json:"next_before"`
		}
		cl.API("GET", "/api/v1/appointments?from=2026-03-01&to=2026-03-31", nil).JSON(t, &page)
		if len(page.Items) != 3 || !page.PracticeWide {
			t.Fatalf("range before confirming: %d", len(page.Items))
		}
		body["confirm_overlap"] = true
		if r = cl.API("POST", "/api/v1/appointments", body); r.StatusCode != http.StatusCreated {
			t.Fatalf("confirmed: %d %s", r.StatusCode, r.Body)
		}
		if r = cl.API("GET", "/api/v1/appointments?from=2026-03-01&to=2026-05-01", nil); r.StatusCode != http.StatusUnprocessableEntity || r.Err(t).Error.Fields["to"] == "" {
			t.Errorf("61 days: %d %s", r.StatusCode, r.Body)
		}
		// This and following: the second and third move to 16:00 local.
		r = cl.API("PATCH", "/api/v1/appointments/"+booked.Appointments[1].ID, map[string]any{"scope": "following", "starts_at": "2026-03-12T16:00", "confirm_overlap": true})
		var changed struct {
			Appointments []struct {
				LocalStart string `json:"local_start"`
			} `json:"appointments"`
		}
		r.JSON(t, &changed)
		if r.StatusCode != http.StatusOK || len(changed.Appointments) != 2 || changed.Appointments[1].LocalStart != "2026-03-19T16:00" {
			t.Fatalf("following: %d %s", r.StatusCode, r.Body)
		}
		if r = cl.API("POST", "/api/v1/appointments/"+booked.Appointments[1].ID+"/status", map[string]any{"status": "cancelled", "scope": "following"}); r.StatusCode != http.StatusOK {
			t.Fatalf("cancel following: %d %s", r.StatusCode, r.Body)
		}
		cl.API("GET", "/api/v1/clients/"+c.ID+"/appointments", nil).JSON(t, &page)
		if len(page.Items) != 4 || page.NextBefore != "" || page.Items[0].ID != booked.Appointments[2].ID {
			t.Errorf("chart's appointments: %+v", page)
		}
		// Another practice: 404 like a missing one.
		_, otherOwner := h.AddPractice("Elsewhere Therapy", "boss@elsewhere.example")
		_ = otherOwner
		oc := h.Client()
		oc.Login("boss@elsewhere.example", apptest.StrongPassword)
		for _, path := range []string{"/api/v1/appointments/" + booked.Appointments[0].ID, "/api/v1/clients/" + c.ID + "/appointments"} {
			if r := oc.API("GET", path, nil); r.StatusCode != http.StatusNotFound {
				t.Errorf("another practice GET %s: %d", path, r.StatusCode)
			}
		}
		if r := oc.API("PATCH", "/api/v1/appointments/"+booked.Appointments[0].ID, map[string]any{"duration_minutes": 10}); r.StatusCode != http.StatusNotFound {
			t.Errorf("another practice PATCH: %d", r.StatusCode)
		}
	})
}
