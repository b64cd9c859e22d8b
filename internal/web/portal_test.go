package web_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"tend/internal/apptest"
	"tend/internal/db"
	"tend/internal/testdb"
)

var (
	portalInvite = regexp.MustCompile(`/portal/register\?t=([0-9a-f]+)`)
	personField  = regexp.MustCompile(`name="person_id" value="([0-9a-f-]{36})"`)
	accessForm   = regexp.MustCompile(`/portal/users/([0-9a-f-]{36})/disable`)
)

// Issue 5 through the pages, without JavaScript: the Portal tab refuses an invitation without an email
// and keeps what was typed (PT-2); the link's pages; the portal's own sign-in; disabling signs the person
// out (PT-4); a bad link says how to get a new one.
func TestPortalPages(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		h := apptest.New(t, d)
		h.Setup()
		srv := h.SMTP(t)
		c := h.Client()
		c.Login("owner@example.org", apptest.StrongPassword)
		ada := chartID(t, c.Post("/clients/new", url.Values{"kind": {"individual"}, "first_name": {"Ada"}, "last_name": {"Lovelace"}}))
		tab := string(c.Get("/clients/" + ada + "?tab=portal").Body)
		m := personField.FindStringSubmatch(tab)
		if m == nil || !strings.Contains(tab, "Not invited") || !strings.Contains(tab, "Send invitation") {
			t.Fatal("the Portal tab offers no invitation")
		}
		r := c.Post("/clients/"+ada+"/portal/invite", url.Values{"person_id": {m[1]}, "email": {""}, "features": {"documents", "billing"}})
		body := string(r.Body)
		if r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "add it to their details") ||
			!strings.Contains(body, `value="billing" checked`) || !strings.Contains(body, " open>") {
			t.Fatalf("invite without email: %d", r.StatusCode)
		}
		r = c.Post("/clients/"+ada+"/portal/invite", url.Values{"person_id": {m[1]}, "email": {"ada@example.net"}, "features": {"documents"}})
		if r.StatusCode != http.StatusSeeOther {
			t.Fatalf("invite: %d %s", r.StatusCode, r.Body)
		}
		h.RunJobs()
		link := portalInvite.FindString(srv.Text(t, 0))
		if link == "" {
			t.Fatal("no link delivered")
		}
		p := h.Client()
		if r := p.Get("/portal/register?t=" + strings.Repeat("0", 64)); r.StatusCode != http.StatusGone || !strings.Contains(string(r.Body), "send a new invitation") {
			t.Fatalf("forged link page: %d", r.StatusCode)
		}
		if page := string(p.Get(link).Body); !strings.Contains(page, "Harbor Counseling") || !strings.Contains(page, "ada@example.net") {
			t.Fatal("the registration page does not say who invites whom")
		}
		token := portalInvite.FindStringSubmatch(link)[1]
		r = p.Post("/portal/register", url.Values{"token": {token}, "password": {"short"}, "password_again": {"short"}})
		if r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(string(r.Body), `id="f-password-error"`) {
			t.Fatalf("short password: %d", r.StatusCode)
		}
		r = p.Post("/portal/register", url.Values{"token": {token}, "password": {apptest.StrongPassword}, "password_again": {apptest.StrongPassword}})
		if r.StatusCode != http.StatusSeeOther {
			t.Fatalf("register: %d %s", r.StatusCode, r.Body)
		}
		r = p.Get("/portal")
		home := p.Get(r.Header.Get("Location"))
		if !strings.Contains(string(home.Body), "Who opened my record") {
			t.Fatalf("portal chart: %d", home.StatusCode)
		}
		// The staff cookie does not open the portal.
		if r := c.Get("/portal"); r.StatusCode != http.StatusSeeOther || r.Header.Get("Location") != "/portal/login" {
			t.Fatalf("staff on the portal: %d %s", r.StatusCode, r.Header.Get("Location"))
		}
		// PT-4: disable from the Portal tab; the person's next page is the sign-in.
		a := accessForm.FindStringSubmatch(string(c.Get("/clients/" + ada + "?tab=portal").Body))
		if a == nil {
			t.Fatal("no Disable access button")
		}
		if r := c.Post("/clients/"+ada+"/portal/users/"+a[1]+"/disable", nil); r.StatusCode != http.StatusSeeOther {
			t.Fatalf("disable: %d", r.StatusCode)
		}
		if r := p.Get("/portal"); r.StatusCode != http.StatusSeeOther || !strings.HasPrefix(r.Header.Get("Location"), "/portal/login") {
			t.Fatalf("a disabled person still sees the portal: %d", r.StatusCode)
		}
		// The portal's sign-in: wrong password, then right; with the only access disabled, nothing to open.
		if r := p.Post("/portal/login", url.Values{"email": {"ada@example.net"}, "password": {"wrong password here"}}); r.StatusCode != http.StatusUnprocessableEntity ||
			!strings.Contains(string(r.Body), `value="ada@example.net"`) {
			t.Fatalf("wrong password: %d", r.StatusCode)
		}
		p.Post("/portal/login", url.Values{"email": {"ada@example.net"}, "password": {apptest.StrongPassword}})
		if page := string(p.Get("/portal").Body); !strings.Contains(page, "Nothing to open yet") {
			t.Fatal("a disabled chart is still listed")
		}
		// Forgot password: same answer for an unknown email, neither sooner than the floor that hides the
		// work a known one causes; the link resets the password.
		h.App.Portal.ResetFloor = 150 * time.Millisecond
		t0 := time.Now()
		if !strings.Contains(string(p.Post("/portal/forgot", url.Values{"email": {"nobody@example.net"}}).Body), "Check your email") {
			t.Fatal("forgot: no answer")
		}
		t1 := time.Now()
		p.Post("/portal/forgot", url.Values{"email": {"ada@example.net"}})
		if t1.Sub(t0) < h.App.Portal.ResetFloor || time.Since(t1) < h.App.Portal.ResetFloor {
			t.Fatalf("portal reset requests answered in %v and %v, under the floor", t1.Sub(t0), time.Since(t1))
		}
		h.RunJobs()
		reset := regexp.MustCompile(`/portal/reset\?t=([0-9a-f]+)`).FindStringSubmatch(srv.Text(t, len(srv.Messages())-1))
		if reset == nil {
			t.Fatal("no reset link")
		}
		r = p.Post("/portal/reset", url.Values{"token": {reset[1]}, "password": {"a different passphrase now"}, "password_again": {"a different passphrase now"}})
		if r.StatusCode != http.StatusSeeOther {
			t.Fatalf("reset: %d %s", r.StatusCode, r.Body)
		}
		if r := p.Get("/portal/reset?t=" + reset[1]); r.StatusCode != http.StatusGone {
			t.Fatalf("a used reset link: %d", r.StatusCode)
		}
	})
}

