package account_test

import (
	"bytes"
	"errors"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/pquerna/otp/totp"

	"tend/internal/account"
	"tend/internal/apptest"
	"tend/internal/audit"
	"tend/internal/db"
	"tend/internal/id"
	"tend/internal/model"
	"tend/internal/store"
	"tend/internal/testdb"
)

// fieldMessage returns err's message for field, or "" when err is not a validation error on it.
func fieldMessage(err error, field string) string {
	var ve *model.ValidationError
	if !errors.As(err, &ve) {
		return ""
	}
	return ve.Fields[field]
}

// actions counts the practice's audit events of an action by outcome.
func actions(t *testing.T, h *apptest.Harness, practiceID, action string) map[string]int {
	t.Helper()
	res, err := h.App.Audit.Search(ctx, model.Principal{PracticeID: practiceID, Role: model.RoleOwner}, audit.Query{Action: action, PerPage: 100})
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]int{}
	for _, e := range res.Events {
		out[e.Outcome+":"+e.Detail]++
	}
	return out
}

// passwordStep signs in with the password and fails unless a second step is asked for.
func passwordStep(t *testing.T, h *apptest.Harness, email string) string {
	t.Helper()
	res, err := h.App.Accounts.Login(ctx, email, apptest.StrongPassword, "10.0.0.9", "", "")
	if err != nil {
		t.Fatalf("password step: %v", err)
	}
	if !res.SecondStep || res.Token == "" {
		t.Fatalf("login of an account with two-step sign-in gave %+v, want a second step", res)
	}
	return res.Token
}

// TR-2: setting up two-step sign-in: a QR code and a secret, turned on only by a right code; ten recovery
// codes; the secret is sealed at rest.
func TestTwoStepEnrolment(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		h := apptest.New(t, d)
		_, owner := h.Setup()
		p := apptest.As(owner)
		setup, err := h.App.Accounts.StartTwoStep(ctx, p)
		if err != nil {
			t.Fatal(err)
		}
		if len(setup.Secret) != 32 || !bytes.HasPrefix(setup.QRCode, []byte("\x89PNG")) ||
			!strings.HasPrefix(setup.URI, "otpauth://totp/Harbor%20Counseling:owner@example.org?") || !strings.Contains(setup.URI, "secret="+setup.Secret) {
			t.Fatalf("setup = secret %q, URI %q, %d bytes of QR code", setup.Secret, setup.URI, len(setup.QRCode))
		}
		if g := setup.GroupedSecret(); len(g) != 39 || strings.ReplaceAll(g, " ", "") != setup.Secret {
			t.Fatalf("grouped secret %q", g)
		}
		again, err := h.App.Accounts.PendingTwoStep(ctx, p)
		if err != nil || again.Secret != setup.Secret {
			t.Fatalf("pending setup = %q, %v; want the same secret", again.Secret, err)
		}
		var sealedSecret string
		if err := d.R.QueryRowContext(ctx, `SELECT secret FROM staff_two_step WHERE staff_id = $1`, owner.ID).Scan(&sealedSecret); err != nil {
			t.Fatal(err)
		}
		if strings.Contains(sealedSecret, setup.Secret) || !strings.HasPrefix(sealedSecret, "v1:") {
			t.Fatalf("the secret is stored as %q", sealedSecret)
		}

		// Not on until confirmed: the password alone still signs in.
		if res, err := h.App.Accounts.Login(ctx, "owner@example.org", apptest.StrongPassword, "", "", ""); err != nil || res.SecondStep {
			t.Fatalf("before confirming: %+v, %v", res, err)
		}
		for _, bad := range []string{"", "12345", "abcdef", "000000"} {
			if _, err := h.App.Accounts.ConfirmTwoStep(ctx, p, bad); fieldMessage(err, "code") == "" {
				t.Errorf("confirming with %q: err = %v, want a message on code", bad, err)
			}
		}
		codes, err := h.App.Accounts.ConfirmTwoStep(ctx, p, " "+h.Code(setup.Secret)[:3]+" "+h.Code(setup.Secret)[3:])
		if err != nil {
			t.Fatalf("confirming with the right code: %v", err)
		}
		shape := regexp.MustCompile(`^[2-9a-hjkmnp-z]{5}-[2-9a-hjkmnp-z]{5}$`)
		seen := map[string]bool{}
		for _, c := range codes {
			if !shape.MatchString(c) || seen[c] {
				t.Errorf("recovery code %q is malformed or repeated", c)
			}
			seen[c] = true
		}
		if len(codes) != account.RecoveryCodeCount {
			t.Fatalf("%d recovery codes, want %d", len(codes), account.RecoveryCodeCount)
		}
		var stored int
		if err := d.R.QueryRowContext(ctx, `SELECT COUNT(*) FROM staff_recovery_codes WHERE staff_id = $1 AND code_hash = $2`, owner.ID, codes[0]).Scan(&stored); err != nil || stored != 0 {
			t.Fatalf("a recovery code is stored as it is (%d, %v)", stored, err)
		}
		st, err := h.App.Accounts.TwoStep(ctx, p)
		if err != nil || !st.On || st.RecoveryCodesLeft != 10 || !st.Since.Equal(h.Clock.Now()) {
			t.Fatalf("status = %+v, %v", st, err)
		}
		if _, err := h.App.Accounts.StartTwoStep(ctx, p); !errors.Is(err, model.ErrConflict) {
			t.Fatalf("starting again while on: %v, want a conflict", err)
		}
		if _, err := h.App.Accounts.PendingTwoStep(ctx, p); !errors.Is(err, model.ErrNotFound) {
			t.Fatalf("the confirmed secret is shown again: %v", err)
		}
		if got := actions(t, h, owner.PracticeID, "auth.mfa_enabled"); got["success:"] != 1 {
			t.Fatalf("audit: %v", got)
		}
		passwordStep(t, h, "owner@example.org")
	})
}

