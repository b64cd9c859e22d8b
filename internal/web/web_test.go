package web_test

import (
	"context"
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

// TR-3: a refused setup keeps what was typed; every page leads to setup first.
func TestEveryPageLeadsToSetupFirst(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		h := apptest.New(t, d)
		c := h.Client()
		for _, path := range []string{"/", "/login", "/clients", "/settings/staff", "/no-such-page"} {
			if r := c.Get(path); r.StatusCode != http.StatusSeeOther || r.Header.Get("Location") != "/setup" {
				t.Errorf("GET %s = %d to %q, want 303 to /setup", path, r.StatusCode, r.Header.Get("Location"))
			}
		}
		// A refused setup keeps what was typed (never the password) and says what is wrong, next to the field.
		form := url.Values{"practice_name": {"Harbor Counseling"}, "time_zone": {"Atlantis/Deep"}, "name": {"Olivia Owner"}, "email": {"owner@example.org"}, "password": {"short"}}
		r := c.Post("/setup", form)
		body := string(r.Body)
		if r.StatusCode != http.StatusUnprocessableEntity {
			t.Fatalf("invalid setup: %d", r.StatusCode)
		}
		for _, want := range []string{`value="Harbor Counseling"`, `value="Olivia Owner"`, `value="owner@example.org"`, `id="f-time_zone-error"`, `id="f-password-error"`, "Use at least 10 characters"} {
			if !strings.Contains(body, want) {
				t.Errorf("refused setup page lacks %q", want)
			}
		}
		if strings.Contains(body, `value="short"`) {
			t.Error("the refused setup page echoes the password")
		}
		form.Set("time_zone", "America/Chicago")
		form.Set("password", apptest.StrongPassword)
		r = c.Post("/setup", form)
		if r.StatusCode != http.StatusSeeOther || r.Header.Get("Location") != "/" {
			t.Fatalf("setup: %d to %q", r.StatusCode, r.Header.Get("Location"))
		}
		home := c.Get("/")
		if home.StatusCode != 200 || !strings.Contains(string(home.Body), "Harbor Counseling") || !strings.Contains(string(home.Body), "Olivia Owner") {
			t.Fatalf("home after setup: %d", home.StatusCode)
		}
		if r := c.Get("/setup"); r.StatusCode != http.StatusSeeOther || r.Header.Get("Location") != "/login" {
			t.Fatalf("setup after setup: %d to %q", r.StatusCode, r.Header.Get("Location"))
		}
	})
}

// TR-2: sign-in, the same message for any wrong credentials, the idle timeout on pages.
func TestLoginPage(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		h := apptest.New(t, d)
		h.Setup()
		c := h.Client()
		if r := c.Get("/settings/staff"); r.StatusCode != http.StatusSeeOther || r.Header.Get("Location") != "/login?next=%2Fsettings%2Fstaff" {
			t.Fatalf("signed-out page: %d to %q", r.StatusCode, r.Header.Get("Location"))
		}
		r := c.Post("/login", url.Values{"email": {"owner@example.org"}, "password": {"nope nope nope"}, "next": {"/settings/staff"}})
		if r.StatusCode != http.StatusUnauthorized || !strings.Contains(string(r.Body), "The email or password is incorrect.") || !strings.Contains(string(r.Body), `value="owner@example.org"`) {
			t.Fatalf("failed login: %d %s", r.StatusCode, r.Body)
		}
		r = c.Post("/login", url.Values{"email": {"owner@example.org"}, "password": {apptest.StrongPassword}, "next": {"//evil.example/"}})
		if r.StatusCode != http.StatusSeeOther || r.Header.Get("Location") != "/" {
			t.Fatalf("login with an off-site next: %d to %q", r.StatusCode, r.Header.Get("Location"))
		}
		// The idle timeout applies to pages: after 15 quiet minutes the next page asks to sign in again.
		h.Clock.Advance(16 * time.Minute)
		if r := c.Get("/settings"); r.StatusCode != http.StatusSeeOther || !strings.HasPrefix(r.Header.Get("Location"), "/login") {
			t.Fatalf("after the idle timeout: %d to %q", r.StatusCode, r.Header.Get("Location"))
		}
	})
}

