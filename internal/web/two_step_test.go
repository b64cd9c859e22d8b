package web_test

import (
	"context"
	"errors"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"tend/internal/apptest"
	"tend/internal/db"
	"tend/internal/model"
	"tend/internal/testdb"
)

var (
	secretOnPage = regexp.MustCompile(`<code id="two-step-secret">([A-Z2-7 ]+)</code>`)
	codeOnPage   = regexp.MustCompile(`<li><code>([2-9a-z]{5}-[2-9a-z]{5})</code></li>`)
)

// TR-2: after the right password, a person with two-step sign-in gets the code step, not a session; the
// right code starts a session under a new id; a wrong or reused code is refused next to the field;
// too many wrong codes are throttled; the step is only for the browser that passed the password.
func TestSignInSecondStepPage(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		h := apptest.New(t, d)
		_, owner := h.Setup()
		c := h.Client()
		c.Login("owner@example.org", apptest.StrongPassword) // a session from before two-step was on
		before := c.Cookie("tend_session")
		secret, _ := h.EnrolTwoStep(owner)
		h.Clock.Advance(30 * time.Second)

		r := c.Post("/login", url.Values{"email": {"owner@example.org"}, "password": {apptest.StrongPassword}, "next": {"/clients"}})
		if r.StatusCode != http.StatusSeeOther || r.Header.Get("Location") != "/login/two-step?next=%2Fclients" {
			t.Fatalf("password step: %d to %q", r.StatusCode, r.Header.Get("Location"))
		}
		if c.Cookie("tend_session") != "" || c.Cookie("tend_session_waiting") == "" {
			t.Fatalf("after the password: session %q, waiting %q; want no session and a waiting sign-in", c.Cookie("tend_session"), c.Cookie("tend_session_waiting"))
		}
		if r := c.Get("/clients"); r.StatusCode != http.StatusSeeOther || !strings.HasPrefix(r.Header.Get("Location"), "/login") {
			t.Fatalf("a page before the code: %d to %q", r.StatusCode, r.Header.Get("Location"))
		}
		if r := h.Client().Get("/login/two-step"); r.StatusCode != http.StatusSeeOther || r.Header.Get("Location") != "/login" {
			t.Fatalf("the code step in another browser: %d to %q", r.StatusCode, r.Header.Get("Location"))
		}
		page := c.Get("/login/two-step?next=%2Fclients")
		if page.StatusCode != 200 || !strings.Contains(string(page.Body), `autocomplete="one-time-code"`) || !strings.Contains(string(page.Body), `value="/clients"`) {
			t.Fatalf("code page: %d %s", page.StatusCode, page.Body)
		}
		wrong := "000000"
		if wrong == h.Code(secret) {
			wrong = "000001"
		}
		r = c.Post("/login/two-step", url.Values{"code": {wrong}, "next": {"/clients"}})
		if r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(string(r.Body), `id="f-code-error"`) || !strings.Contains(string(r.Body), "not right") {
			t.Fatalf("wrong code: %d %s", r.StatusCode, r.Body)
		}
		r = c.Post("/login/two-step", url.Values{"code": {h.Code(secret)}, "next": {"/clients"}})
		if r.StatusCode != http.StatusSeeOther || r.Header.Get("Location") != "/clients" {
			t.Fatalf("right code: %d to %q %s", r.StatusCode, r.Header.Get("Location"), r.Body)
		}
		after := c.Cookie("tend_session")
		if after == "" || after == before || c.Cookie("tend_session_waiting") != "" {
			t.Fatalf("after the code: session %q (before %q), waiting %q", after, before, c.Cookie("tend_session_waiting"))
		}
		if _, err := h.App.Accounts.Authenticate(context.Background(), before, ""); !errors.Is(err, model.ErrUnauthenticated) {
			t.Fatalf("the session from before sign-in still works: %v", err)
		}
		if r := c.Get("/clients"); r.StatusCode != 200 {
			t.Fatalf("clients after sign-in: %d", r.StatusCode)
		}

		// Signing in again within the same 30 seconds: the code is used.
		c.Post("/logout", nil)
		c.Post("/login", url.Values{"email": {"owner@example.org"}, "password": {apptest.StrongPassword}})
		r = c.Post("/login/two-step", url.Values{"code": {h.Code(secret)}})
		if r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(string(r.Body), "already used") {
			t.Fatalf("reused code: %d %s", r.StatusCode, r.Body)
		}
		for i := 0; i < 9; i++ {
			c.Post("/login/two-step", url.Values{"code": {wrong}})
		}
		h.Clock.Advance(30 * time.Second)
		r = c.Post("/login/two-step", url.Values{"code": {h.Code(secret)}})
		if r.StatusCode != http.StatusTooManyRequests || !strings.Contains(string(r.Body), "Too many wrong codes") {
			t.Fatalf("after ten wrong codes: %d %s", r.StatusCode, r.Body)
		}
		// The waiting sign-in ends after five minutes.
		h.Clock.Advance(5 * time.Minute)
		if r := c.Post("/login/two-step", url.Values{"code": {h.Code(secret)}}); r.StatusCode != http.StatusSeeOther || r.Header.Get("Location") != "/login" {
			t.Fatalf("an expired sign-in: %d to %q", r.StatusCode, r.Header.Get("Location"))
		}
	})
}

