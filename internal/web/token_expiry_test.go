package web_test

import (
	"net/url"
	"strings"
	"testing"
	"time"

	"tend/internal/apptest"
	"tend/internal/db"
	"tend/internal/testdb"
)

// Issue 12, item 4: the tokens page asks when a new token expires (90 days unless chosen otherwise, a
// date, or never), refuses a past date next to the date field keeping what was typed, lists each
// token's expiry in the practice's time zone and marks an expired token, which can then be deleted.
// Proves TR-2 and TR-3.
func TestTokensPageExpiry(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		h := apptest.New(t, d)
		_, owner := h.Setup() // America/Chicago; the clock is 2026-03-02 09:00 UTC
		c := h.Client()
		c.Login("owner@example.org", apptest.StrongPassword)

		page := string(c.Get("/settings/tokens").Body)
		for _, want := range []string{`<label for="f-expires_at">Expiry date</label>`, `type="date"`,
			`name="expiry" value="90" checked`, `name="expiry" value="never"`, `name="expiry" value="365"`} {
			if !strings.Contains(page, want) {
				t.Errorf("the form lacks %s", want)
			}
		}

		r := c.Post("/settings/tokens", url.Values{"name": {"nightly export"}, "expiry": {"date"}, "expires_at": {"2026-02-20"}})
		body := string(r.Body)
		if r.StatusCode != 422 || !strings.Contains(body, `id="f-expires_at-error"`) || !strings.Contains(body, "That date has passed") ||
			!strings.Contains(body, `value="nightly export"`) || !strings.Contains(body, `value="2026-02-20"`) ||
			!strings.Contains(body, `name="expiry" value="date" checked`) {
			t.Fatalf("a past date: %d, want 422 with the message by the date field and what was typed kept:\n%s", r.StatusCode, body)
		}
		if r := c.Post("/settings/tokens", url.Values{"name": {"nightly export"}, "expiry": {"date"}}); r.StatusCode != 422 ||
			!strings.Contains(string(r.Body), `id="f-expires_at-error"`) {
			t.Fatalf("on a date, without one: %d", r.StatusCode)
		}

		r = c.Post("/settings/tokens", url.Values{"name": {"nightly export"}, "expiry": {"date"}, "expires_at": {"2026-03-10"}})
		if r.StatusCode != 200 || !strings.Contains(string(r.Body), `id="new-token"`) {
			t.Fatalf("a good date: %d", r.StatusCode)
		}
		// Through 10 March in Chicago: it ends at midnight there, shown in the practice's time and (US) format.
		if !strings.Contains(string(r.Body), "03/11/2026, 12:00 AM") {
			t.Fatalf("the list does not show the expiry in the practice's time zone:\n%s", r.Body)
		}
		if r := c.Post("/settings/tokens", url.Values{"name": {"kept"}, "expiry": {"never"}}); r.StatusCode != 200 {
			t.Fatalf("no expiry: %d", r.StatusCode)
		}
		if strings.Contains(string(c.Get("/settings/tokens").Body), "Expired") {
			t.Fatal("a token is marked expired before its date")
		}

		h.Clock.Advance(10 * 24 * time.Hour)
		c.Login("owner@example.org", apptest.StrongPassword)
		page = string(c.Get("/settings/tokens").Body)
		if strings.Count(page, `<span class="badge warn">Expired</span>`) != 1 || !strings.Contains(page, "expired token nightly export") {
			t.Fatalf("the expired token is not marked, or cannot be deleted:\n%s", page)
		}
		ts, err := h.App.Accounts.ListTokens(t.Context(), apptest.As(owner))
		if err != nil {
			t.Fatal(err)
		}
		for _, tk := range ts {
			if tk.Name == "nightly export" {
				if r := c.Post("/settings/tokens/"+tk.ID+"/revoke", nil); r.StatusCode != 303 {
					t.Fatalf("delete: %d", r.StatusCode)
				}
			}
		}
		if page := string(c.Get("/settings/tokens").Body); strings.Contains(page, "nightly export") || !strings.Contains(page, "kept") {
			t.Fatal("deleting the expired token did not leave just the other")
		}
	})
}
