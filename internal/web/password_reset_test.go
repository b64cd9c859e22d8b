package web_test

import (
	"context"
	"crypto/tls"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"tend/internal/apptest"
	"tend/internal/db"
	"tend/internal/mail"
	"tend/internal/mail/mailtest"
	"tend/internal/model"
	"tend/internal/testdb"
)

var resetLink = regexp.MustCompile(`/login/reset\?t=([A-Za-z0-9_-]+)`)

// Issue 5, item 3: a staff password reset by email — one link, once, for an hour; the answer never tells
// whether an email is known; every session ends; bad links get a page that says what to do.
func TestPasswordResetByEmail(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		h := apptest.New(t, d)
		h.App.Accounts.ResetFloor = 150 * time.Millisecond
		h.Setup()
		srv := mailtest.Start(t, true)
		smtp, _ := mail.NewSMTP("smtp://"+mailtest.Username+"@"+srv.Addr, mailtest.Password)
		smtp.TLS = &tls.Config{RootCAs: srv.Pool}
		h.App.Outbox.Sender = smtp
		run := func() { h.App.Jobs.RunDue(context.Background()) }

		signedIn := h.Client()
		signedIn.Login("owner@example.org", apptest.StrongPassword)
		c := h.Client()
		if !strings.Contains(string(c.Get("/login").Body), "/login/forgot") {
			t.Fatal("the sign-in page does not offer a reset")
		}
		// Unknown and known emails get the same answer, and neither answers sooner than the floor that
		// hides the work a known one causes; only the known one gets mail.
		t0 := time.Now()
		unknown := string(c.Post("/login/forgot", url.Values{"email": {"nobody@example.org"}}).Body)
		t1 := time.Now()
		known := string(c.Post("/login/forgot", url.Values{"email": {" OWNER@example.org "}}).Body)
		if floor := h.App.Accounts.ResetFloor; floor <= 0 || t1.Sub(t0) < floor || time.Since(t1) < floor {
			t.Fatalf("reset requests answered in %v and %v, under the floor of %v", t1.Sub(t0), time.Since(t1), floor)
		}
		if !strings.Contains(unknown, "Check your email") || !strings.Contains(known, "Check your email") {
			t.Fatal("the answer differs or says nothing")
		}
		run()
		if n := len(srv.Messages()); n != 1 {
			t.Fatalf("%d messages, want 1", n)
		}
		if s := srv.Subject(t, 0); s != "Reset your Tend password" {
			t.Fatalf("subject %q", s)
		}
		m := resetLink.FindStringSubmatch(srv.Text(t, 0))
		if m == nil {
			t.Fatal("no link in the message")
		}
		token := m[1]
		if r := c.Get("/login/reset?t=" + token); r.StatusCode != http.StatusOK || !strings.Contains(string(r.Body), "New password") {
			t.Fatalf("reset form: %d", r.StatusCode)
		}
		// A weak password is refused next to the field; the link still works.
		if r := c.Post("/login/reset", url.Values{"t": {token}, "password": {"short"}}); r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(string(r.Body), `id="f-password-error"`) {
			t.Fatalf("weak password: %d", r.StatusCode)
		}
		if r := c.Post("/login/reset", url.Values{"t": {token}, "password": {"amber harbor quartz lagoon"}}); r.StatusCode != http.StatusSeeOther {
			t.Fatalf("reset: %d %s", r.StatusCode, r.Body)
		}
		// Every session ended; the new password works; the link is spent.
		if r := signedIn.Get("/"); r.StatusCode != http.StatusSeeOther {
			t.Fatalf("an old session survived the reset: %d", r.StatusCode)
		}
		c.Login("owner@example.org", "amber harbor quartz lagoon")
		if r := h.Client().Get("/login/reset?t=" + token); r.StatusCode != http.StatusGone || !strings.Contains(string(r.Body), "Ask for a new one") {
			t.Fatalf("a used link: %d", r.StatusCode)
		}
		// Forged, truncated and expired links look the same.
		for _, bad := range []string{"forged", token[:10], ""} {
			if r := h.Client().Get("/login/reset?t=" + bad); r.StatusCode != http.StatusGone {
				t.Fatalf("link %q: %d", bad, r.StatusCode)
			}
		}
		h.Client().Post("/login/forgot", url.Values{"email": {"owner@example.org"}})
		run()
		fresh := resetLink.FindStringSubmatch(srv.Text(t, 1))[1]
		h.Clock.Advance(61 * time.Minute)
		if r := h.Client().Post("/login/reset", url.Values{"t": {fresh}, "password": {"cedar meadow ember fjord"}}); r.StatusCode != http.StatusGone {
			t.Fatalf("an expired link: %d", r.StatusCode)
		}
		// At most three links an hour go to one person.
		for range 5 {
			h.Client().Post("/login/forgot", url.Values{"email": {"owner@example.org"}})
		}
		run()
		if n := len(srv.Messages()); n != 2+3 {
			t.Fatalf("%d messages after five more requests, want 5 in all", n)
		}
		// The same through the API.
		api := h.Client()
		if r := api.API("POST", "/api/v1/auth/forgot", map[string]string{"email": "nobody@example.org"}); r.StatusCode != 202 {
			t.Fatalf("api forgot: %d", r.StatusCode)
		}
		if r := api.API("POST", "/api/v1/auth/reset", map[string]string{"token": "forged", "password": "cedar meadow ember fjord"}); r.StatusCode != 422 || r.Err(t).Error.Fields["token"] == "" {
			t.Fatalf("api reset with a forged token: %d %s", r.StatusCode, r.Body)
		}
	})
}

