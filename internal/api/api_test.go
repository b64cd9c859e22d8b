package api_test

import (
	"bytes"
	"net/http"
	"sort"
	"strings"
	"testing"
	"time"

	"tend/internal/api"
	"tend/internal/apptest"
	"tend/internal/db"
	"tend/internal/model"
	"tend/internal/testdb"
)

type staffJSON struct {
	ID                 string  `json:"id"`
	Name               string  `json:"name"`
	Email              string  `json:"email"`
	Role               string  `json:"role"`
	Active             bool    `json:"active"`
	SupervisorID       *string `json:"supervisor_id"`
	MustChangePassword bool    `json:"must_change_password"`
}

type meJSON struct {
	User     staffJSON `json:"user"`
	Practice struct {
		ID                 string `json:"id"`
		Name               string `json:"name"`
		IdleTimeoutMinutes int    `json:"idle_timeout_minutes"`
	} `json:"practice"`
}

// TR-2 through the API.
func TestSetupLoginMeLogout(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		h := apptest.New(t, d)
		c := h.Client()
		if r := c.API("GET", "/api/v1/me", nil); r.StatusCode != http.StatusUnauthorized || r.Err(t).Error.Code != "unauthenticated" {
			t.Fatalf("me without a session: %d %s", r.StatusCode, r.Body)
		}
		r := c.API("POST", "/api/v1/setup", map[string]string{
			"practice_name": "Harbor Counseling", "time_zone": "America/Chicago", "name": "Olivia Owner",
			"email": "owner@example.org", "password": apptest.StrongPassword,
		})
		if r.StatusCode != http.StatusCreated {
			t.Fatalf("setup: %d %s", r.StatusCode, r.Body)
		}
		var me meJSON
		c.API("GET", "/api/v1/me", nil).JSON(t, &me)
		if me.User.Email != "owner@example.org" || me.User.Role != "owner" || me.Practice.Name != "Harbor Counseling" || me.Practice.IdleTimeoutMinutes != 15 {
			t.Fatalf("me after setup = %+v", me)
		}
		if r := c.API("POST", "/api/v1/setup", map[string]string{"practice_name": "Again", "time_zone": "UTC", "name": "X Y", "email": "x@example.org", "password": apptest.StrongPassword}); r.StatusCode != http.StatusConflict {
			t.Fatalf("second setup: %d %s", r.StatusCode, r.Body)
		}
		if r := c.API("POST", "/api/v1/auth/logout", nil); r.StatusCode != http.StatusNoContent {
			t.Fatalf("logout: %d %s", r.StatusCode, r.Body)
		}
		if r := c.API("GET", "/api/v1/me", nil); r.StatusCode != http.StatusUnauthorized {
			t.Fatalf("me after logout: %d", r.StatusCode)
		}
	})
}

func TestLoginErrors(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		h := apptest.New(t, d)
		h.Setup()
		c := h.Client()
		wrong := c.API("POST", "/api/v1/auth/login", map[string]string{"email": "owner@example.org", "password": "not the password"})
		unknown := c.API("POST", "/api/v1/auth/login", map[string]string{"email": "ghost@example.org", "password": "not the password"})
		if wrong.StatusCode != 401 || unknown.StatusCode != 401 || !bytes.Equal(wrong.Body, unknown.Body) {
			t.Fatalf("wrong password %d %s vs unknown email %d %s: want identical 401s", wrong.StatusCode, wrong.Body, unknown.StatusCode, unknown.Body)
		}
		empty := c.API("POST", "/api/v1/auth/login", map[string]string{"email": "", "password": ""})
		if e := empty.Err(t); empty.StatusCode != 422 || e.Error.Fields["email"] == "" || e.Error.Fields["password"] == "" {
			t.Fatalf("empty login: %d %s", empty.StatusCode, empty.Body)
		}
		for range 9 {
			c.API("POST", "/api/v1/auth/login", map[string]string{"email": "owner@example.org", "password": "not the password"})
		}
		r := c.API("POST", "/api/v1/auth/login", map[string]string{"email": "owner@example.org", "password": apptest.StrongPassword})
		if r.StatusCode != http.StatusTooManyRequests || r.Header.Get("Retry-After") == "" || !strings.Contains(r.Err(t).Error.Message, "Try again in 15 minutes") {
			t.Fatalf("throttled login: %d %q %s", r.StatusCode, r.Header.Get("Retry-After"), r.Body)
		}
	})
}