// PT-2: the setup wizard's portal step invites the client and moves on; without an email it says how to
// add one and keeps the ticks.
func TestWizardPortalStep(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		h := apptest.New(t, d)
		h.Setup()
		srv := h.SMTP(t)
		c := h.Client()
		c.Login("owner@example.org", apptest.StrongPassword)
		bo := chartID(t, c.Post("/clients/new", url.Values{"kind": {"individual"}, "first_name": {"Bo"}, "last_name": {"Diaz"}}))
		if page := string(c.Get("/clients/" + bo + "/setup/portal").Body); !strings.Contains(page, "Send invitation and continue") {
			t.Fatal("the portal step offers no invitation")
		}
		r := c.Post("/clients/"+bo+"/setup/portal", url.Values{"action": {"invite"}, "email": {""}, "features": {"tasks"}})
		if body := string(r.Body); r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "add it to their details") ||
			!strings.Contains(body, `value="tasks" checked`) || strings.Contains(body, `value="documents" checked`) {
			t.Fatalf("invite without email: %d", r.StatusCode)
		}
		r = c.Post("/clients/"+bo+"/setup/portal", url.Values{"action": {"invite"}, "email": {"bo@example.net"}, "features": {"tasks"}})
		if r.StatusCode != http.StatusSeeOther || r.Header.Get("Location") != "/clients/"+bo+"/setup/billing" {
			t.Fatalf("invite: %d to %s", r.StatusCode, r.Header.Get("Location"))
		}
		h.RunJobs()
		if len(srv.Messages()) != 1 || !portalInvite.MatchString(srv.Text(t, 0)) {
			t.Fatal("no invitation delivered")
		}
		if page := string(c.Get("/clients/" + bo + "?tab=details").Body); !strings.Contains(page, "Pending") || !strings.Contains(page, "bo@example.net") {
			t.Fatal("the chart is not Pending with the new email")
		}
	})
}

