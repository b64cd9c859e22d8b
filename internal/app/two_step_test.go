package app_test

import (
	"database/sql"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TR-2: the operator's way back in for a practice's only owner who lost their phone and recovery codes:
// `tend user reset-two-step` turns two-step sign-in off for one email.
func TestResetTwoStepCommand(t *testing.T) {
	t.Parallel()
	engines(t, func(t *testing.T, env map[string]string) {
		pw := filepath.Join(env["TEND_DATA_DIR"], "pw.txt")
		if err := os.WriteFile(pw, []byte("correct horse battery staple\n"), 0o600); err != nil {
			t.Fatal(err)
		}
		if code, _, errOut := run(t, env, "", "setup", "--practice", "Harbor Counseling", "--name", "Olivia Owner", "--email", "owner@example.org", "--password-file", pw); code != 0 {
			t.Fatalf("setup: %d %q", code, errOut)
		}
		if code, _, errOut := run(t, env, "", "user", "reset-two-step", "--email", "owner@example.org"); code == 0 || !strings.Contains(errOut, "does not use two-step") {
			t.Fatalf("resetting an account without two-step: %d %q", code, errOut)
		}
		if code, _, errOut := run(t, env, "", "user", "reset-two-step", "--email", "nobody@example.org"); code == 0 || !strings.Contains(errOut, "no staff account") {
			t.Fatalf("an unknown email: %d %q", code, errOut)
		}
		d, err := sql.Open(driver(env), dsn(env))
		if err != nil {
			t.Fatal(err)
		}
		defer d.Close()
		// Two-step on, as the settings page leaves it (the secret's value does not matter here).
		if _, err := d.Exec(`UPDATE staff SET two_step_since = 1 WHERE email_norm = 'owner@example.org'`); err != nil {
			t.Fatal(err)
		}
		if _, err := d.Exec(`INSERT INTO staff_two_step (staff_id, secret, last_step, created_at) SELECT id, 'v1:x', 0, 1 FROM staff WHERE email_norm = 'owner@example.org'`); err != nil {
			t.Fatal(err)
		}
		code, out, errOut := run(t, env, "", "user", "reset-two-step", "--email", "Owner@Example.org")
		if code != 0 || !strings.Contains(out, "two-step sign-in is off for owner@example.org") {
			t.Fatalf("reset: %d %q %q", code, out, errOut)
		}
		var on, rows int
		if err := d.QueryRow(`SELECT (SELECT COUNT(*) FROM staff WHERE two_step_since IS NOT NULL), (SELECT COUNT(*) FROM staff_two_step)`).Scan(&on, &rows); err != nil || on+rows != 0 {
			t.Fatalf("after the reset: %d on, %d secrets (%v)", on, rows, err)
		}
		if code, out, errOut := run(t, env, "", "audit", "verify"); code != 0 || !strings.Contains(out, "audit log intact") {
			t.Fatalf("audit verify: %d %q %q", code, out, errOut)
		}
	})
}