// TR-2 (bad input): after the password, a code from the app signs in; a wrong code, a code already used
// in its window, or a code from an older step than the last used one is refused. ±1 step is accepted.
func TestSecondStepCodes(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		h := apptest.New(t, d)
		_, owner := h.Setup()
		secret, _ := h.EnrolTwoStep(owner)
		code := func(offset time.Duration) string {
			c, err := totp.GenerateCode(secret, h.Clock.Now().Add(offset))
			if err != nil {
				t.Fatal(err)
			}
			return c
		}
		h.Clock.Advance(30 * time.Second) // the code that confirmed the setup is used

		tok := passwordStep(t, h, "owner@example.org")
		if _, err := h.App.Accounts.Authenticate(ctx, tok, ""); !errors.Is(err, model.ErrUnauthenticated) {
			t.Fatalf("the waiting sign-in works as a session: %v", err)
		}
		if err := h.App.Accounts.SecondStepWaiting(ctx, tok); err != nil {
			t.Fatalf("waiting: %v", err)
		}
		wrong := "000000"
		if wrong == code(0) {
			wrong = "000001"
		}
		if _, err := h.App.Accounts.VerifySecondStep(ctx, tok, wrong, "", "", ""); !strings.Contains(fieldMessage(err, "code"), "not right") {
			t.Fatalf("wrong code: %v", err)
		}
		for _, bad := range []string{"", "12 34", "one two three"} {
			if _, err := h.App.Accounts.VerifySecondStep(ctx, tok, bad, "", "", ""); fieldMessage(err, "code") == "" {
				t.Fatalf("code %q: %v, want a message on code", bad, err)
			}
		}
		res, err := h.App.Accounts.VerifySecondStep(ctx, tok, code(0), "10.0.0.9", "", "")
		if err != nil {
			t.Fatalf("right code: %v", err)
		}
		if res.Token == tok || res.Token == "" || res.SecondStep {
			t.Fatalf("second step gave %+v", res)
		}
		if p, err := h.App.Accounts.Authenticate(ctx, res.Token, ""); err != nil || !p.TwoStepOn {
			t.Fatalf("the new session: %+v, %v", p, err)
		}
		if _, err := h.App.Accounts.VerifySecondStep(ctx, tok, code(0), "", "", ""); !errors.Is(err, account.ErrSignInExpired) {
			t.Fatalf("the finished sign-in was used again: %v", err)
		}

		// The same code again, within its window: refused.
		tok = passwordStep(t, h, "owner@example.org")
		if _, err := h.App.Accounts.VerifySecondStep(ctx, tok, code(0), "", "", ""); !strings.Contains(fieldMessage(err, "code"), "already used") {
			t.Fatalf("reused code: %v, want refused as already used", err)
		}
		// The step before the one used is within the skew but older: refused too.
		if _, err := h.App.Accounts.VerifySecondStep(ctx, tok, code(-30*time.Second), "", "", ""); !strings.Contains(fieldMessage(err, "code"), "already used") {
			t.Fatalf("an older step's code: %v, want refused as already used", err)
		}
		// Two steps ahead is outside the skew; one step ahead (a phone a little fast) is accepted.
		if _, err := h.App.Accounts.VerifySecondStep(ctx, tok, code(60*time.Second), "", "", ""); !strings.Contains(fieldMessage(err, "code"), "not right") {
			t.Fatalf("a code two steps ahead: %v, want refused", err)
		}
		if _, err := h.App.Accounts.VerifySecondStep(ctx, tok, code(30*time.Second), "", "", ""); err != nil {
			t.Fatalf("a code one step ahead: %v", err)
		}
		// Which makes the current step's code used too.
		h.Clock.Advance(10 * time.Second)
		tok = passwordStep(t, h, "owner@example.org")
		if _, err := h.App.Accounts.VerifySecondStep(ctx, tok, code(0), "", "", ""); !strings.Contains(fieldMessage(err, "code"), "already used") {
			t.Fatalf("the step before the newest used one: %v", err)
		}
		h.Clock.Advance(30 * time.Second)
		if _, err := h.App.Accounts.VerifySecondStep(ctx, tok, code(30*time.Second), "", "", ""); err != nil {
			t.Fatalf("the next code: %v", err)
		}
		got := actions(t, h, owner.PracticeID, "auth.mfa_failed")
		if got["failure:wrong_code"] != 2 || got["failure:code_reused"] != 3 {
			t.Fatalf("audited refusals: %v", got)
		}
		if got := actions(t, h, owner.PracticeID, "auth.login"); got["success:two_step=app"] != 3 {
			t.Fatalf("audited sign-ins: %v", got)
		}
	})
}

