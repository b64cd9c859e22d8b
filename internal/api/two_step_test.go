package api_test

import (
	"bytes"
	"encoding/base64"
	"net/http"
	"strings"
	"testing"
	"time"

	"tend/internal/apptest"
	"tend/internal/db"
	"tend/internal/model"
	"tend/internal/testdb"
)

type twoStepStatus struct {
	Enabled            bool    `json:"enabled"`
	EnabledAt          *string `json:"enabled_at"`
	RecoveryCodesLeft  int     `json:"recovery_codes_left"`
	RequiredByPractice bool    `json:"required_by_practice"`
}

type recoveryCodes struct {
	RecoveryCodes []string `json:"recovery_codes"`
}

// TR-2: two-step sign-in through the API: set up (secret, otpauth URI, QR code), confirm for recovery
// codes, the second step of the sign-in refusing reused codes and used recovery codes, new codes and
// turning off with the password; structured errors throughout.
func TestTwoStepAPI(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		h := apptest.New(t, d)
		h.Setup()
		c := h.Client()
		c.Login("owner@example.org", apptest.StrongPassword)
		var st twoStepStatus
		c.API("GET", "/api/v1/me/two-step", nil).JSON(t, &st)
		if st.Enabled || st.EnabledAt != nil {
			t.Fatalf("status before: %+v", st)
		}
		r := c.API("POST", "/api/v1/me/two-step/setup", nil)
		var setup struct {
			Secret      string `json:"secret"`
			OTPAuthURI  string `json:"otpauth_uri"`
			QRPNGBase64 string `json:"qr_png_base64"`
		}
		r.JSON(t, &setup)
		png, err := base64.StdEncoding.DecodeString(setup.QRPNGBase64)
		if r.StatusCode != http.StatusCreated || err != nil || !bytes.HasPrefix(png, []byte("\x89PNG")) || !strings.Contains(setup.OTPAuthURI, "secret="+setup.Secret) {
			t.Fatalf("setup: %d %s", r.StatusCode, r.Body)
		}
		r = c.API("POST", "/api/v1/me/two-step/confirm", map[string]string{"code": "abc"})
		if r.StatusCode != http.StatusUnprocessableEntity || r.Err(t).Error.Fields["code"] == "" {
			t.Fatalf("confirming with a bad code: %d %s", r.StatusCode, r.Body)
		}
		var rc recoveryCodes
		r = c.API("POST", "/api/v1/me/two-step/confirm", map[string]string{"code": h.Code(setup.Secret)})
		r.JSON(t, &rc)
		if r.StatusCode != 200 || len(rc.RecoveryCodes) != 10 {
			t.Fatalf("confirm: %d %s", r.StatusCode, r.Body)
		}
		c.API("GET", "/api/v1/me/two-step", nil).JSON(t, &st)
		if !st.Enabled || st.RecoveryCodesLeft != 10 {
			t.Fatalf("status after: %+v", st)
		}

		// Signing in: the password gives 202 and no session; the code gives the session.
		b := h.Client()
		r = b.API("POST", "/api/v1/auth/login", map[string]string{"email": "owner@example.org", "password": apptest.StrongPassword})
		if r.StatusCode != http.StatusAccepted || !strings.Contains(string(r.Body), `"two_step_required":true`) || b.Cookie("tend_session") != "" {
			t.Fatalf("password step: %d %s", r.StatusCode, r.Body)
		}
		if r := b.API("GET", "/api/v1/me", nil); r.StatusCode != http.StatusUnauthorized {
			t.Fatalf("me before the code: %d", r.StatusCode)
		}
		r = b.API("POST", "/api/v1/auth/two-step", map[string]string{"code": h.Code(setup.Secret)})
		if r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(r.Err(t).Error.Fields["code"], "already used") {
			t.Fatalf("the confirming code again: %d %s", r.StatusCode, r.Body)
		}
		h.Clock.Advance(30 * time.Second)
		var me meJSON
		r = b.API("POST", "/api/v1/auth/two-step", map[string]string{"code": h.Code(setup.Secret)})
		r.JSON(t, &me)
		if r.StatusCode != 200 || me.User.Email != "owner@example.org" || !strings.Contains(string(r.Body), `"two_step":true`) {
			t.Fatalf("second step: %d %s", r.StatusCode, r.Body)
		}
		if r := b.API("GET", "/api/v1/me", nil); r.StatusCode != 200 {
			t.Fatalf("me after the code: %d", r.StatusCode)
		}
		if r := b.API("POST", "/api/v1/auth/two-step", map[string]string{"code": h.Code(setup.Secret)}); r.StatusCode != http.StatusUnauthorized || r.Err(t).Error.Code != "sign_in_expired" {
			t.Fatalf("a second step with nothing waiting: %d %s", r.StatusCode, r.Body)
		}
		// A recovery code works once.
		for i, want := range []int{200, 422} {
			x := h.Client()
			x.API("POST", "/api/v1/auth/login", map[string]string{"email": "owner@example.org", "password": apptest.StrongPassword})
			if r := x.API("POST", "/api/v1/auth/two-step", map[string]string{"code": rc.RecoveryCodes[0]}); r.StatusCode != want {
				t.Fatalf("recovery code, use %d: %d %s", i+1, r.StatusCode, r.Body)
			}
		}

		r = c.API("POST", "/api/v1/me/two-step/recovery-codes", map[string]string{"password": "wrong wrong wrong"})
		if r.StatusCode != http.StatusUnprocessableEntity || r.Err(t).Error.Fields["password"] == "" {
			t.Fatalf("new codes, wrong password: %d %s", r.StatusCode, r.Body)
		}
		r = c.API("POST", "/api/v1/me/two-step/recovery-codes", map[string]string{"password": apptest.StrongPassword})
		r.JSON(t, &rc)
		if r.StatusCode != 200 || len(rc.RecoveryCodes) != 10 {
			t.Fatalf("new codes: %d %s", r.StatusCode, r.Body)
		}
		r = c.API("POST", "/api/v1/me/two-step/disable", map[string]string{})
		if r.StatusCode != http.StatusUnprocessableEntity || r.Err(t).Error.Fields["password"] == "" {
			t.Fatalf("turning off without the password: %d %s", r.StatusCode, r.Body)
		}
		if r := c.API("POST", "/api/v1/me/two-step/disable", map[string]string{"password": apptest.StrongPassword}); r.StatusCode != http.StatusNoContent {
			t.Fatalf("turning off: %d %s", r.StatusCode, r.Body)
		}
		if r := h.Client().API("POST", "/api/v1/auth/login", map[string]string{"email": "owner@example.org", "password": apptest.StrongPassword}); r.StatusCode != 200 {
			t.Fatalf("sign-in after turning off: %d", r.StatusCode)
		}
	})
}