// Strict JSON: unknown fields, trailing data, malformed JSON and bodies over 1 MiB are refused.
func TestStrictJSON(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		h := apptest.New(t, d)
		h.Setup()
		c := h.Client()
		c.Login("owner@example.org", apptest.StrongPassword)
		tests := []struct {
			name, body string
			status     int
			code       string
		}{
			{"unknown field", `{"name":"A B","email":"ab@example.org","role":"clinician","password":"long enough pw 1","colour":"red"}`, 400, "bad_request"},
			{"two objects", `{"name":"A B"} {"name":"C"}`, 400, "bad_request"},
			{"not JSON", `name=A`, 400, "bad_request"},
			{"wrong type", `{"name":5}`, 400, "bad_request"},
			{"empty body", ``, 400, "bad_request"},
			{"too large", `{"name":"` + strings.Repeat("a", 1<<20) + `"}`, 413, "too_large"},
		}
		for _, tc := range tests {
			t.Run(tc.name, func(t *testing.T) {
				r := c.Do("POST", "/api/v1/staff", "application/json", strings.NewReader(tc.body))
				if r.StatusCode != tc.status || r.Err(t).Error.Code != tc.code {
					t.Fatalf("got %d %s; want %d %s", r.StatusCode, r.Body, tc.status, tc.code)
				}
			})
		}
		var list struct{ Total int }
		c.API("GET", "/api/v1/staff", nil).JSON(t, &list)
		if list.Total != 1 {
			t.Fatalf("refused requests created staff: total %d", list.Total)
		}
	})
}

