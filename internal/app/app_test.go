package app_test

import (
	"bytes"
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"strings"
	"testing"

	_ "modernc.org/sqlite"

	"tend/internal/app"
	"tend/internal/testdb"
)

// run runs a tend command with the given environment and returns its exit code and output.
func run(t *testing.T, env map[string]string, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code := app.Run(context.Background(), app.Env{
		Args: args, Getenv: func(k string) string { return env[k] }, Stdin: strings.NewReader(stdin), Stdout: &out, Stderr: &errOut,
	})
	return code, out.String(), errOut.String()
}

// engines yields an environment per database engine: SQLite in a data folder, and PostgreSQL when configured.
func engines(t *testing.T, fn func(t *testing.T, env map[string]string)) {
	t.Run("sqlite", func(t *testing.T) {
		fn(t, map[string]string{"TEND_DATA_DIR": t.TempDir()})
	})
	if admin := testdb.PostgresAdmin(t); admin != "" {
		t.Run("postgres", func(t *testing.T) {
			fn(t, map[string]string{"TEND_DATA_DIR": t.TempDir(), "TEND_DATABASE_URL": testdb.URL(t, admin)})
		})
	}
}

func TestCommands(t *testing.T) {
	t.Parallel()
	engines(t, func(t *testing.T, env map[string]string) {
		pw := filepath.Join(env["TEND_DATA_DIR"], "pw.txt")
		if err := os.WriteFile(pw, []byte("correct horse battery staple\n"), 0o600); err != nil {
			t.Fatal(err)
		}
		if code, out, errOut := run(t, env, "", "migrate"); code != 0 || !strings.Contains(out, "the schema is at version") {
			t.Fatalf("migrate: %d %q %q", code, out, errOut)
		}
		code, out, errOut := run(t, env, "", "setup", "--practice", "Harbor Counseling", "--name", "Olivia Owner", "--email", "owner@example.org", "--password-file", pw, "--time-zone", "America/Chicago")
		if code != 0 || !strings.Contains(out, "harbor-counseling") {
			t.Fatalf("setup: %d %q %q", code, out, errOut)
		}
		if code, _, errOut := run(t, env, "", "setup", "--practice", "Again", "--name", "X Y", "--email", "x@example.org", "--password-file", pw); code == 0 || !strings.Contains(errOut, "already set up") {
			t.Fatalf("second setup: %d %q", code, errOut)
		}
		if code, _, errOut := run(t, env, "", "practice", "add", "--name", "Elsewhere Therapy", "--owner-name", "Eve Else", "--owner-email", "OWNER@example.org", "--password-file", pw); code == 0 || !strings.Contains(errOut, "already exists") {
			t.Fatalf("practice add with a taken email: %d %q", code, errOut)
		}
		if code, out, errOut := run(t, env, "", "practice", "add", "--name", "Elsewhere Therapy", "--owner-name", "Eve Else", "--owner-email", "eve@elsewhere.example", "--password-file", pw); code != 0 || !strings.Contains(out, "elsewhere-therapy") {
			t.Fatalf("practice add: %d %q %q", code, out, errOut)
		}
		if code, _, errOut := run(t, env, "", "user", "add", "--email", "cal@example.org", "--name", "Cal", "--role", "clinician", "--password-file", pw); code == 0 || !strings.Contains(errOut, "--practice") {
			t.Fatalf("user add without --practice among two practices: %d %q", code, errOut)
		}
		if code, out, errOut := run(t, env, "correct horse battery staple\n", "user", "add", "--practice", "harbor-counseling", "--email", "cal@example.org", "--name", "Cal", "--role", "clinician", "--password-file", "-"); code != 0 || !strings.Contains(out, "as clinician") {
			t.Fatalf("user add: %d %q %q", code, out, errOut)
		}
		if code, _, errOut := run(t, env, "", "user", "add", "--practice", "harbor-counseling", "--email", "bad", "--name", "", "--role", "wizard", "--password-file", pw); code == 0 || !strings.Contains(errOut, "email:") || !strings.Contains(errOut, "role:") {
			t.Fatalf("user add with bad input: %d %q", code, errOut)
		}
		code, out, _ = run(t, env, "", "token", "create", "--email", "Cal@Example.org")
		if code != 0 || !strings.HasPrefix(out, "tend_") {
			t.Fatalf("token create: %d %q", code, out)
		}
		// Issue 12, item 4: a token may expire; a past date is refused, naming the flag's field. Proves TR-3.
		if code, out, errOut := run(t, env, "", "token", "create", "--email", "cal@example.org", "--expires-in-days", "30"); code != 0 || !strings.HasPrefix(out, "tend_") {
			t.Fatalf("token create --expires-in-days: %d %q %q", code, out, errOut)
		}
		if code, _, errOut := run(t, env, "", "token", "create", "--email", "cal@example.org", "--expires-at", "2020-01-01"); code == 0 || !strings.Contains(errOut, "expires_at:") {
			t.Fatalf("token create with a past date: %d %q", code, errOut)
		}
		if code, out, errOut := run(t, env, "", "audit", "verify"); code != 0 || !strings.Contains(out, "audit log intact") {
			t.Fatalf("audit verify: %d %q %q", code, out, errOut)
		}
		// Tamper with the log directly in the database: verify must fail and name the place.
		d, err := sql.Open(driver(env), dsn(env))
		if err != nil {
			t.Fatal(err)
		}
		defer d.Close()
		if _, err := d.Exec(`UPDATE audit_events SET outcome = 'failure' WHERE seq = 2 AND action = 'staff.create'`); err != nil {
			t.Fatal(err)
		}
		if code, _, errOut := run(t, env, "", "audit", "verify"); code == 0 || !strings.Contains(errOut, "sequence 2") || !strings.Contains(errOut, "changed") {
			t.Fatalf("audit verify after tampering: %d %q", code, errOut)
		}
	})
}

