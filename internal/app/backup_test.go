package app_test

import (
	"database/sql"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Issue 11, item 6: tend backup makes an online copy (SQLite) and refuses to overwrite one without
// --force; on PostgreSQL it explains pg_dump. tend doctor names a damaged search index with the
// command that mends it, and a database newer than the binary is refused.
func TestBackupDoctorAndNewerSchema(t *testing.T) {
	t.Parallel()
	engines(t, func(t *testing.T, env map[string]string) {
		pw := filepath.Join(env["TEND_DATA_DIR"], "pw.txt")
		if err := os.WriteFile(pw, []byte("correct horse battery staple\n"), 0o600); err != nil {
			t.Fatal(err)
		}
		if code, out, errOut := run(t, env, "", "setup", "--practice", "Harbor Counseling", "--name", "Olivia Owner", "--email", "owner@example.org", "--password-file", pw); code != 0 {
			t.Fatalf("setup: %d %q %q", code, out, errOut)
		}
		if code, out, errOut := run(t, env, "", "doctor"); code != 0 || !strings.Contains(out, "all checks passed") {
			t.Fatalf("doctor on a sound installation: %d %q %q", code, out, errOut)
		}
		copyPath := filepath.Join(t.TempDir(), "copy.db")
		code, out, errOut := run(t, env, "", "backup", "--out", copyPath)
		if env["TEND_DATABASE_URL"] != "" {
			if code == 0 || !strings.Contains(errOut, "pg_dump") {
				t.Fatalf("backup on PostgreSQL: %d %q %q", code, out, errOut)
			}
		} else {
			if code != 0 {
				t.Fatalf("backup: %d %q %q", code, out, errOut)
			}
			// The copy is a working installation whose audit log verifies with the same key.
			copyEnv := map[string]string{"TEND_DATA_DIR": env["TEND_DATA_DIR"], "TEND_DATABASE_URL": "sqlite:" + copyPath}
			if code, out, errOut := run(t, copyEnv, "", "doctor"); code != 0 {
				t.Fatalf("doctor on the copy: %d %q %q", code, out, errOut)
			}
			if code, _, errOut := run(t, env, "", "backup", "--out", copyPath); code == 0 || !strings.Contains(errOut, "--force") {
				t.Fatalf("backup onto an existing file: %d %q", code, errOut)
			}
			if code, out, errOut := run(t, env, "", "backup", "--out", copyPath, "--force"); code != 0 {
				t.Fatalf("backup --force: %d %q %q", code, out, errOut)
			}
			if code, _, errOut := run(t, env, "", "backup", "--out", dsn(env)); code == 0 || !strings.Contains(errOut, "live database") {
				t.Fatalf("backup onto the live database: %d %q", code, errOut)
			}
		}

		d, err := sql.Open(driver(env), dsn(env))
		if err != nil {
			t.Fatal(err)
		}
		defer d.Close()
		damage := `INSERT INTO charts_fts (rowid, search_text) VALUES (4242, 'nobody here')` // an entry no chart has
		if env["TEND_DATABASE_URL"] != "" {
			damage = `UPDATE pg_index SET indisvalid = false WHERE indexrelid = 'charts_search_trgm'::regclass`
		}
		if _, err := d.Exec(damage); err != nil {
			t.Fatal(err)
		}
		if code, out, _ := run(t, env, "", "doctor"); code == 0 || !strings.Contains(out, "search index") || !strings.Contains(out, "tend search rebuild") {
			t.Fatalf("doctor on a damaged index: %d %q", code, out)
		}
		if code, out, errOut := run(t, env, "", "search", "rebuild"); code != 0 {
			t.Fatalf("search rebuild: %d %q %q", code, out, errOut)
		}
		if code, out, errOut := run(t, env, "", "doctor"); code != 0 {
			t.Fatalf("doctor after the rebuild: %d %q %q", code, out, errOut)
		}

		if _, err := d.Exec(`INSERT INTO schema_migrations (version, name, applied_at) VALUES (9999, 'from_the_future', 0)`); err != nil {
			t.Fatal(err)
		}
		for _, cmd := range [][]string{{"migrate"}, {"serve", "--addr", "127.0.0.1:0"}} {
			if code, _, errOut := run(t, env, "", cmd...); code == 0 || !strings.Contains(errOut, "newer than this binary") {
				t.Fatalf("%s on a newer database: %d %q", cmd[0], code, errOut)
			}
		}
		if code, out, _ := run(t, env, "", "doctor"); code == 0 || !strings.Contains(out, "newer than this tend") {
			t.Fatalf("doctor on a newer database: %d %q", code, out)
		}
	})
}
