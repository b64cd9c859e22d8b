package api_test

import (
	"fmt"
	"strings"
	"testing"

	"tend/internal/apptest"
	"tend/internal/db"
	"tend/internal/testdb"
)

// Issue 12, item 4: API tokens no longer outlive the password they were made under. A password change
// revokes them unless the person says to keep them; a reset (account recovery) always does.
// Proves TR-2.
func TestPasswordChangeAndResetRevokeTokens(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		h := apptest.New(t, d)
		h.Setup()
		srv := h.SMTP(t)
		c := h.Client()
		c.Login("owner@example.org", apptest.StrongPassword)
		token := func() *apptest.Client {
			t.Helper()
			var created struct{ Token string }
			c.API("POST", "/api/v1/tokens", map[string]string{"name": "reports"}).JSON(t, &created)
			b := h.Client()
			b.Bearer = created.Token
			if r := b.API("GET", "/api/v1/me", nil); r.StatusCode != 200 {
				t.Fatalf("a new token: %d", r.StatusCode)
			}
			return b
		}
		works := func(b *apptest.Client) bool { return b.API("GET", "/api/v1/me", nil).StatusCode == 200 }

		kept := token()
		if r := c.API("POST", "/api/v1/me/password", map[string]any{"current_password": apptest.StrongPassword,
			"new_password": "a second long passphrase", "revoke_tokens": false}); r.StatusCode != 204 {
			t.Fatalf("change keeping tokens: %d %s", r.StatusCode, r.Body)
		}
		if !works(kept) {
			t.Fatal("revoke_tokens false revoked the token")
		}
		if r := c.API("POST", "/api/v1/me/password", map[string]any{"current_password": "a second long passphrase",
			"new_password": "a third long passphrase"}); r.StatusCode != 204 {
			t.Fatalf("change: %d %s", r.StatusCode, r.Body)
		}
		if works(kept) {
			t.Fatal("a token survived a password change")
		}

		recovered := token()
		h.Client().API("POST", "/api/v1/auth/forgot", map[string]string{"email": "owner@example.org"})
		h.RunJobs()
		m := staffResetLink.FindStringSubmatch(srv.Text(t, len(srv.Messages())-1))
		if m == nil {
			t.Fatal("no reset link")
		}
		if r := h.Client().API("POST", "/api/v1/auth/reset", map[string]string{"token": m[1], "password": "a fourth long passphrase"}); r.StatusCode != 204 {
			t.Fatalf("reset: %d %s", r.StatusCode, r.Body)
		}
		if works(recovered) {
			t.Fatal("a token survived a password reset")
		}
	})
}

// Issue 12, item 2: through the server, a network that keeps trying to sign in gets 429 with Retry-After
// before any password is checked, on the staff and the portal sign-in alike.
func TestSignInFloodIsThrottledPerNetwork(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		h := apptest.New(t, d)
		h.Setup()
		h.App.SignInLimit.Burst = 5
		c := h.Client()
		for i := range 5 {
			if r := c.API("POST", "/api/v1/auth/login", map[string]string{"email": "nobody@example.org", "password": "wrong password"}); r.StatusCode != 401 {
				t.Fatalf("attempt %d: %d", i+1, r.StatusCode)
			}
		}
		r := c.API("POST", "/api/v1/portal/login", map[string]string{"email": "owner@example.org", "password": apptest.StrongPassword})
		if r.StatusCode != 429 || r.Header.Get("Retry-After") == "" || r.Err(t).Error.Code != "throttled" {
			t.Fatalf("sixth attempt from the same network: %d %s", r.StatusCode, r.Body)
		}
	})
}

// Issue 12, item 2: failed sign-ins to emails without an account are counted per hour (and shown in
// /metrics) instead of each adding a permanent, chained audit event; a failure on a real account is
// still audited on its practice's chain.
func TestAnonymousSignInFailuresAreCounted(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		h := apptest.New(t, d)
		h.Setup()
		events := func() int {
			var n int
			if err := d.R.QueryRowContext(t.Context(), `SELECT COUNT(*) FROM audit_events`).Scan(&n); err != nil {
				t.Fatal(err)
			}
			return n
		}
		before := events()
		c := h.Client()
		for i := range 3 {
			c.API("POST", "/api/v1/auth/login", map[string]string{"email": fmt.Sprintf("nobody%d@example.org", i), "password": "wrong password"})
			c.API("POST", "/api/v1/portal/login", map[string]string{"email": fmt.Sprintf("nobody%d@example.net", i), "password": "wrong password"})
		}
		if after := events(); after != before {
			t.Fatalf("%d audit events for failures on unknown emails, want none", after-before)
		}
		if m := string(c.Get("/metrics").Body); !strings.Contains(m, "tend_sign_ins_failed_unknown 6\n") {
			t.Fatalf("/metrics does not count the six failures:\n%s", m)
		}
		c.API("POST", "/api/v1/auth/login", map[string]string{"email": "owner@example.org", "password": "wrong password"})
		if after := events(); after != before+1 {
			t.Fatalf("a failure on a real account added %d events, want 1", after-before)
		}
	})
}