// TR-2: the practice's requirement through the API: refused to an owner without two-step; once on, a
// colleague's API token reaches only their own account and the two-step routes (403 two_step_required,
// token creation included); an owner resets a colleague's two-step, a clinician may not.
func TestTwoStepRequirementAPI(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		h := apptest.New(t, d)
		_, owner := h.Setup()
		cal := h.AddStaff(owner, "Cal Clinician", "cal@example.org", model.RoleClinician)
		c := h.Client()
		c.Login("owner@example.org", apptest.StrongPassword)
		r := c.API("PATCH", "/api/v1/practice", map[string]bool{"require_two_step": true})
		if r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(r.Err(t).Error.Fields["require_two_step"], "your own account first") {
			t.Fatalf("requiring it without having it: %d %s", r.StatusCode, r.Body)
		}
		enrolAPI(t, h, c) // through the API, which keeps c's session (setting up ends the others)
		r = c.API("PATCH", "/api/v1/practice", map[string]bool{"require_two_step": true})
		if r.StatusCode != 200 || !strings.Contains(string(r.Body), `"require_two_step":true`) {
			t.Fatalf("requiring it: %d %s", r.StatusCode, r.Body)
		}
		if err := h.App.Accounts.ChangePassword(t.Context(), apptest.As(cal), apptest.StrongPassword, "my own quiet harbour", false); err != nil {
			t.Fatal(err)
		}
		_, secret, err := h.App.Accounts.CreateTokenForEmail(t.Context(), "cal@example.org", model.TokenInput{Name: "script"})
		if err != nil {
			t.Fatal(err)
		}
		tc := h.Client()
		tc.Bearer = secret
		for _, rt := range []struct{ method, path string }{{"GET", "/api/v1/clients"}, {"POST", "/api/v1/tokens"}, {"GET", "/api/v1/staff"}} {
			r := tc.API(rt.method, rt.path, map[string]string{"name": "another"})
			if rt.method == "GET" {
				r = tc.API(rt.method, rt.path, nil)
			}
			if r.StatusCode != http.StatusForbidden || r.Err(t).Error.Code != "two_step_required" {
				t.Errorf("%s %s with the token of someone without two-step: %d %s", rt.method, rt.path, r.StatusCode, r.Body)
			}
		}
		if r := tc.API("GET", "/api/v1/me", nil); r.StatusCode != 200 {
			t.Fatalf("me: %d", r.StatusCode)
		}
		var st twoStepStatus
		tc.API("GET", "/api/v1/me/two-step", nil).JSON(t, &st)
		if st.Enabled || !st.RequiredByPractice {
			t.Fatalf("status: %+v", st)
		}
		h.EnrolTwoStep(cal)
		if r := tc.API("GET", "/api/v1/clients", nil); r.StatusCode != 200 {
			t.Fatalf("the token after setting up two-step: %d %s", r.StatusCode, r.Body)
		}
		if r := tc.API("POST", "/api/v1/staff/"+owner.ID+"/two-step/reset", nil); r.StatusCode != http.StatusForbidden {
			t.Fatalf("a clinician resets the owner's: %d", r.StatusCode)
		}
		r = c.API("POST", "/api/v1/staff/"+cal.ID+"/two-step/reset", nil)
		if r.StatusCode != 200 || !strings.Contains(string(r.Body), `"two_step":false`) {
			t.Fatalf("the owner resets a clinician's: %d %s", r.StatusCode, r.Body)
		}
		if r := c.API("POST", "/api/v1/staff/"+cal.ID+"/two-step/reset", nil); r.StatusCode != http.StatusConflict {
			t.Fatalf("resetting again: %d %s", r.StatusCode, r.Body)
		}
		if r := tc.API("GET", "/api/v1/clients", nil); r.StatusCode != http.StatusForbidden {
			t.Fatalf("the token after the reset: %d", r.StatusCode)
		}
	})
}

// enrolAPI sets up two-step sign-in as the signed-in client.
func enrolAPI(t *testing.T, h *apptest.Harness, c *apptest.Client) {
	t.Helper()
	var setup struct {
		Secret string `json:"secret"`
	}
	c.API("POST", "/api/v1/me/two-step/setup", nil).JSON(t, &setup)
	if r := c.API("POST", "/api/v1/me/two-step/confirm", map[string]string{"code": h.Code(setup.Secret)}); r.StatusCode != 200 {
		t.Fatalf("confirm: %d %s", r.StatusCode, r.Body)
	}
}