// TR-2 (bad input): a recovery code signs in once; the second time it is refused.
func TestRecoveryCodeSingleUse(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		h := apptest.New(t, d)
		_, owner := h.Setup()
		_, codes := h.EnrolTwoStep(owner)
		tok := passwordStep(t, h, "owner@example.org")
		typed := strings.ToUpper(strings.ReplaceAll(codes[3], "-", " - "))
		if _, err := h.App.Accounts.VerifySecondStep(ctx, tok, typed, "", "", ""); err != nil {
			t.Fatalf("recovery code %q: %v", typed, err)
		}
		st, _ := h.App.Accounts.TwoStep(ctx, apptest.As(owner))
		if st.RecoveryCodesLeft != 9 {
			t.Fatalf("%d recovery codes left, want 9", st.RecoveryCodesLeft)
		}
		tok = passwordStep(t, h, "owner@example.org")
		if _, err := h.App.Accounts.VerifySecondStep(ctx, tok, codes[3], "", "", ""); !strings.Contains(fieldMessage(err, "code"), "already used") {
			t.Fatalf("the same recovery code again: %v, want refused as already used", err)
		}
		if _, err := h.App.Accounts.VerifySecondStep(ctx, tok, "zzzzz-zzzzz", "", "", ""); !strings.Contains(fieldMessage(err, "code"), "not right") {
			t.Fatalf("a made-up recovery code: %v", err)
		}
		if got := actions(t, h, owner.PracticeID, "auth.recovery_code_used"); got["success:left=9"] != 1 {
			t.Fatalf("audit: %v", got)
		}
		if got := actions(t, h, owner.PracticeID, "auth.mfa_failed"); got["failure:recovery_code_reused"] != 1 {
			t.Fatalf("audit: %v", got)
		}
	})
}