// TR-2: a person sets up two-step sign-in in Settings (QR code and key on the page, a code confirms,
// recovery codes shown once); the owner can then require it; a colleague without it is sent to set it up
// from every page and can do nothing else until they have; an owner resets a colleague's.
func TestTwoStepSettingsAndRequirement(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		h := apptest.New(t, d)
		_, owner := h.Setup()
		cal := h.AddStaff(owner, "Cal Clinician", "cal@example.org", model.RoleClinician)
		if err := h.App.Accounts.ChangePassword(context.Background(), apptest.As(cal), apptest.StrongPassword, "my own quiet harbour", false); err != nil {
			t.Fatal(err)
		}
		c := h.Client()
		c.Login("owner@example.org", apptest.StrongPassword)

		// The owner cannot require it before having it.
		settings := url.Values{"name": {"Harbor Counseling"}, "time_zone": {"America/Chicago"}, "idle_timeout_minutes": {"15"}, "require_two_step": {"on"}}
		r := c.Post("/settings/practice", settings)
		if body := string(r.Body); r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, `id="f-require_two_step-error"`) ||
			!regexp.MustCompile(`id="f-require_two_step"[^>]* checked`).MatchString(body) {
			t.Fatalf("requiring it without having it: %d %s", r.StatusCode, r.Body)
		}

		enrolOnPage(t, h, c)
		if r := c.Post("/settings/practice", settings); r.StatusCode != http.StatusSeeOther {
			t.Fatalf("requiring it: %d %s", r.StatusCode, r.Body)
		}
		if body := string(c.Get("/settings/practice").Body); !regexp.MustCompile(`id="f-require_two_step"[^>]* checked`).MatchString(body) {
			t.Fatal("the practice page does not show the requirement on")
		}
		overview := string(c.Get("/settings/two-step").Body)
		if !strings.Contains(overview, "<strong>10</strong> unused recovery codes") {
			t.Fatalf("overview: %s", overview)
		}
		r = c.Post("/settings/two-step/disable", url.Values{"password": {"not my password"}})
		if r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(string(r.Body), `id="f-off-password-error"`) {
			t.Fatalf("turning off with a wrong password: %d", r.StatusCode)
		}
		r = c.Post("/settings/two-step/recovery-codes", url.Values{"password": {apptest.StrongPassword}})
		if codes := codeOnPage.FindAllStringSubmatch(string(r.Body), -1); r.StatusCode != 200 || len(codes) != 10 {
			t.Fatalf("new recovery codes: %d, %d codes", r.StatusCode, len(codes))
		}

		// A colleague without two-step: every page leads to setting it up.
		cc := h.Client()
		r = cc.Post("/login", url.Values{"email": {"cal@example.org"}, "password": {"my own quiet harbour"}})
		if r.StatusCode != http.StatusSeeOther || r.Header.Get("Location") != "/" {
			t.Fatalf("colleague's sign-in: %d to %q", r.StatusCode, r.Header.Get("Location"))
		}
		for _, path := range []string{"/", "/clients", "/settings/tokens", "/settings/staff", "/documents"} {
			if r := cc.Get(path); r.StatusCode != http.StatusSeeOther || r.Header.Get("Location") != "/settings/two-step" {
				t.Errorf("GET %s: %d to %q, want the two-step setup", path, r.StatusCode, r.Header.Get("Location"))
			}
		}
		if r := cc.Post("/settings/tokens", url.Values{"name": {"script"}}); r.StatusCode != http.StatusSeeOther || r.Header.Get("Location") != "/settings/two-step" {
			t.Errorf("making a token: %d to %q", r.StatusCode, r.Header.Get("Location"))
		}
		if r := cc.API("GET", "/api/v1/clients", nil); r.StatusCode != http.StatusForbidden || r.Err(t).Error.Code != "two_step_required" {
			t.Errorf("the API by session: %d %s", r.StatusCode, r.Body)
		}
		if body := string(cc.Get("/settings/two-step").Body); !strings.Contains(body, "Your practice requires two-step sign-in") {
			t.Fatalf("the setup page does not say why: %s", body)
		}
		enrolOnPage(t, h, cc)
		if r := cc.Get("/clients"); r.StatusCode != 200 {
			t.Fatalf("clients after setting it up: %d", r.StatusCode)
		}
		if body := string(c.Get("/settings/staff").Body); strings.Count(body, `<span class="badge ok">Two-step</span>`) != 2 {
			t.Fatalf("the staff list does not show two-step on for both: %s", body)
		}

		// Cal loses the phone: the owner resets it; Cal's session ends and Cal must set it up again.
		edit := string(c.Get("/settings/staff/" + cal.ID).Body)
		if !strings.Contains(edit, `action="/settings/staff/`+cal.ID+`/two-step/reset"`) {
			t.Fatalf("no reset button on the staff page: %s", edit)
		}
		r = c.Post("/settings/staff/"+cal.ID+"/two-step/reset", nil)
		if r.StatusCode != http.StatusSeeOther || !strings.Contains(string(c.Get("/settings/staff/"+cal.ID).Body), "Two-step sign-in is reset") {
			t.Fatalf("reset: %d", r.StatusCode)
		}
		if r := cc.Get("/clients"); r.StatusCode != http.StatusSeeOther || !strings.HasPrefix(r.Header.Get("Location"), "/login") {
			t.Fatalf("Cal's session after the reset: %d to %q", r.StatusCode, r.Header.Get("Location"))
		}
		cc.Post("/login", url.Values{"email": {"cal@example.org"}, "password": {"my own quiet harbour"}})
		if r := cc.Get("/clients"); r.Header.Get("Location") != "/settings/two-step" {
			t.Fatalf("after the reset Cal goes to %q, want the two-step setup", r.Header.Get("Location"))
		}
	})
}