// TR-2, TR-3: staff management, temporary passwords, deactivation ends sessions.
func TestStaffPages(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		h := apptest.New(t, d)
		h.Setup()
		c := h.Client()
		c.Login("owner@example.org", apptest.StrongPassword)
		r := c.Post("/settings/staff", url.Values{"name": {"Cal Clinician"}, "email": {"OWNER@example.org"}, "role": {"clinician"}, "password": {apptest.StrongPassword}})
		if r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(string(r.Body), `id="f-email-error"`) || !strings.Contains(string(r.Body), `value="Cal Clinician"`) {
			t.Fatalf("duplicate staff email: %d", r.StatusCode)
		}
		r = c.Post("/settings/staff", url.Values{"name": {"Cal Clinician"}, "email": {"cal@example.org"}, "role": {"clinician"}, "password": {apptest.StrongPassword}})
		if r.StatusCode != http.StatusSeeOther {
			t.Fatalf("add staff: %d %s", r.StatusCode, r.Body)
		}
		list := string(c.Get("/settings/staff").Body)
		if !strings.Contains(list, "cal@example.org") || !strings.Contains(list, "Temporary password") || !strings.Contains(list, "Added a staff member as Clinician") {
			t.Fatal("the staff list does not show the new clinician with a temporary password and a notice")
		}
		id := regexp.MustCompile(`/settings/staff/([0-9a-f-]{36})`).FindAllStringSubmatch(list, -1)
		var calID string
		for _, m := range id {
			if p := string(c.Get("/settings/staff/" + m[1]).Body); strings.Contains(p, "cal@example.org") {
				calID = m[1]
			}
		}
		if calID == "" {
			t.Fatal("no edit link for the clinician")
		}
		// The new clinician must choose a password before anything else.
		cc := h.Client()
		cc.Post("/login", url.Values{"email": {"cal@example.org"}, "password": {apptest.StrongPassword}})
		if r := cc.Get("/"); r.StatusCode != http.StatusSeeOther || r.Header.Get("Location") != "/settings/password" {
			t.Fatalf("temporary password: %d to %q", r.StatusCode, r.Header.Get("Location"))
		}
		r = cc.Post("/settings/password", url.Values{"current_password": {apptest.StrongPassword}, "new_password": {"my own quiet harbour"}, "confirm_password": {"my own quiet harbor"}})
		if r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(string(r.Body), `id="f-confirm_password-error"`) {
			t.Fatalf("mismatched confirmation: %d", r.StatusCode)
		}
		r = cc.Post("/settings/password", url.Values{"current_password": {apptest.StrongPassword}, "new_password": {"my own quiet harbour"}, "confirm_password": {"my own quiet harbour"}})
		if r.StatusCode != http.StatusSeeOther {
			t.Fatalf("change password: %d %s", r.StatusCode, r.Body)
		}
		if r := cc.Get("/"); r.StatusCode != 200 {
			t.Fatalf("home after choosing a password: %d", r.StatusCode)
		}
		// A clinician cannot open another's edit page or the audit log.
		if r := cc.Get("/settings/staff/" + calID); r.StatusCode != http.StatusForbidden {
			t.Fatalf("clinician editing staff: %d", r.StatusCode)
		}
		if r := cc.Get("/settings/audit"); r.StatusCode != http.StatusForbidden {
			t.Fatalf("clinician reading the audit log: %d", r.StatusCode)
		}
		// Deactivating ends their session at once.
		if r := c.Post("/settings/staff/"+calID+"/active", url.Values{"active": {"false"}}); r.StatusCode != http.StatusSeeOther {
			t.Fatalf("deactivate: %d %s", r.StatusCode, r.Body)
		}
		if r := cc.Get("/"); r.StatusCode != http.StatusSeeOther || !strings.HasPrefix(r.Header.Get("Location"), "/login") {
			t.Fatalf("a deactivated person's page: %d to %q", r.StatusCode, r.Header.Get("Location"))
		}
	})
}