func driver(env map[string]string) string {
	if env["TEND_DATABASE_URL"] != "" {
		return "pgx"
	}
	return "sqlite"
}

func dsn(env map[string]string) string {
	if u := env["TEND_DATABASE_URL"]; u != "" {
		return u
	}
	return filepath.Join(env["TEND_DATA_DIR"], "tend.db")
}

func TestConfigMasksSecrets(t *testing.T) {
	t.Parallel()
	env := map[string]string{
		"TEND_DATA_DIR":     t.TempDir(),
		"TEND_SECRET_KEY":   strings.Repeat("ab", 32),
		"TEND_DATABASE_URL": "postgres://tend:hunter2secret@db.internal:5432/tend",
	}
	code, out, errOut := run(t, env, "", "config")
	if code != 0 {
		t.Fatalf("config: %d %q", code, errOut)
	}
	if strings.Contains(out, "hunter2secret") || strings.Contains(out, strings.Repeat("ab", 32)) {
		t.Fatalf("config printed a secret:\n%s", out)
	}
	for _, want := range []string{"TEND_ADDR", "127.0.0.1:8080", "postgres://tend:", "db.internal", "********"} {
		if !strings.Contains(out, want) {
			t.Errorf("config output lacks %q:\n%s", want, out)
		}
	}
	env["TEND_SECRET_KEY"] = "short"
	if code, _, errOut := run(t, env, "", "config"); code == 0 || !strings.Contains(errOut, "TEND_SECRET_KEY") {
		t.Fatalf("a short secret key was accepted: %d %q", code, errOut)
	}
}

func TestHelpAndUnknown(t *testing.T) {
	t.Parallel()
	code, out, _ := run(t, nil, "", "help")
	for _, cmd := range []string{"serve", "migrate", "setup", "practice add", "user add", "user reset-two-step", "token create", "config", "audit verify", "version"} {
		if !strings.Contains(out, cmd) {
			t.Errorf("help does not explain %q", cmd)
		}
	}
	if code != 0 {
		t.Fatalf("help exit %d", code)
	}
	if code, _, errOut := run(t, nil, "", "frobnicate"); code != 2 || !strings.Contains(errOut, "unknown command") {
		t.Fatalf("unknown command: %d %q", code, errOut)
	}
	if code, out, _ := run(t, nil, "", "version"); code != 0 || !strings.HasPrefix(out, "tend ") {
		t.Fatalf("version: %d %q", code, out)
	}
}

// The secret key is generated into the data folder on first use and reused afterwards.
func TestSecretGenerated(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	env := map[string]string{"TEND_DATA_DIR": dir}
	if code, _, errOut := run(t, env, "", "practice", "list"); code != 0 {
		t.Fatalf("practice list: %q", errOut)
	}
	b, err := os.ReadFile(filepath.Join(dir, "secret.key"))
	if err != nil || len(strings.TrimSpace(string(b))) != 64 {
		t.Fatalf("secret.key = %q, %v", b, err)
	}
	st, _ := os.Stat(filepath.Join(dir, "secret.key"))
	if st.Mode().Perm() != 0o600 {
		t.Fatalf("secret.key mode %v, want 0600", st.Mode().Perm())
	}
	run(t, env, "", "practice", "list")
	b2, _ := os.ReadFile(filepath.Join(dir, "secret.key"))
	if !bytes.Equal(b, b2) {
		t.Fatal("the secret key changed between runs")
	}
}