// TR-2, TR-3: staff through the API; another practice's staff member answers 404.
func TestStaffAPI(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		h := apptest.New(t, d)
		_, owner := h.Setup()
		_, other := h.AddPractice("Elsewhere Therapy", "boss@elsewhere.example")
		foreign := h.AddStaff(other, "Eli Elsewhere", "eli@elsewhere.example", model.RoleClinician)
		c := h.Client()
		c.Login("owner@example.org", apptest.StrongPassword)

		r := c.API("POST", "/api/v1/staff", map[string]string{"name": "Cal Clinician", "email": "cal@example.org", "role": "clinician", "password": apptest.StrongPassword})
		var cal staffJSON
		r.JSON(t, &cal)
		if r.StatusCode != 201 || cal.Role != "clinician" || !cal.Active || !cal.MustChangePassword || r.Header.Get("Location") != "/api/v1/staff/"+cal.ID {
			t.Fatalf("add staff: %d %s", r.StatusCode, r.Body)
		}
		dup := c.API("POST", "/api/v1/staff", map[string]string{"name": "Cal Again", "email": "CAL@example.org ", "role": "clinician", "password": apptest.StrongPassword})
		if dup.StatusCode != 409 || dup.Err(t).Error.Fields["email"] == "" {
			t.Fatalf("duplicate email: %d %s", dup.StatusCode, dup.Body)
		}
		bad := c.API("POST", "/api/v1/staff", map[string]string{"name": "", "email": "nope", "role": "wizard", "password": "short"})
		if e := bad.Err(t); bad.StatusCode != 422 || len(e.Error.Fields) != 4 {
			t.Fatalf("invalid staff: %d %s", bad.StatusCode, bad.Body)
		}

		var patched staffJSON
		r = c.API("PATCH", "/api/v1/staff/"+cal.ID, map[string]any{"role": "supervisor", "name": "Cal C. Clinician"})
		r.JSON(t, &patched)
		if r.StatusCode != 200 || patched.Role != "supervisor" || patched.Name != "Cal C. Clinician" || patched.Email != "cal@example.org" {
			t.Fatalf("patch: %d %s", r.StatusCode, r.Body)
		}
		if r := c.API("PATCH", "/api/v1/staff/"+owner.ID, map[string]any{"active": false}); r.StatusCode != 422 || r.Err(t).Error.Fields["active"] == "" {
			t.Fatalf("deactivating yourself: %d %s", r.StatusCode, r.Body)
		}
		// Another practice's staff member answers exactly like a missing one.
		missing := c.API("GET", "/api/v1/staff/0190b7e2-0000-7000-8000-000000000000", nil)
		theirs := c.API("GET", "/api/v1/staff/"+foreign.ID, nil)
		if missing.StatusCode != 404 || theirs.StatusCode != 404 || !bytes.Equal(missing.Body, theirs.Body) {
			t.Fatalf("missing %d %s vs other practice %d %s", missing.StatusCode, missing.Body, theirs.StatusCode, theirs.Body)
		}
		if r := c.API("PATCH", "/api/v1/staff/"+foreign.ID, map[string]any{"active": false}); r.StatusCode != 404 {
			t.Fatalf("patching another practice's staff: %d", r.StatusCode)
		}

		// Someone with a temporary password may only read themself, change it, or sign out.
		cc := h.Client()
		cc.Login("cal@example.org", apptest.StrongPassword)
		if r := cc.API("GET", "/api/v1/staff", nil); r.StatusCode != 403 || r.Err(t).Error.Code != "password_change_required" {
			t.Fatalf("listing staff with a temporary password: %d %s", r.StatusCode, r.Body)
		}
		if r := cc.API("POST", "/api/v1/tokens", map[string]string{"name": "sneaky"}); r.StatusCode != 403 {
			t.Fatalf("creating a token with a temporary password: %d %s", r.StatusCode, r.Body)
		}
		if r := cc.API("GET", "/api/v1/me", nil); r.StatusCode != 200 || !strings.Contains(string(r.Body), `"must_change_password":true`) {
			t.Fatalf("me with a temporary password: %d %s", r.StatusCode, r.Body)
		}
		if r := cc.API("POST", "/api/v1/me/password", map[string]string{"current_password": apptest.StrongPassword, "new_password": "my very own passphrase"}); r.StatusCode != 204 {
			t.Fatalf("changing the temporary password: %d %s", r.StatusCode, r.Body)
		}
		// A supervisor may list staff but not add them.
		if r := cc.API("POST", "/api/v1/staff", map[string]string{"name": "X Y", "email": "xy@example.org", "role": "billing", "password": apptest.StrongPassword}); r.StatusCode != 403 || r.Err(t).Error.Code != "forbidden" {
			t.Fatalf("supervisor adding staff: %d %s", r.StatusCode, r.Body)
		}
		var list struct {
			Items []staffJSON
			Total int
		}
		cc.API("GET", "/api/v1/staff", nil).JSON(t, &list)
		if list.Total != 2 {
			t.Fatalf("staff list total %d, want 2 (no one from the other practice)", list.Total)
		}
		// Deactivation ends the person's session at once.
		if r := c.API("PATCH", "/api/v1/staff/"+cal.ID, map[string]any{"active": false}); r.StatusCode != 200 {
			t.Fatalf("deactivate: %d %s", r.StatusCode, r.Body)
		}
		if r := cc.API("GET", "/api/v1/me", nil); r.StatusCode != 401 {
			t.Fatalf("a deactivated person's session still works: %d", r.StatusCode)
		}
	})
}