// TR-2: wrong codes are throttled like passwords: after ThrottleAttempts in the window even the right
// code waits; audited; the waiting sign-in lasts five minutes.
func TestSecondStepThrottleAndExpiry(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		h := apptest.New(t, d)
		_, owner := h.Setup()
		secret, _ := h.EnrolTwoStep(owner)
		h.Clock.Advance(30 * time.Second)
		tok := passwordStep(t, h, "owner@example.org")
		wrong := "111111"
		if wrong == h.Code(secret) {
			wrong = "222222"
		}
		for i := 0; i < account.ThrottleAttempts; i++ {
			if _, err := h.App.Accounts.VerifySecondStep(ctx, tok, wrong, "", "", ""); fieldMessage(err, "code") == "" {
				t.Fatalf("wrong code %d: %v", i+1, err)
			}
		}
		var te *model.ThrottledError
		if _, err := h.App.Accounts.VerifySecondStep(ctx, tok, h.Code(secret), "", "", ""); !errors.As(err, &te) {
			t.Fatalf("the right code after %d wrong ones: %v, want throttled", account.ThrottleAttempts, err)
		}
		// A new password step does not reset the count of wrong codes.
		tok = passwordStep(t, h, "owner@example.org")
		if _, err := h.App.Accounts.VerifySecondStep(ctx, tok, h.Code(secret), "", "", ""); !errors.As(err, &te) {
			t.Fatalf("after signing in with the password again: %v, want still throttled", err)
		}
		if got := actions(t, h, owner.PracticeID, "auth.mfa_failed"); got["failure:wrong_code"] != account.ThrottleAttempts || got["denied:throttled"] != 2 {
			t.Fatalf("audit: %v", got)
		}
		h.Clock.Advance(account.ThrottleWindow)
		tok = passwordStep(t, h, "owner@example.org")
		h.Clock.Advance(4 * time.Minute)
		if _, err := h.App.Accounts.VerifySecondStep(ctx, tok, h.Code(secret), "", "", ""); err != nil {
			t.Fatalf("after the window: %v", err)
		}
		tok = passwordStep(t, h, "owner@example.org")
		h.Clock.Advance(5 * time.Minute)
		if _, err := h.App.Accounts.VerifySecondStep(ctx, tok, h.Code(secret), "", "", ""); !errors.Is(err, account.ErrSignInExpired) {
			t.Fatalf("after five minutes: %v, want ErrSignInExpired", err)
		}
		if _, err := h.App.Accounts.VerifySecondStep(ctx, "", h.Code(secret), "", "", ""); !errors.Is(err, account.ErrSignInExpired) {
			t.Fatalf("no waiting sign-in: %v", err)
		}
	})
}

// TR-2: turning two-step off and making new recovery codes need the password; both are audited.
func TestTwoStepChangesNeedPassword(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		h := apptest.New(t, d)
		_, owner := h.Setup()
		p := apptest.As(owner)
		_, codes := h.EnrolTwoStep(owner)
		for _, pw := range []string{"", "not my password"} {
			if err := h.App.Accounts.DisableTwoStep(ctx, p, pw); fieldMessage(err, "password") == "" {
				t.Fatalf("turning off with %q: %v, want a message on password", pw, err)
			}
			if _, err := h.App.Accounts.RegenerateRecoveryCodes(ctx, p, pw); fieldMessage(err, "password") == "" {
				t.Fatalf("new codes with %q: %v, want a message on password", pw, err)
			}
		}
		fresh, err := h.App.Accounts.RegenerateRecoveryCodes(ctx, p, apptest.StrongPassword)
		if err != nil || len(fresh) != account.RecoveryCodeCount {
			t.Fatalf("new codes: %d, %v", len(fresh), err)
		}
		tok := passwordStep(t, h, "owner@example.org")
		if _, err := h.App.Accounts.VerifySecondStep(ctx, tok, codes[0], "", "", ""); !strings.Contains(fieldMessage(err, "code"), "not right") {
			t.Fatalf("an old recovery code after new ones were made: %v", err)
		}
		if err := h.App.Accounts.DisableTwoStep(ctx, p, apptest.StrongPassword); err != nil {
			t.Fatal(err)
		}
		if _, err := h.App.Accounts.VerifySecondStep(ctx, tok, fresh[0], "", "", ""); !errors.Is(err, account.ErrSignInExpired) {
			t.Fatalf("a sign-in waiting from before two-step was turned off: %v", err)
		}
		if res, err := h.App.Accounts.Login(ctx, "owner@example.org", apptest.StrongPassword, "", "", ""); err != nil || res.SecondStep {
			t.Fatalf("after turning off: %+v, %v", res, err)
		}
		var rows int
		if err := d.R.QueryRowContext(ctx, `SELECT (SELECT COUNT(*) FROM staff_two_step) + (SELECT COUNT(*) FROM staff_recovery_codes)`).Scan(&rows); err != nil || rows != 0 {
			t.Fatalf("%d secret and code rows remain (%v)", rows, err)
		}
		if err := h.App.Accounts.DisableTwoStep(ctx, p, apptest.StrongPassword); !errors.Is(err, model.ErrConflict) {
			t.Fatalf("turning off twice: %v", err)
		}
		if got := actions(t, h, owner.PracticeID, "auth.mfa_disabled"); got["success:"] != 1 || got["failure:password_mismatch"] != 1 {
			t.Fatalf("audit: %v", got)
		}
		if got := actions(t, h, owner.PracticeID, "auth.recovery_codes_regenerated"); got["success:"] != 1 || got["failure:password_mismatch"] != 1 {
			t.Fatalf("audit: %v", got)
		}
	})
}