// ST-2 through the pages: the practice setting, the portal address, the emailed link, the names kept
// when the passwords differ, and a closed practice's address answering like none.
func TestJoinPages(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		h := apptest.New(t, d)
		pr, _ := h.Setup()
		srv := h.SMTP(t)
		c := h.Client()
		c.Login("owner@example.org", apptest.StrongPassword)
		p := h.Client()
		if r := p.Get("/portal/join/" + pr.Slug); r.StatusCode != http.StatusNotFound {
			t.Fatalf("closed practice: %d", r.StatusCode)
		}
		if page := string(c.Get("/settings/practice").Body); !strings.Contains(page, "/portal/join/"+pr.Slug) {
			t.Fatal("the settings page does not show the portal address")
		}
		r := c.Post("/settings/practice", url.Values{"name": {pr.Name}, "time_zone": {pr.TimeZone}, "idle_timeout_minutes": {"15"},
			"portal_self_registration": {"on"}})
		if r.StatusCode != http.StatusSeeOther {
			t.Fatalf("settings: %d %s", r.StatusCode, r.Body)
		}
		if page := string(p.Get("/portal/join/" + pr.Slug).Body); !strings.Contains(page, "Harbor Counseling") {
			t.Fatal("the join page does not name the practice")
		}
		if r := p.Post("/portal/join/"+pr.Slug, url.Values{"email": {"not an email"}}); r.StatusCode != http.StatusUnprocessableEntity {
			t.Fatalf("bad email: %d", r.StatusCode)
		}
		if page := string(p.Post("/portal/join/"+pr.Slug, url.Values{"email": {"zed@example.net"}}).Body); !strings.Contains(page, "Check your email") {
			t.Fatal("no confirmation")
		}
		h.RunJobs()
		m := regexp.MustCompile(`(/portal/join/[a-z0-9-]+/complete\?t=)([0-9a-f]+)`).FindStringSubmatch(srv.Text(t, 0))
		if m == nil {
			t.Fatal("no link delivered")
		}
		if page := string(p.Get(m[0]).Body); !strings.Contains(page, "zed@example.net") {
			t.Fatal("the completion page does not show the confirmed email")
		}
		r = p.Post("/portal/join/"+pr.Slug+"/complete", url.Values{"token": {m[2]}, "first_name": {"Zed"}, "last_name": {"Quill"},
			"password": {apptest.StrongPassword}, "password_again": {"different"}})
		if body := string(r.Body); r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, `value="Quill"`) {
			t.Fatalf("mismatched passwords: %d", r.StatusCode)
		}
		r = p.Post("/portal/join/"+pr.Slug+"/complete", url.Values{"token": {m[2]}, "first_name": {"Zed"}, "last_name": {"Quill"},
			"password": {apptest.StrongPassword}, "password_again": {apptest.StrongPassword}})
		if r.StatusCode != http.StatusSeeOther {
			t.Fatalf("complete: %d %s", r.StatusCode, r.Body)
		}
		if home := string(c.Get("/").Body); !strings.Contains(home, "Zed Quill") {
			t.Fatal("the new chart is not under Needs attention")
		}
		if r := p.Get(m[0]); r.StatusCode != http.StatusGone {
			t.Fatalf("used link: %d", r.StatusCode)
		}
	})
}

// The portal's account page: a change to an email with an account is refused next to the field, with
// what was typed kept; a mismatched new password is caught.
// Proves PT-1.
func TestPortalAccountPage(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		h := apptest.New(t, d)
		h.Setup()
		srv := h.SMTP(t)
		c := h.Client()
		c.Login("owner@example.org", apptest.StrongPassword)
		var people []*apptest.Client
		for _, email := range []string{"ada@example.net", "bo@example.net"} {
			id := chartID(t, c.Post("/clients/new", url.Values{"kind": {"individual"}, "first_name": {"X"}, "last_name": {"Y"}}))
			m := personField.FindStringSubmatch(string(c.Get("/clients/" + id + "?tab=portal").Body))
			c.Post("/clients/"+id+"/portal/invite", url.Values{"person_id": {m[1]}, "email": {email}})
			h.RunJobs()
			tok := portalInvite.FindStringSubmatch(srv.Text(t, len(srv.Messages())-1))[1]
			p := h.Client()
			p.Post("/portal/register", url.Values{"token": {tok}, "password": {apptest.StrongPassword}, "password_again": {apptest.StrongPassword}})
			people = append(people, p)
		}
		ada := people[0]
		if page := string(ada.Get("/portal/account").Body); !strings.Contains(page, "ada@example.net") {
			t.Fatal("the account page does not show the email")
		}
		r := ada.Post("/portal/account/email", url.Values{"email": {"bo@example.net"}, "email_current_password": {"not my password"}})
		if body := string(r.Body); r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, `id="f-email_current_password-error"`) ||
			!strings.Contains(body, `value="bo@example.net"`) {
			t.Fatalf("wrong password: %d", r.StatusCode)
		}
		// An address with an account gets the same answer as any other; its holder is told nothing changed.
		r = ada.Post("/portal/account/email", url.Values{"email": {"bo@example.net"}, "email_current_password": {apptest.StrongPassword}})
		if body := string(r.Body); r.StatusCode != http.StatusOK || !strings.Contains(body, "We sent a link to bo@example.net") {
			t.Fatalf("taken email: %d", r.StatusCode)
		}
		h.RunJobs()
		if txt := srv.Text(t, len(srv.Messages())-1); !strings.Contains(txt, "already has its own") {
			t.Fatalf("notice: %q", txt)
		}
		r = ada.Post("/portal/account/password", url.Values{"current_password": {apptest.StrongPassword}, "new_password": {"one new passphrase"},
			"new_password_again": {"another one"}})
		if r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(string(r.Body), `id="f-new_password_again-error"`) {
			t.Fatalf("mismatched passwords: %d", r.StatusCode)
		}
	})
}