// Issue 5, item 3: a staff member added by invitation gets an email with a seven-day link to choose their
// first password, and then signs in with it; no temporary password is involved.
func TestStaffInvitationByEmail(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		h := apptest.New(t, d)
		_, owner := h.Setup()
		op := model.Principal{StaffID: owner.ID, PracticeID: owner.PracticeID, Role: owner.Role}
		srv := mailtest.Start(t, true)
		smtp, _ := mail.NewSMTP("smtp://"+mailtest.Username+"@"+srv.Addr, mailtest.Password)
		smtp.TLS = &tls.Config{RootCAs: srv.Pool}
		h.App.Outbox.Sender = smtp
		c := h.Client()
		c.Login("owner@example.org", apptest.StrongPassword)
		r := c.Post("/settings/staff", url.Values{"name": {"Cal Clinician"}, "email": {"cal@example.org"}, "role": {"clinician"}, "signin": {"invite"}})
		if r.StatusCode != http.StatusSeeOther {
			t.Fatalf("invite: %d %s", r.StatusCode, r.Body)
		}
		h.App.Jobs.RunDue(context.Background())
		if n := len(srv.Messages()); n != 1 {
			t.Fatalf("%d messages", n)
		}
		if s := srv.Subject(t, 0); s != "You are invited to Harbor Counseling on Tend" {
			t.Fatalf("subject %q", s)
		}
		text := srv.Text(t, 0)
		m := resetLink.FindStringSubmatch(text)
		if m == nil || !strings.Contains(text, "Clinician") || !strings.Contains(text, "seven days") {
			t.Fatalf("invitation text: %q", text)
		}
		cal := h.Client()
		if page := string(cal.Get("/login/reset?t=" + m[1]).Body); !strings.Contains(page, "Welcome") {
			t.Fatal("the invitation page does not welcome")
		}
		// A second invitation, for someone deactivated before they used it, does not work.
		c.Post("/settings/staff", url.Values{"name": {"Dee Gone"}, "email": {"dee@example.org"}, "role": {"clinician"}, "signin": {"invite"}})
		h.App.Jobs.RunDue(context.Background())
		dee := resetLink.FindStringSubmatch(srv.Text(t, 1))[1]
		staff, _ := h.App.Accounts.ListStaff(context.Background(), op)
		for _, st := range staff {
			if st.Email == "dee@example.org" {
				no := false
				if _, err := h.App.Accounts.UpdateStaff(context.Background(), op, st.ID, model.StaffChange{Active: &no}); err != nil {
					t.Fatal(err)
				}
			}
		}
		if r := h.Client().Post("/login/reset", url.Values{"t": {dee}, "password": {"birch pebble orchid river"}}); r.StatusCode != http.StatusGone {
			t.Fatalf("a deactivated person's invitation: %d", r.StatusCode)
		}
		h.Clock.Advance(6 * 24 * time.Hour) // still valid on day six
		if r := cal.Post("/login/reset", url.Values{"t": {m[1]}, "password": {"birch pebble orchid river"}}); r.StatusCode != http.StatusSeeOther {
			t.Fatalf("choosing the first password: %d %s", r.StatusCode, r.Body)
		}
		cal.Login("cal@example.org", "birch pebble orchid river")
		if r := cal.Get("/"); r.StatusCode != http.StatusOK {
			t.Fatalf("home after the invitation: %d (a temporary-password detour?)", r.StatusCode)
		}
	})
}