// TR-2: the owner requires two-step sign-in only after setting it up themself; then a colleague without
// it, by session or API token, may do nothing but set it up, change their password, read their account
// and sign out.
func TestPracticeRequiresTwoStep(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		h := apptest.New(t, d)
		_, owner := h.Setup()
		on := true
		_, err := h.App.Accounts.ChangePracticeSettings(ctx, apptest.As(owner), model.PracticeSettingsChange{RequireTwoStep: &on})
		if !strings.Contains(fieldMessage(err, "require_two_step"), "your own account first") {
			t.Fatalf("requiring it without having it: %v", err)
		}
		h.EnrolTwoStep(owner)
		pr, err := h.App.Accounts.ChangePracticeSettings(ctx, apptest.As(owner), model.PracticeSettingsChange{RequireTwoStep: &on})
		if err != nil || !pr.RequireTwoStep {
			t.Fatalf("requiring it: %+v, %v", pr, err)
		}
		cal := h.AddStaff(owner, "Cal Clinician", "cal@example.org", model.RoleClinician)
		res, err := h.App.Accounts.Login(ctx, "cal@example.org", apptest.StrongPassword, "", "", "")
		if err != nil || res.SecondStep {
			t.Fatalf("a colleague without two-step signs in with the password: %+v, %v", res, err)
		}
		p, err := h.App.Accounts.Authenticate(ctx, res.Token, "")
		if err != nil || !p.MustEnrolTwoStep {
			t.Fatalf("principal = %+v, %v; want MustEnrolTwoStep", p, err)
		}
		_, secret, err := h.App.Accounts.CreateTokenForEmail(ctx, "cal@example.org", model.TokenInput{Name: "script"})
		if err != nil {
			t.Fatal(err)
		}
		tp, err := h.App.Accounts.AuthenticateToken(ctx, secret, "")
		if err != nil || !tp.MustEnrolTwoStep {
			t.Fatalf("token principal = %+v, %v; want MustEnrolTwoStep", tp, err)
		}
		for action, want := range map[string]error{account.ActionTwoStep: nil, account.ActionChangePassword: nil, account.ActionReadSelf: nil,
			account.ActionLogout: nil, "": account.ErrTwoStepRequired} {
			if err := account.CheckTwoStepEnrolment(p, action); !errors.Is(err, want) && err != want {
				t.Errorf("action %q: %v, want %v", action, err, want)
			}
		}
		h.EnrolTwoStep(cal)
		if p, err := h.App.Accounts.AuthenticateToken(ctx, secret, ""); err != nil || p.MustEnrolTwoStep || account.CheckTwoStepEnrolment(p, "") != nil {
			t.Fatalf("after setting it up: %+v, %v", p, err)
		}
		if got := actions(t, h, owner.PracticeID, "practice.update"); got["success:require_two_step=true"] != 1 {
			t.Fatalf("audit: %v", got)
		}
	})
}