// TR-1: the owner reads, filters and exports the audit log; the export is audited.
func TestAuditPageAndExport(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		h := apptest.New(t, d)
		_, owner := h.Setup()
		h.AddStaff(owner, "Cal Clinician", "cal@example.org", model.RoleClinician)
		c := h.Client()
		c.Login("owner@example.org", apptest.StrongPassword)
		page := string(c.Get("/settings/audit?action=staff.create").Body)
		if !strings.Contains(page, "2 entries") || !strings.Contains(page, "staff.create") {
			t.Fatalf("filtered audit page: %s", page)
		}
		if r := c.Get("/settings/audit?from=31-12-2026"); !strings.Contains(string(r.Body), "Use a date like") {
			t.Fatal("a malformed date has no message")
		}
		r := c.Get("/settings/audit/export?action=staff.create")
		lines := strings.Split(strings.TrimSpace(string(r.Body)), "\n")
		if r.StatusCode != 200 || r.Header.Get("Content-Type") != "text/csv; charset=utf-8" || len(lines) != 3 || !strings.HasPrefix(lines[0], "\ufefftime,actor_type") {
			t.Fatalf("export: %d %q %q", r.StatusCode, r.Header.Get("Content-Type"), lines)
		}
		if !strings.Contains(string(c.Get("/settings/audit?action=audit.export").Body), "1 entry") {
			t.Fatal("the export was not audited")
		}
	})
}

func TestResponseHeaders(t *testing.T) {
	t.Parallel()
	testdb.Each(t, testResponseHeaders)
}

func testResponseHeaders(t *testing.T, d *db.DB) {
	h := apptest.New(t, d)
	h.Setup()
	c := h.Client()
	c.Login("owner@example.org", apptest.StrongPassword)
	r := c.Get("/")
	want := map[string]string{
		"X-Content-Type-Options": "nosniff",
		"Referrer-Policy":        "same-origin",
		"Cache-Control":          "no-store",
	}
	for k, v := range want {
		if got := r.Header.Get(k); got != v {
			t.Errorf("%s = %q, want %q", k, got, v)
		}
	}
	csp := r.Header.Get("Content-Security-Policy")
	for _, part := range []string{"script-src 'self'", "style-src 'self'", "frame-ancestors 'none'"} {
		if !strings.Contains(csp, part) {
			t.Errorf("CSP %q lacks %q", csp, part)
		}
	}
	if strings.Contains(csp, "unsafe-inline") {
		t.Errorf("CSP allows inline code: %q", csp)
	}
	if r.Header.Get("X-Request-Id") == "" {
		t.Error("no X-Request-Id")
	}
	if strings.Contains(string(r.Body), "<script>") || strings.Contains(string(r.Body), "style=") {
		t.Error("the page has inline script or style, which the CSP would block")
	}
	css := regexp.MustCompile(`/static/app\.[0-9a-f]{8}\.css`).FindString(string(r.Body))
	if css == "" {
		t.Fatal("no content-hashed stylesheet link")
	}
	s := c.Get(css)
	if s.StatusCode != 200 || !strings.Contains(s.Header.Get("Cache-Control"), "immutable") || !strings.HasPrefix(s.Header.Get("Content-Type"), "text/css") {
		t.Fatalf("stylesheet: %d %q %q", s.StatusCode, s.Header.Get("Cache-Control"), s.Header.Get("Content-Type"))
	}
	if r := c.Get("/static/app.00000000.css"); r.StatusCode != 404 {
		t.Fatalf("unknown static file: %d", r.StatusCode)
	}
}

// A state-changing request from another site is refused, even with a valid session cookie.
func TestCrossOriginRefused(t *testing.T) {
	t.Parallel()
	testdb.Each(t, testCrossOriginRefused)
}

