package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"tend/internal/account"
	"tend/internal/apptest"
	"tend/internal/db"
	"tend/internal/id"
	"tend/internal/model"
	"tend/internal/password"
	"tend/internal/store"
	"tend/internal/testdb"
)

// signIn posts a sign-in form and returns its status.
func signIn(c *apptest.Client, path, email, pw string) int {
	return c.Post(path, url.Values{"email": {email}, "password": {pw}}).StatusCode
}

// lockOut types wrong passwords for email in c until sign-in answers 429, and fails unless that takes
// exactly account.ThrottleAttempts failures.
func lockOut(t *testing.T, c *apptest.Client, path, email string, wrong int) {
	t.Helper()
	for i := 0; i < account.ThrottleAttempts; i++ {
		if got := signIn(c, path, email, "wrong password here"); got != wrong {
			t.Fatalf("wrong password %d: %d, want %d", i+1, got, wrong)
		}
	}
	if got := signIn(c, path, email, "wrong password here"); got != http.StatusTooManyRequests && got != http.StatusUnprocessableEntity {
		t.Fatalf("after %d wrong passwords: %d, want the throttle", account.ThrottleAttempts, got)
	}
}

// TR-2, issue 12: ten wrong passwords by a stranger pause sign-in for the email on every browser that never
// signed in with it, but not on the browser its owner used before (a signed device cookie); that browser's
// own wrong passwords still count against it alone. The owner is emailed once a day about a lockout.
func TestStrangersCannotLockOutAKnownBrowser(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		h := apptest.New(t, d)
		h.Setup()
		srv := h.SMTP(t)
		const owner = "owner@example.org"

		own := h.Client()
		if got := signIn(own, "/login", owner, apptest.StrongPassword); got != http.StatusSeeOther {
			t.Fatalf("first sign-in: %d", got)
		}
		device := own.Cookie("tend_device")
		if device == "" || strings.Contains(device, "owner") {
			t.Fatalf("device cookie %q: missing, or shows the email", device)
		}
		own.Post("/logout", nil)

		lockOut(t, h.Client(), "/login", owner, http.StatusUnauthorized)
		if got := signIn(h.Client(), "/login", owner, apptest.StrongPassword); got != http.StatusTooManyRequests {
			t.Fatalf("a new browser during the lockout: %d, want 429", got)
		}
		// A made-up or altered device cookie is no way around the lockout.
		forged := h.Client()
		u, _ := url.Parse(h.Server.URL)
		nonce, _, _ := strings.Cut(device, ".")
		forged.HTTP.Jar.SetCookies(u, []*http.Cookie{{Name: "tend_device", Value: nonce + "." + strings.Repeat("A", 24), Path: "/"}})
		if got := signIn(forged, "/login", owner, apptest.StrongPassword); got != http.StatusTooManyRequests {
			t.Fatalf("a forged device cookie: %d, want 429", got)
		}
		if got := signIn(own, "/login", owner, apptest.StrongPassword); got != http.StatusSeeOther {
			t.Fatalf("the owner's own browser during the lockout: %d, want 303", got)
		}
		own.Post("/logout", nil)

		// The known browser's own wrong passwords pause it too, apart from everyone else's.
		lockOut(t, own, "/login", owner, http.StatusUnauthorized)
		if got := signIn(own, "/login", owner, apptest.StrongPassword); got != http.StatusTooManyRequests {
			t.Fatalf("the known browser after its own %d wrong passwords: %d", account.ThrottleAttempts, got)
		}

		// One notice for the lockouts of a day, to the account holder, naming no one; none for an email
		// without an account.
		lockOut(t, h.Client(), "/login", "nobody@example.org", http.StatusUnauthorized)
		h.RunJobs()
		msgs := srv.Messages()
		if len(msgs) != 1 {
			t.Fatalf("%d messages after the lockouts, want 1", len(msgs))
		}
		if s := srv.Subject(t, 0); s != "Sign-in to your Tend account was paused" {
			t.Fatalf("subject %q", s)
		}
		if _, to, _ := srv.Envelope(); len(to) == 0 || to[len(to)-1] != owner {
			t.Fatalf("notice went to %v", to)
		}
		if text := srv.Text(t, 0); !strings.Contains(text, "/login/forgot") || strings.Contains(text, "Olivia") || strings.Contains(text, "Harbor") {
			t.Fatalf("notice text: %s", text)
		}
		h.Clock.Advance(account.ThrottleWindow + time.Second)
		lockOut(t, h.Client(), "/login", owner, http.StatusUnauthorized)
		h.RunJobs()
		if n := len(srv.Messages()); n != 1 {
			t.Fatalf("%d messages after a second lockout the same day, want 1", n)
		}
		h.Clock.Advance(account.LockoutNoticeQuiet)
		lockOut(t, h.Client(), "/login", owner, http.StatusUnauthorized)
		h.RunJobs()
		if n := len(srv.Messages()); n != 2 {
			t.Fatalf("%d messages after a lockout the next day, want 2", n)
		}
	})
}

