package web_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"tend/internal/apptest"
	"tend/internal/db"
	"tend/internal/testdb"
)

// Issue 16, item 5: the reminder settings on Settings → Practice. By default reminders go 24 hours ahead
// and do not name the service; "0, 2" is refused next to the field with what was typed kept and nothing
// saved; "2, 48" and the service box are saved (largest lead first) and the API shows and changes them.
// Proves AP-1.
func TestReminderSettingsPage(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		h := apptest.New(t, d)
		pr, _ := h.Setup()
		c := h.Client()
		c.Login("owner@example.org", apptest.StrongPassword)
		page := string(c.Get("/settings/practice").Body)
		if !regexp.MustCompile(`id="f-reminder_lead_hours"[^>]*value="24"`).MatchString(page) && !regexp.MustCompile(`value="24"[^>]*id="f-reminder_lead_hours"`).MatchString(page) {
			t.Fatal("the settings page lacks the reminder lead time of 24 hours")
		}
		if regexp.MustCompile(`id="f-reminder_names_service"[^>]* checked`).MatchString(page) {
			t.Fatal("reminders name the service by default")
		}
		form := url.Values{"name": {pr.Name}, "time_zone": {pr.TimeZone}, "idle_timeout_minutes": {"15"}, "reminder_lead_hours": {"0, 2"},
			"reminder_names_service": {"on"}}
		r := c.Post("/settings/practice", form)
		if r.StatusCode != http.StatusUnprocessableEntity || !regexp.MustCompile(`id="f-reminder_lead_hours-error">[^<]*from 1 to 336`).Match(r.Body) ||
			!strings.Contains(string(r.Body), `value="0, 2"`) {
			t.Fatalf("a lead of 0 hours: %d", r.StatusCode)
		}
		var got struct {
			Leads   []int `json:"reminder_lead_hours"`
			Service bool  `json:"reminder_names_service"`
		}
		c.API("GET", "/api/v1/practice", nil).JSON(t, &got)
		if len(got.Leads) != 1 || got.Leads[0] != 24 || got.Service {
			t.Fatalf("a refused form saved: %+v", got)
		}
		form.Set("reminder_lead_hours", "2, 48")
		if r := c.Post("/settings/practice", form); r.StatusCode != http.StatusSeeOther {
			t.Fatalf("saving: %d %s", r.StatusCode, r.Body)
		}
		c.API("GET", "/api/v1/practice", nil).JSON(t, &got)
		if len(got.Leads) != 2 || got.Leads[0] != 48 || got.Leads[1] != 2 || !got.Service {
			t.Fatalf("saved settings: %+v", got)
		}
		if r := c.API("PATCH", "/api/v1/practice", map[string]any{"reminder_lead_hours": []int{400}}); r.StatusCode != http.StatusUnprocessableEntity ||
			r.Err(t).Error.Fields["reminder_lead_hours"] == "" {
			t.Fatalf("400 hours through the API: %d %s", r.StatusCode, r.Body)
		}
		c.API("PATCH", "/api/v1/practice", map[string]any{"reminder_lead_hours": []int{24}, "reminder_names_service": false}).JSON(t, &got)
		if len(got.Leads) != 1 || got.Leads[0] != 24 || got.Service {
			t.Fatalf("patched settings: %+v", got)
		}
	})
}