func testCrossOriginRefused(t *testing.T, d *db.DB) {
	h := apptest.New(t, d)
	_, owner := h.Setup()
	c := h.Client()
	c.Login("owner@example.org", apptest.StrongPassword)
	req, _ := http.NewRequest("POST", h.Server.URL+"/settings/staff", strings.NewReader(url.Values{
		"name": {"Mallory"}, "email": {"mallory@example.org"}, "role": {"owner"}, "password": {apptest.StrongPassword}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Sec-Fetch-Site", "cross-site")
	req.Header.Set("Origin", "https://evil.example")
	resp, err := c.HTTP.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusForbidden {
		t.Fatalf("cross-site POST: %d, want 403", resp.StatusCode)
	}
	staff, _ := h.App.Accounts.ListStaff(t.Context(), model.Principal{PracticeID: owner.PracticeID})
	if len(staff) != 1 {
		t.Fatalf("the cross-site POST added staff: %d", len(staff))
	}
}

func TestOpsEndpoints(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		h := apptest.New(t, d)
		c := h.Client()
		if r := c.Get("/healthz"); r.StatusCode != 200 {
			t.Fatalf("healthz: %d", r.StatusCode)
		}
		if r := c.Get("/readyz"); r.StatusCode != 200 || !strings.Contains(string(r.Body), `"schema_version":`) {
			t.Fatalf("readyz: %d %s", r.StatusCode, r.Body)
		}
		c.API("GET", "/api/v1/me", nil)
		m := string(c.Get("/metrics").Body)
		for _, want := range []string{
			`tend_http_requests_total{route="GET /api/v1/me",method="GET",code="401"} 1`,
			`tend_http_request_duration_seconds_count{route="GET /api/v1/me"} 1`,
			`tend_db_open_connections{pool=`,
		} {
			if !strings.Contains(m, want) {
				t.Errorf("metrics lack %q", want)
			}
		}
		if _, err := h.DB.W.Exec(`DELETE FROM schema_migrations`); err != nil {
			t.Fatal(err)
		}
		if r := c.Get("/readyz"); r.StatusCode != 503 || !strings.Contains(string(r.Body), "migrations pending") {
			t.Fatalf("readyz with migrations pending: %d %s", r.StatusCode, r.Body)
		}
	})
}

// TR-3: bytes that are not text in a form or query never reach the database (PostgreSQL would refuse
// them with a 500); the person gets a clear 400 and nothing is saved.
func TestInvalidTextRefused(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		h := apptest.New(t, d)
		_, owner := h.Setup()
		anon := h.Client()
		if r := anon.Post("/login", url.Values{"email": {"owner\xff@example.org"}, "password": {"x"}}); r.StatusCode != http.StatusBadRequest {
			t.Fatalf("login with invalid bytes: %d", r.StatusCode)
		}
		c := h.Client()
		c.Login("owner@example.org", apptest.StrongPassword)
		if r := c.Post("/settings/staff", url.Values{"name": {"Cal\x00"}, "email": {"cal@example.org"}, "role": {"clinician"}, "password": {apptest.StrongPassword}}); r.StatusCode != http.StatusBadRequest {
			t.Fatalf("staff name with NUL: %d", r.StatusCode)
		}
		if r := c.Get("/settings/audit?actor=%ff"); r.StatusCode != http.StatusBadRequest {
			t.Fatalf("audit filter with invalid bytes: %d", r.StatusCode)
		}
		staff, _ := h.App.Accounts.ListStaff(t.Context(), model.Principal{PracticeID: owner.PracticeID})
		if len(staff) != 1 {
			t.Fatalf("a refused request saved staff: %d", len(staff))
		}
	})
}

// Issue 5, item 1: without an SMTP server a test message is written as a file and the Mail log says so, in
// words for people (issue 13, item 8).
func TestMailLogPage(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		h := apptest.New(t, d)
		h.Setup()
		c := h.Client()
		c.Login("owner@example.org", apptest.StrongPassword)
		if !strings.Contains(string(c.Get("/settings/mail").Body), "No email yet") {
			t.Fatal("empty mail log")
		}
		if r := c.Post("/settings/mail/test", nil); r.StatusCode != http.StatusSeeOther {
			t.Fatalf("test message: %d", r.StatusCode)
		}
		h.App.Jobs.RunDue(context.Background())
		page := string(c.Get("/settings/mail").Body)
		if !strings.Contains(page, "Tend test message") || !strings.Contains(page, "Saved to file (no mail server)") || !strings.Contains(page, "owner@example.org") {
			t.Fatal("the mail log does not show the written test message")
		}
	})
}
