package app_test

import (
	"database/sql"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Issue 12, item 4: an event planted beyond a practice's recorded head no longer blocks that
// practice's audited writes (they used to fail with a conflict), and `tend audit verify` names it.
// Proves TR-1.
func TestPlantedAuditEventBlocksNothing(t *testing.T) {
	t.Parallel()
	engines(t, func(t *testing.T, env map[string]string) {
		pw := filepath.Join(env["TEND_DATA_DIR"], "pw.txt")
		if err := os.WriteFile(pw, []byte("correct horse battery staple\n"), 0o600); err != nil {
			t.Fatal(err)
		}
		if code, _, errOut := run(t, env, "", "migrate"); code != 0 {
			t.Fatalf("migrate: %d %q", code, errOut)
		}
		if code, _, errOut := run(t, env, "", "setup", "--practice", "Harbor Counseling", "--name", "Olivia Owner", "--email", "owner@example.org", "--password-file", pw); code != 0 {
			t.Fatalf("setup: %d %q", code, errOut)
		}
		d, err := sql.Open(driver(env), dsn(env))
		if err != nil {
			t.Fatal(err)
		}
		defer d.Close()
		var chain, head string
		var seq int64
		if err := d.QueryRow(`SELECT chain, seq, hash FROM audit_chains WHERE chain <> 'installation'`).Scan(&chain, &seq, &head); err != nil {
			t.Fatal(err)
		}
		if _, err := d.Exec(`INSERT INTO audit_events (id, chain, seq, practice_id, at, actor_type, actor_id, actor_role, action,
			record_type, record_id, chart_id, ip, outcome, detail, prev_hash, hash)
			VALUES ('planted', $1, $2, $1, 0, 'staff', 'x', 'owner', 'staff.create', '', '', '', '', 'success', '', $3, 'forged')`, chain, seq+1, head); err != nil {
			t.Fatal(err)
		}
		if code, _, errOut := run(t, env, "", "audit", "verify"); code == 0 || !strings.Contains(errOut, "beyond the chain's recorded head") || !strings.Contains(errOut, "event planted") {
			t.Fatalf("audit verify with a planted event beyond the head: %d %q", code, errOut)
		}
		if code, out, errOut := run(t, env, "", "user", "add", "--practice", "harbor-counseling", "--email", "cal@example.org", "--name", "Cal", "--role", "clinician", "--password-file", pw); code != 0 || !strings.Contains(out, "as clinician") {
			t.Fatalf("an audited write after a planted event: %d %q %q", code, out, errOut)
		}
		if code, _, errOut := run(t, env, "", "audit", "verify"); code == 0 || !strings.Contains(errOut, "event planted") || !strings.Contains(errOut, "not written by Tend") {
			// The head has moved past the planted row, which now sits inside the chain and still fails.
			t.Fatalf("audit verify after appending past a planted event: %d %q", code, errOut)
		}
	})
}
