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

// Issue 15, items 4 and 6: the practice's treatment-plan settings on Settings → Practice. A review notice
// of 0 days is refused next to the field with what was typed kept and nothing saved; 30 days and
// external drafting unticked are saved, and the API shows them.
// Proves TP-1, TP-2.
func TestPlanSettingsPage(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		h := apptest.New(t, d)
		pr, _ := h.Setup()
		c := h.Client()
		c.Login("owner@example.org", apptest.StrongPassword)
		page := string(c.Get("/settings/practice").Body)
		if !strings.Contains(page, `id="f-plan_review_notice_days"`) || !regexp.MustCompile(`id="f-plan_drafts_external"[^>]* checked`).MatchString(page) {
			t.Fatal("the settings page lacks the plan settings, or external drafting is not on by default")
		}
		form := url.Values{"name": {pr.Name}, "time_zone": {pr.TimeZone}, "idle_timeout_minutes": {"15"}, "plan_review_notice_days": {"0"},
			"plan_drafts_external": {"on"}}
		r := c.Post("/settings/practice", form)
		if r.StatusCode != http.StatusUnprocessableEntity || !regexp.MustCompile(`id="f-plan_review_notice_days-error">[^<]*between 1 and 90`).Match(r.Body) ||
			!strings.Contains(string(r.Body), `value="0"`) {
			t.Fatalf("0 days: %d", r.StatusCode)
		}
		form.Set("plan_review_notice_days", "30")
		form.Del("plan_drafts_external")
		if r := c.Post("/settings/practice", form); r.StatusCode != http.StatusSeeOther {
			t.Fatalf("saving: %d %s", r.StatusCode, r.Body)
		}
		var got struct {
			Days     int  `json:"plan_review_notice_days"`
			External bool `json:"plan_drafts_external"`
		}
		c.API("GET", "/api/v1/practice", nil).JSON(t, &got)
		if got.Days != 30 || got.External {
			t.Fatalf("saved settings: %+v", got)
		}
		if r := c.API("PATCH", "/api/v1/practice", map[string]any{"plan_review_notice_days": 91}); r.StatusCode != http.StatusUnprocessableEntity ||
			r.Err(t).Error.Fields["plan_review_notice_days"] == "" {
			t.Fatalf("91 days through the API: %d %s", r.StatusCode, r.Body)
		}
		c.API("PATCH", "/api/v1/practice", map[string]any{"plan_review_notice_days": 7, "plan_drafts_external": true}).JSON(t, &got)
		if got.Days != 7 || !got.External {
			t.Fatalf("patched settings: %+v", got)
		}
	})
}