// TR-2: an owner or admin resets a colleague's two-step sign-in (a lost phone): audited, their sessions
// end; admins never reset an owner's, nobody their own, and another practice's staff is not found.
func TestResetTwoStep(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		h := apptest.New(t, d)
		_, owner := h.Setup()
		_, otherOwner := h.AddPractice("Elsewhere", "other@elsewhere.example")
		admin := h.AddStaff(owner, "Ada Admin", "ada@example.org", model.RoleAdmin)
		cal := h.AddStaff(owner, "Cal Clinician", "cal@example.org", model.RoleClinician)
		h.EnrolTwoStep(owner)
		h.EnrolTwoStep(admin)
		secret, _ := h.EnrolTwoStep(cal)
		h.Clock.Advance(30 * time.Second)
		tok := passwordStep(t, h, "cal@example.org")
		res, err := h.App.Accounts.VerifySecondStep(ctx, tok, h.Code(secret), "", "", "")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := h.App.Accounts.ResetTwoStep(ctx, apptest.As(cal), admin.ID); !errors.Is(err, model.ErrForbidden) {
			t.Fatalf("a clinician resets an admin's: %v", err)
		}
		if _, err := h.App.Accounts.ResetTwoStep(ctx, apptest.As(admin), owner.ID); !errors.Is(err, model.ErrForbidden) {
			t.Fatalf("an admin resets an owner's: %v", err)
		}
		if _, err := h.App.Accounts.ResetTwoStep(ctx, apptest.As(admin), admin.ID); !errors.Is(err, model.ErrConflict) {
			t.Fatalf("an admin resets their own: %v", err)
		}
		if _, err := h.App.Accounts.ResetTwoStep(ctx, apptest.As(otherOwner), cal.ID); !errors.Is(err, model.ErrNotFound) {
			t.Fatalf("another practice's owner: %v", err)
		}
		if _, err := h.App.Accounts.ResetTwoStep(ctx, apptest.As(admin), id.New()); !errors.Is(err, model.ErrNotFound) {
			t.Fatalf("a missing staff member: %v", err)
		}
		st, err := h.App.Accounts.ResetTwoStep(ctx, apptest.As(admin), cal.ID)
		if err != nil || st.TwoStepOn() {
			t.Fatalf("admin resets a clinician's: %+v, %v", st, err)
		}
		if _, err := h.App.Accounts.Authenticate(ctx, res.Token, ""); !errors.Is(err, model.ErrUnauthenticated) {
			t.Fatalf("the clinician's session survived the reset: %v", err)
		}
		if r, err := h.App.Accounts.Login(ctx, "cal@example.org", apptest.StrongPassword, "", "", ""); err != nil || r.SecondStep {
			t.Fatalf("after the reset: %+v, %v", r, err)
		}
		if _, err := h.App.Accounts.ResetTwoStep(ctx, apptest.As(admin), cal.ID); !errors.Is(err, model.ErrConflict) {
			t.Fatalf("resetting again: %v", err)
		}
		if _, err := h.App.Accounts.ResetTwoStep(ctx, apptest.As(owner), admin.ID); err != nil {
			t.Fatalf("the owner resets an admin's: %v", err)
		}
		if got := actions(t, h, owner.PracticeID, "auth.mfa_reset"); got["success:recovery_codes_left=10"] != 2 {
			t.Fatalf("audit: %v", got)
		}
	})
}

// TR-2: a password reset by email recovers the password only; two-step sign-in stays on.
func TestPasswordResetKeepsTwoStep(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		h := apptest.New(t, d)
		_, owner := h.Setup()
		h.EnrolTwoStep(owner)
		token := id.Token(32)
		now := h.Clock.Now()
		err := h.App.Accounts.Store.Tx(ctx, func(q store.Q) error {
			return store.InsertPasswordReset(ctx, q, id.HashToken(token), owner.ID, "reset", now, now.Add(time.Hour))
		})
		if err != nil {
			t.Fatal(err)
		}
		if err := h.App.Accounts.ResetPassword(ctx, token, "a brand new long passphrase", ""); err != nil {
			t.Fatal(err)
		}
		res, err := h.App.Accounts.Login(ctx, "owner@example.org", "a brand new long passphrase", "", "", "")
		if err != nil || !res.SecondStep {
			t.Fatalf("after a password reset: %+v, %v; want the second step still asked", res, err)
		}
	})
}

// TR-2 (bad input): one code sent from two places at the same moment signs in once: the check that the
// step is newer than the last one used and the update are one statement.
func TestSecondStepCodeRace(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		h := apptest.New(t, d)
		_, owner := h.Setup()
		secret, _ := h.EnrolTwoStep(owner)
		h.Clock.Advance(30 * time.Second)
		const n = 6
		toks := make([]string, n)
		for i := range toks {
			toks[i] = passwordStep(t, h, "owner@example.org")
		}
		code := h.Code(secret)
		errs := make(chan error, n)
		start := make(chan struct{})
		for _, tok := range toks {
			go func() {
				<-start
				_, err := h.App.Accounts.VerifySecondStep(ctx, tok, code, "", "", "")
				errs <- err
			}()
		}
		close(start)
		ok, reused := 0, 0
		for range n {
			switch err := <-errs; {
			case err == nil:
				ok++
			case strings.Contains(fieldMessage(err, "code"), "already used"):
				reused++
			default:
				t.Errorf("unexpected: %v", err)
			}
		}
		if ok != 1 || reused != n-1 {
			t.Fatalf("%d sign-ins and %d refusals with one code; want 1 and %d", ok, reused, n-1)
		}
	})
}
