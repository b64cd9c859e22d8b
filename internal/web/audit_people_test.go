package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"tend/internal/apptest"
	"tend/internal/db"
	"tend/internal/model"
	"tend/internal/testdb"
)

// Issue 13, item 9 (TR-1): the audit log names staff and charts and reads its actions as words; the
// chart links to "Who opened this chart", the log narrowed to that chart, for whoever may read the log;
// the API adds the names and labels and filters by chart_id too.
func TestAuditLogForPeople(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		h := apptest.New(t, d)
		_, owner := h.Setup()
		h.AddStaff(owner, "Cal Clinician", "cal@example.org", model.RoleAdmin)
		c := h.Client()
		c.Login("owner@example.org", apptest.StrongPassword)
		ada := chartID(t, c.Post("/clients/new", url.Values{"kind": {"individual"}, "first_name": {"Ada"}, "last_name": {"Lovelace"}}))
		bob := chartID(t, c.Post("/clients/new", url.Values{"kind": {"individual"}, "first_name": {"Bob"}, "last_name": {"Byrne"}}))
		chart := string(c.Get("/clients/" + ada).Body)
		if !strings.Contains(chart, `href="/settings/audit?chart=`+ada+`">Who opened this chart</a>`) {
			t.Fatal("the chart does not link to who opened it")
		}

		page := string(c.Get("/settings/audit").Body)
		for _, want := range []string{
			"Olivia Owner",      // the actor by name
			"Created the chart", // the action as words
			"Signed in",         // auth.login
			`<a href="/clients/` + ada + `">Ada Lovelace</a>`, // the chart by name, linked
			"Staff member: Cal Clinician",                     // a staff record by name
			`<option value="chart.create">Created the chart</option>`,
			`<span title="staff.create">Added a staff member</span>`, // the code stays at hand
		} {
			if !strings.Contains(page, want) {
				t.Errorf("the audit log lacks %q", want)
			}
		}

		who := c.Get("/settings/audit?chart=" + ada)
		body := string(who.Body)
		if who.StatusCode != http.StatusOK || !strings.Contains(body, "<h1>Who opened Ada Lovelace's chart</h1>") || strings.Contains(body, "Bob Byrne") ||
			strings.Contains(body, `title="staff.create"`) || !strings.Contains(body, "Viewed the chart") {
			t.Fatalf("who opened this chart: %d\n%s", who.StatusCode, body)
		}
		if r := c.Get("/settings/audit?chart=nonsense"); r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(string(r.Body), `id="f-chart-error"`) {
			t.Fatalf("a malformed chart id: %d", r.StatusCode)
		}

		// Someone who may not read the log is not offered the link.
		cal := h.Client()
		cal.Login("cal@example.org", apptest.StrongPassword)
		cal.Post("/settings/password", url.Values{"current_password": {apptest.StrongPassword}, "new_password": {"quiet harbour lantern"}, "confirm_password": {"quiet harbour lantern"}})
		if r := cal.Get("/clients/" + ada); r.StatusCode != http.StatusOK || strings.Contains(string(r.Body), "Who opened this chart") {
			t.Fatalf("an admin's chart page: %d", r.StatusCode)
		}

		// The API: names and labels beside the ids, and the same chart filter.
		var list struct {
			Items []struct {
				ChartID     string `json:"chart_id"`
				Action      string `json:"action"`
				ActionLabel string `json:"action_label"`
				ActorName   string `json:"actor_name"`
				ChartName   string `json:"chart_name"`
			}
		}
		r := c.API("GET", "/api/v1/audit-events?chart_id="+bob, nil)
		r.JSON(t, &list)
		if r.StatusCode != 200 || len(list.Items) == 0 {
			t.Fatalf("API by chart: %d %s", r.StatusCode, r.Body)
		}
		for _, e := range list.Items {
			if e.ChartID != bob || e.ChartName != "Bob Byrne" || e.ActorName != "Olivia Owner" || e.ActionLabel == "" || e.ActionLabel == e.Action {
				t.Fatalf("API event: %+v", e)
			}
		}
		if r := c.API("GET", "/api/v1/audit-events?chart_id=nonsense", nil); r.StatusCode != 422 || r.Err(t).Error.Fields["chart_id"] == "" {
			t.Fatalf("API malformed chart id: %d %s", r.StatusCode, r.Body)
		}
	})
}
