package api_test

import (
	"strings"
	"testing"
	"time"

	"tend/internal/apptest"
	"tend/internal/db"
	"tend/internal/testdb"
)

// Issue 13, items 4, 15 and 19 through the API: GET /api/v1/practice has the date format (us for a new
// practice), the portal banner and the cancellation policy; PATCH changes them; an unknown format, a
// banner over 500 characters and a policy over 2,000 are refused as structured errors on their fields,
// nothing applied; the API's own dates stay RFC 3339 whatever the format; the audit log says which
// setting changed without the text.
// Proves CL-11, PT-7.
func TestPracticeLocaleSettingsAPI(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		h := apptest.New(t, d)
		h.Setup()
		c := h.Client()
		c.Login("owner@example.org", apptest.StrongPassword)
		type practiceOut struct {
			DateFormat         string    `json:"date_format"`
			PortalBanner       string    `json:"portal_banner"`
			CancellationPolicy string    `json:"cancellation_policy"`
			CreatedAt          time.Time `json:"created_at"`
		}
		var pr practiceOut
		c.API("GET", "/api/v1/practice", nil).JSON(t, &pr)
		if pr.DateFormat != "us" || pr.PortalBanner != "" || pr.CancellationPolicy != "" {
			t.Fatalf("a new practice: %+v", pr)
		}
		r := c.API("PATCH", "/api/v1/practice", map[string]any{"date_format": "mm/dd/yyyy", "portal_banner": strings.Repeat("b", 501),
			"cancellation_policy": strings.Repeat("p", 2001), "name": "Renamed"})
		e := r.Err(t).Error
		if r.StatusCode != 422 || e.Code != "validation_failed" || !strings.Contains(e.Fields["date_format"], "us (04/17/1991)") ||
			!strings.Contains(e.Fields["portal_banner"], "500") || !strings.Contains(e.Fields["cancellation_policy"], "2000") {
			t.Fatalf("bad settings: %d %s", r.StatusCode, r.Body)
		}
		r = c.API("PATCH", "/api/v1/practice", map[string]any{"date_format": "long", "portal_banner": " Closed Friday. ",
			"cancellation_policy": "Cancel a day ahead.\r\nOr pay the fee."})
		r.JSON(t, &pr)
		if r.StatusCode != 200 || pr.DateFormat != "long" || pr.PortalBanner != "Closed Friday." || pr.CancellationPolicy != "Cancel a day ahead.\nOr pay the fee." {
			t.Fatalf("settings: %d %s", r.StatusCode, r.Body)
		}
		if !strings.Contains(string(r.Body), `"created_at":"2026-03-02T09:00:00Z"`) {
			t.Fatalf("the API's dates changed with the format: %s", r.Body)
		}
		var events struct{ Items []struct{ Detail string } }
		c.API("GET", "/api/v1/audit-events?action=practice.update", nil).JSON(t, &events)
		if len(events.Items) != 1 || events.Items[0].Detail != "date_format=long portal_banner cancellation_policy" {
			t.Fatalf("audit: %+v", events)
		}
		// Fields left out stay as they are.
		c.API("PATCH", "/api/v1/practice", map[string]any{"name": "Harbor"}).JSON(t, &pr)
		if pr.DateFormat != "long" || pr.PortalBanner != "Closed Friday." {
			t.Fatalf("a PATCH without them changed them: %+v", pr)
		}
	})
}
