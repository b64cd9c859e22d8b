package web_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"tend/internal/apptest"
	"tend/internal/db"
	"tend/internal/model"
	"tend/internal/testdb"
)

var bulkURL = regexp.MustCompile(`^/bulk-actions/([0-9a-f-]{36})\?`)

// Issue 11, item 5: a bulk action on more than a few hundred clients runs in the background; the page
// it leads to shows the progress and updates itself until it is done: progress.js fetches it again into
// its status region, and "Check again" does without JavaScript (issue 13, item 20: a meta refresh, which
// reloads the page under a screen reader, fails WCAG 2.2.1). The API answers 202 with the operation and
// a GET for its progress.
func TestBulkProgress(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		h := apptest.New(t, d)
		_, owner := h.Setup()
		p := model.Principal{StaffID: owner.ID, PracticeID: owner.PracticeID, Role: owner.Role}
		var ids []string
		for i := range 260 {
			first, last := "Many", "Client "+strconv.Itoa(i)
			cl, err := h.App.Clients.Create(t.Context(), p, model.ClientChange{FirstName: &first, LastName: &last})
			if err != nil {
				t.Fatal(err)
			}
			ids = append(ids, cl.ID)
		}
		c := h.Client()
		c.Login("owner@example.org", apptest.StrongPassword)

		r := c.Post("/clients/bulk", url.Values{"action": {"deactivate"}, "id": ids[:130], "state": {"status=active"}})
		m := bulkURL.FindStringSubmatch(r.Header.Get("Location"))
		if r.StatusCode != http.StatusSeeOther || m != nil {
			t.Fatalf("a small bulk action: %d to %q, want straight back to the list", r.StatusCode, r.Header.Get("Location"))
		}
		r = c.Post("/clients/bulk", url.Values{"action": {"archive"}, "id": ids, "state": {""}})
		m = bulkURL.FindStringSubmatch(r.Header.Get("Location"))
		if r.StatusCode != http.StatusSeeOther || m == nil {
			t.Fatalf("a large bulk action: %d to %q", r.StatusCode, r.Header.Get("Location"))
		}
		page := string(c.Get(r.Header.Get("Location")).Body)
		if strings.Contains(page, `http-equiv="refresh"`) || !strings.Contains(page, `data-refresh="2"`) || !strings.Contains(page, "/static/progress.") ||
			!strings.Contains(page, "Check again") || !strings.Contains(page, "0 of 260") || !strings.Contains(page, "<progress") {
			t.Fatalf("progress page before the run:\n%s", page)
		}
		h.RunJobs()
		page = string(c.Get(r.Header.Get("Location")).Body)
		if strings.Contains(page, `data-refresh`) || strings.Contains(page, "Check again") || !strings.Contains(page, "260 clients archived") {
			t.Fatalf("progress page after the run:\n%s", page)
		}

		res := c.API("POST", "/api/v1/clients/bulk", map[string]any{"action": "restore", "ids": ids})
		var op struct {
			ID, State, StatusURL string `json:",omitempty"`
			Total, Done          int
		}
		res.JSON(t, &op)
		if res.StatusCode != http.StatusAccepted || op.State != "queued" || op.Total != 260 || res.Header.Get("Location") != "/api/v1/bulk-operations/"+op.ID {
			t.Fatalf("API bulk restore: %d %s", res.StatusCode, res.Body)
		}
		h.RunJobs()
		res = c.API("GET", "/api/v1/bulk-operations/"+op.ID, nil)
		res.JSON(t, &op)
		if res.StatusCode != http.StatusOK || op.State != "done" || op.Done != 260 {
			t.Fatalf("API bulk progress: %d %s", res.StatusCode, res.Body)
		}
		if res := c.API("GET", "/api/v1/bulk-operations/not-an-id", nil); res.StatusCode != http.StatusNotFound {
			t.Fatalf("a made-up operation: %d", res.StatusCode)
		}
	})
}