func TestTokensAndBearer(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		h := apptest.New(t, d)
		h.Setup()
		c := h.Client()
		c.Login("owner@example.org", apptest.StrongPassword)
		var created struct {
			ID, Token, Prefix string
		}
		r := c.API("POST", "/api/v1/tokens", map[string]string{"name": "reports"})
		r.JSON(t, &created)
		if r.StatusCode != 201 || !strings.HasPrefix(created.Token, created.Prefix) || !strings.HasPrefix(created.Token, "tend_") {
			t.Fatalf("create token: %d %s", r.StatusCode, r.Body)
		}
		if list := c.API("GET", "/api/v1/tokens", nil); strings.Contains(string(list.Body), created.Token) {
			t.Fatal("the token list reveals the secret")
		}
		b := h.Client()
		b.Bearer = created.Token
		var me meJSON
		if r := b.API("GET", "/api/v1/me", nil); r.StatusCode != 200 {
			t.Fatalf("me with bearer: %d %s", r.StatusCode, r.Body)
		} else {
			r.JSON(t, &me)
		}
		if me.User.Email != "owner@example.org" {
			t.Fatalf("bearer me = %+v", me)
		}
		b.Bearer = "tend_wrong"
		if r := b.API("GET", "/api/v1/me", nil); r.StatusCode != 401 {
			t.Fatalf("wrong bearer: %d", r.StatusCode)
		}
		if r := c.API("DELETE", "/api/v1/tokens/"+created.ID, nil); r.StatusCode != 204 {
			t.Fatalf("revoke: %d %s", r.StatusCode, r.Body)
		}
		b.Bearer = created.Token
		if r := b.API("GET", "/api/v1/me", nil); r.StatusCode != 401 {
			t.Fatalf("revoked bearer: %d", r.StatusCode)
		}
	})
}

func TestPracticeSettingsAPI(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		h := apptest.New(t, d)
		_, owner := h.Setup()
		h.AddStaff(owner, "Cal", "cal@example.org", model.RoleClinician)
		c := h.Client()
		c.Login("owner@example.org", apptest.StrongPassword)
		r := c.API("PATCH", "/api/v1/practice", map[string]any{"idle_timeout_minutes": 2, "time_zone": "Nowhere/City"})
		if e := r.Err(t); r.StatusCode != 422 || e.Error.Fields["idle_timeout_minutes"] == "" || e.Error.Fields["time_zone"] == "" {
			t.Fatalf("invalid settings: %d %s", r.StatusCode, r.Body)
		}
		r = c.API("PATCH", "/api/v1/practice", map[string]any{"idle_timeout_minutes": 30, "clinicians_see_all": true})
		if r.StatusCode != 200 || !strings.Contains(string(r.Body), `"idle_timeout_minutes":30`) || !strings.Contains(string(r.Body), `"clinicians_see_all":true`) {
			t.Fatalf("settings: %d %s", r.StatusCode, r.Body)
		}
		// The idle timeout now is 30 minutes for every session.
		h.Clock.Advance(25 * time.Minute)
		if r := c.API("GET", "/api/v1/me", nil); r.StatusCode != 200 {
			t.Fatalf("after 25 idle minutes with a 30-minute timeout: %d", r.StatusCode)
		}
		cc := h.Client()
		cc.Login("cal@example.org", apptest.StrongPassword)
		if r := cc.API("PATCH", "/api/v1/practice", map[string]any{"name": "Mine now"}); r.StatusCode != 403 {
			t.Fatalf("clinician changing settings: %d", r.StatusCode)
		}
	})
}

// TR-1: failed logins and changes are in the audit log, without what was typed.
func TestAuditAPI(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		h := apptest.New(t, d)
		_, owner := h.Setup()
		h.AddStaff(owner, "Ada", "ada@example.org", model.RoleAdmin)
		c := h.Client()
		c.API("POST", "/api/v1/auth/login", map[string]string{"email": "owner@example.org", "password": "Tr0ub4dor&3x-typo"})
		c.Login("owner@example.org", apptest.StrongPassword)
		var list struct {
			Items []struct {
				A     string `json:"action"`
				O     string `json:"outcome"`
				Actor string `json:"actor_id"`
				IP    string `json:"ip"`
			}
			Total int
		}
		r := c.API("GET", "/api/v1/audit-events?action=auth.login_failed", nil)
		r.JSON(t, &list)
		if r.StatusCode != 200 || list.Total != 1 || list.Items[0].O != "failure" || list.Items[0].Actor != owner.ID || list.Items[0].IP != "127.0.0.1" {
			t.Fatalf("failed logins: %d %s", r.StatusCode, r.Body)
		}
		if strings.Contains(string(r.Body), "Tr0ub4dor") {
			t.Fatal("the audit log holds the typed password")
		}
		c.API("GET", "/api/v1/audit-events", nil).JSON(t, &list)
		actions := map[string]bool{}
		for _, it := range list.Items {
			actions[it.A] = true
		}
		for _, want := range []string{"installation.setup", "staff.create", "auth.login", "auth.login_failed"} {
			if !actions[want] {
				t.Errorf("no %s event in %v", want, actions)
			}
		}
		if r := c.API("GET", "/api/v1/audit-events?from=yesterday", nil); r.StatusCode != 422 {
			t.Fatalf("bad date: %d", r.StatusCode)
		}
		ac := h.Client()
		ac.Login("ada@example.org", apptest.StrongPassword)
		if r := ac.API("GET", "/api/v1/audit-events", nil); r.StatusCode != 403 {
			t.Fatalf("admin reading the audit log: %d", r.StatusCode)
		}
	})
}