// enrolOnPage sets up two-step sign-in through Settings as the signed-in client: reads the key from the
// page, refuses a wrong code, confirms with the right one.
func enrolOnPage(t *testing.T, h *apptest.Harness, c *apptest.Client) {
	t.Helper()
	r := c.Post("/settings/two-step/setup", nil)
	if r.StatusCode != http.StatusSeeOther || r.Header.Get("Location") != "/settings/two-step/setup" {
		t.Fatalf("start: %d to %q", r.StatusCode, r.Header.Get("Location"))
	}
	page := c.Get("/settings/two-step/setup")
	body := string(page.Body)
	m := secretOnPage.FindStringSubmatch(body)
	if page.StatusCode != 200 || m == nil || !strings.Contains(body, `src="data:image/png;base64,iVBOR`) {
		t.Fatalf("setup page: %d %s", page.StatusCode, body)
	}
	if csp := page.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "img-src 'self' data:") {
		t.Fatalf("the CSP does not let the QR code show: %q", csp)
	}
	secret := strings.ReplaceAll(html.UnescapeString(m[1]), " ", "")
	r = c.Post("/settings/two-step/confirm", url.Values{"code": {"12"}})
	if r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(string(r.Body), `id="f-code-error"`) || !strings.Contains(string(r.Body), m[1]) {
		t.Fatalf("a wrong code: %d", r.StatusCode)
	}
	r = c.Post("/settings/two-step/confirm", url.Values{"code": {h.Code(secret)}})
	if codes := codeOnPage.FindAllStringSubmatch(string(r.Body), -1); r.StatusCode != 200 || len(codes) != 10 {
		t.Fatalf("confirm: %d, %d recovery codes shown: %s", r.StatusCode, len(codes), r.Body)
	}
}

// TR-2: the staff page offers "Reset two-step sign-in" exactly where the policy allows it: an owner on a
// clinician's page, not an admin on an owner's page, nobody on their own.
func TestResetTwoStepButtonFollowsThePolicy(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		h := apptest.New(t, d)
		_, owner := h.Setup()
		cal := h.AddStaff(owner, "Cal Clinician", "cal@example.org", model.RoleClinician)
		h.AddStaff(owner, "Ada Admin", "adm@example.org", model.RoleAdmin)
		secret, _ := h.EnrolTwoStep(owner)
		h.EnrolTwoStep(cal)
		h.Clock.Advance(30 * time.Second)
		asOwner, asAdmin := h.Client(), h.Client()
		asOwner.Post("/login", url.Values{"email": {"owner@example.org"}, "password": {apptest.StrongPassword}})
		asOwner.Post("/login/two-step", url.Values{"code": {h.Code(secret)}})
		asAdmin.Login("adm@example.org", apptest.StrongPassword) // a temporary password: replace it first
		asAdmin.Post("/settings/password", url.Values{"current_password": {apptest.StrongPassword}, "new_password": {"quiet harbour lantern"}, "confirm_password": {"quiet harbour lantern"}})
		const button = ">Reset two-step sign-in</button>"
		if page := string(asOwner.Get("/settings/staff/" + cal.ID).Body); !strings.Contains(page, button) {
			t.Error("an owner is not offered the reset on a clinician's page")
		}
		if page := string(asAdmin.Get("/settings/staff/" + owner.ID).Body); strings.Contains(page, button) || !strings.Contains(page, "Only an owner can reset an owner") {
			t.Error("an admin is offered the reset of an owner's two-step sign-in")
		}
		if page := string(asOwner.Get("/settings/staff/" + owner.ID).Body); strings.Contains(page, button) {
			t.Error("an owner is offered the reset of their own two-step sign-in")
		}
	})
}