// PT-1, issue 12: the portal's sign-in keeps a known browser apart from strangers' guesses the same way,
// and tells the account holder.
func TestPortalStrangersCannotLockOutAKnownBrowser(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		h := apptest.New(t, d)
		h.Setup()
		srv := h.SMTP(t)
		const email = "ada@example.net"
		hash, err := password.Hash(apptest.StrongPassword)
		if err != nil {
			t.Fatal(err)
		}
		acct := model.PortalAccount{ID: id.New(), Email: email, Name: "Ada", CreatedAt: h.Clock.Now()}
		ctx := context.Background()
		if err := h.App.Outbox.Store.Tx(ctx, func(q store.Q) error { return store.InsertPortalAccount(ctx, q, acct, hash) }); err != nil {
			t.Fatal(err)
		}

		own := h.Client()
		if got := signIn(own, "/portal/login", email, apptest.StrongPassword); got != http.StatusSeeOther {
			t.Fatalf("first sign-in: %d", got)
		}
		if own.Cookie("tend_portal_device") == "" || own.Cookie("tend_device") != "" {
			t.Fatal("the portal's sign-in did not set the portal's device cookie alone")
		}
		lockOut(t, h.Client(), "/portal/login", email, http.StatusUnprocessableEntity)
		if page := string(h.Client().Post("/portal/login", url.Values{"email": {email}, "password": {apptest.StrongPassword}}).Body); !strings.Contains(page, "Too many attempts") {
			t.Fatal("a new browser signed in during the lockout")
		}
		if got := signIn(own, "/portal/login", email, apptest.StrongPassword); got != http.StatusSeeOther {
			t.Fatalf("the known browser during the lockout: %d, want 303", got)
		}
		h.RunJobs()
		if n := len(srv.Messages()); n != 1 || srv.Subject(t, 0) != "Sign-in to your client portal account was paused" {
			t.Fatalf("%d messages; want the portal's notice", n)
		}
	})
}

// TR-2, issue 12: with two-step sign-in, a browser is trusted only once the whole sign-in succeeded: the
// password alone gives no device cookie, the right code does.
func TestDeviceCookieWaitsForTheSecondStep(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		h := apptest.New(t, d)
		_, owner := h.Setup()
		secret, _ := h.EnrolTwoStep(owner)
		h.Clock.Advance(30 * time.Second)
		c := h.Client()
		if got := signIn(c, "/login", "owner@example.org", apptest.StrongPassword); got != http.StatusSeeOther || c.Cookie("tend_device") != "" {
			t.Fatalf("password step: %d, device cookie %q", got, c.Cookie("tend_device"))
		}
		if r := c.Post("/login/two-step", url.Values{"code": {h.Code(secret)}}); r.StatusCode != http.StatusSeeOther || c.Cookie("tend_device") == "" {
			t.Fatalf("code step: %d, device cookie %q", r.StatusCode, c.Cookie("tend_device"))
		}
	})
}