// Every route in the table is in the OpenAPI document, and the document names no route that does not exist.
func TestOpenAPICoversEveryRoute(t *testing.T) {
	t.Parallel()
	h := apptest.New(t, testdb.SQLite(t))
	var doc struct {
		OpenAPI string                    `json:"openapi"`
		Paths   map[string]map[string]any `json:"paths"`
	}
	r := h.Client().API("GET", "/api/v1/openapi.json", nil)
	r.JSON(t, &doc)
	if doc.OpenAPI != "3.1.0" {
		t.Fatalf("openapi = %q", doc.OpenAPI)
	}
	documented := map[string]bool{}
	for path, ops := range doc.Paths {
		for method := range ops {
			documented[strings.ToUpper(method)+" "+path] = true
		}
	}
	routed := map[string]bool{}
	for _, rt := range (&api.Server{}).Routes() {
		routed[rt.Method+" "+rt.Path] = true
	}
	var missing, extra []string
	for k := range routed {
		if !documented[k] {
			missing = append(missing, k)
		}
	}
	for k := range documented {
		if !routed[k] {
			extra = append(extra, k)
		}
	}
	sort.Strings(missing)
	sort.Strings(extra)
	if len(missing) > 0 || len(extra) > 0 {
		t.Fatalf("routes missing from openapi.json: %v; documented but not routed: %v", missing, extra)
	}
}

// Malformed ids (invalid UTF-8, NUL) in staff and token routes answer 404 like a missing record, never 500.
func TestMalformedIDs(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		h := apptest.New(t, d)
		h.Setup()
		c := h.Client()
		c.Login("owner@example.org", apptest.StrongPassword)
		for _, req := range []struct{ method, path string }{
			{"GET", "/api/v1/staff/%ff"}, {"GET", "/api/v1/staff/abc%00"}, {"PATCH", "/api/v1/staff/%ff"},
			{"DELETE", "/api/v1/tokens/%ff"}, {"PATCH", "/api/v1/tags/%ff"}, {"DELETE", "/api/v1/tags/%ff"},
			{"GET", "/api/v1/clients/%ff"},
		} {
			var body any
			if req.method == "PATCH" {
				body = map[string]string{"name": "X Y"}
			}
			if r := c.API(req.method, req.path, body); r.StatusCode != 404 {
				t.Errorf("%s %s: %d %s", req.method, req.path, r.StatusCode, r.Body)
			}
		}
		if r := c.API("GET", "/api/v1/audit-events?actor_id=%ff&record_id=a%00", nil); r.StatusCode != 400 || r.Err(t).Error.Code != "bad_request" {
			t.Errorf("malformed audit filters: %d %s", r.StatusCode, r.Body)
		}
		r := c.API("POST", "/api/v1/staff", map[string]string{"name": "Cal C", "email": "cal@example.org", "role": "clinician", "password": apptest.StrongPassword, "supervisor_id": "\xff"})
		if r.StatusCode != 422 || r.Err(t).Error.Fields["supervisor_id"] == "" {
			t.Errorf("a malformed supervisor id: %d %s", r.StatusCode, r.Body)
		}
	})
}
