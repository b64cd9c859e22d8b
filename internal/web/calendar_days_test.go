package web_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"tend/internal/apptest"
	"tend/internal/db"
	"tend/internal/testdb"
)

// A date of service and an onset date are calendar days, not moments: a practice west of UTC must see
// the day that was typed, on the Notes tab, the note, the mood chart and the Overview. They used to be
// read as midnight UTC and written in Chicago's time, a day early.
// Proves NT-2, CL-8, CL-10, CL-11.
func TestCalendarDaysInAPracticeWestOfUTC(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		h := apptest.New(t, d)
		h.Setup()
		h.Clock.Advance(18 * time.Hour) // mid-afternoon in Chicago: any day read as UTC midnight prints a day early
		c := h.Client()
		c.Login("owner@example.org", apptest.StrongPassword)
		if r := c.Post("/settings/practice", practiceSettings("iso")); r.StatusCode != http.StatusSeeOther {
			t.Fatalf("settings: %d", r.StatusCode)
		}
		var client, note struct{ ID string }
		c.API("POST", "/api/v1/clients", map[string]any{"first_name": "Robin", "last_name": "Rivera"}).JSON(t, &client)
		c.API("POST", "/api/v1/clients/"+client.ID+"/diagnoses", map[string]any{"code": "F41.1", "primary": true, "onset_date": "2025-02-23"})
		c.API("POST", "/api/v1/clients/"+client.ID+"/notes", map[string]any{"template": "free", "service_date": "2026-03-01", "mood": 5,
			"sections": map[string]string{"note": "A first session."}}).JSON(t, &note)
		if note.ID == "" {
			t.Fatal("the note was not created")
		}
		for _, tc := range []struct{ page, want, wrong string }{
			{"/clients/" + client.ID + "?tab=notes", "2026-03-01", "2026-02-28"},
			{"/clients/" + client.ID + "/notes/" + note.ID, "2026-03-01", "2026-02-28"},
			{"/clients/" + client.ID, "2026-03-01", "2026-02-28"},
			{"/clients/" + client.ID, "since 2025-02-23", "2025-02-22"},
		} {
			body := string(c.Get(tc.page).Body)
			if !strings.Contains(body, tc.want) || strings.Contains(body, tc.wrong) {
				t.Errorf("%s: want %q and not %q", tc.page, tc.want, tc.wrong)
			}
		}
	})
}
