package api_test

import (
	"testing"
	"time"

	"tend/internal/apptest"
	"tend/internal/db"
	"tend/internal/testdb"
)

// Issue 12, item 4: an API token can be given an expiry, as a date, a date-time or a number of days;
// bad expiries are refused field by field; once expired the token answers 401 exactly like an unknown
// one, the listing shows it as expired until it is deleted, creation is audited with the expiry, and
// the sweep deletes tokens long expired. Proves TR-2 and TR-3.
func TestTokenExpiry(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		h := apptest.New(t, d)
		h.Setup() // America/Chicago; the clock is 2026-03-02 09:00 UTC (03:00 there)
		c := h.Client()
		c.Login("owner@example.org", apptest.StrongPassword)
		type token struct {
			ID        string     `json:"id"`
			Token     string     `json:"token"`
			ExpiresAt *time.Time `json:"expires_at"`
			Expired   bool       `json:"expired"`
		}
		create := func(body map[string]any) token {
			t.Helper()
			body["name"] = "reports"
			r := c.API("POST", "/api/v1/tokens", body)
			if r.StatusCode != 201 {
				t.Fatalf("create %v: %d %s", body, r.StatusCode, r.Body)
			}
			var tok token
			r.JSON(t, &tok)
			return tok
		}
		now := h.Clock.Now()

		for _, tc := range []struct {
			name string
			body map[string]any
			want time.Time // zero: no expiry
		}{
			{"no expiry", map[string]any{}, time.Time{}},
			{"in days", map[string]any{"expires_in_days": 30}, now.Add(30 * 24 * time.Hour)},
			{"a date: through that day in the practice's zone", map[string]any{"expires_at": "2026-03-10"},
				time.Date(2026, 3, 11, 5, 0, 0, 0, time.UTC)}, // midnight in Chicago after DST began
			{"a date-time with offset", map[string]any{"expires_at": "2026-04-01T12:00:00+02:00"},
				time.Date(2026, 4, 1, 10, 0, 0, 0, time.UTC)},
		} {
			tok := create(tc.body)
			switch {
			case tc.want.IsZero() && tok.ExpiresAt != nil:
				t.Errorf("%s: expires_at %v, want null", tc.name, tok.ExpiresAt)
			case !tc.want.IsZero() && (tok.ExpiresAt == nil || !tok.ExpiresAt.Equal(tc.want)):
				t.Errorf("%s: expires_at %v, want %v", tc.name, tok.ExpiresAt, tc.want)
			case tok.Expired:
				t.Errorf("%s: a new token is marked expired", tc.name)
			}
		}

		for _, tc := range []struct {
			name  string
			body  map[string]any
			field string
		}{
			{"a past date", map[string]any{"expires_at": "2026-03-01"}, "expires_at"},
			{"a past time", map[string]any{"expires_at": "2026-03-02T08:00:00Z"}, "expires_at"},
			{"more than two years ahead", map[string]any{"expires_at": "2028-03-03"}, "expires_at"},
			{"not a date", map[string]any{"expires_at": "next friday"}, "expires_at"},
			{"a time without offset", map[string]any{"expires_at": "2026-04-01T12:00:00"}, "expires_at"},
			{"both", map[string]any{"expires_at": "2026-04-01", "expires_in_days": 3}, "expires_at"},
			{"zero days", map[string]any{"expires_in_days": 0}, "expires_in_days"},
			{"too many days", map[string]any{"expires_in_days": 731}, "expires_in_days"},
		} {
			tc.body["name"] = "bad"
			r := c.API("POST", "/api/v1/tokens", tc.body)
			if r.StatusCode != 422 || r.Err(t).Error.Fields[tc.field] == "" {
				t.Errorf("%s: %d %s, want 422 with a message on %s", tc.name, r.StatusCode, r.Body, tc.field)
			}
		}

		short := create(map[string]any{"expires_in_days": 1})
		b := h.Client()
		b.Bearer = short.Token
		if r := b.API("GET", "/api/v1/me", nil); r.StatusCode != 200 {
			t.Fatalf("before expiry: %d %s", r.StatusCode, r.Body)
		}
		h.Clock.Advance(24*time.Hour + time.Second)
		expired := b.API("GET", "/api/v1/me", nil)
		unknown := h.Client()
		unknown.Bearer = "tend_unknownunknownunknownunknownunknown"
		other := unknown.API("GET", "/api/v1/me", nil)
		if expired.StatusCode != 401 || string(expired.Body) != string(other.Body) {
			t.Fatalf("an expired token: %d %s; an unknown one: %d %s", expired.StatusCode, expired.Body, other.StatusCode, other.Body)
		}

		c.Login("owner@example.org", apptest.StrongPassword) // the session timed out meanwhile
		var list struct{ Items []token }
		c.API("GET", "/api/v1/tokens", nil).JSON(t, &list)
		found := false
		for _, it := range list.Items {
			if it.ID == short.ID {
				found = true
				if !it.Expired || it.ExpiresAt == nil {
					t.Errorf("the listing shows the expired token as %+v", it)
				}
			} else if it.Expired {
				t.Errorf("token %s is marked expired too early", it.ID)
			}
		}
		if !found {
			t.Fatal("the expired token is not listed")
		}
		if r := c.API("DELETE", "/api/v1/tokens/"+short.ID, nil); r.StatusCode != 204 {
			t.Fatalf("delete the expired token: %d %s", r.StatusCode, r.Body)
		}

		var detail string
		if err := d.R.QueryRowContext(t.Context(), `SELECT detail FROM audit_events WHERE action = 'token.create' AND record_id = $1`,
			short.ID).Scan(&detail); err != nil {
			t.Fatal(err)
		}
		if want := "expires " + short.ExpiresAt.UTC().Format(time.RFC3339); detail != want {
			t.Errorf("audit detail %q, want %q", detail, want)
		}

		count := func() int {
			var n int
			if err := d.R.QueryRowContext(t.Context(), `SELECT COUNT(*) FROM api_tokens`).Scan(&n); err != nil {
				t.Fatal(err)
			}
			return n
		}
		before := count()
		h.Clock.Advance(89 * 24 * time.Hour)
		if err := h.App.Accounts.Sweep(t.Context()); err != nil {
			t.Fatal(err)
		}
		if n := count(); n != before {
			t.Fatalf("the sweep deleted %d tokens expired less than 90 days ago", before-n)
		}
		h.Clock.Advance(2 * 24 * time.Hour) // the 1-day token is now 91 days past; the 30-day one 62
		if err := h.App.Accounts.Sweep(t.Context()); err != nil {
			t.Fatal(err)
		}
		if n := count(); n != before-1 {
			t.Fatalf("after the sweep %d tokens, want %d", n, before-1)
		}
	})
}
