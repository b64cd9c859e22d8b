package config

import (
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func load(t *testing.T, env map[string]string, args ...string) (Config, error) {
	t.Helper()
	c, fs := Load("tend", func(k string) string { return env[k] }, io.Discard)
	if err := fs.Parse(args); err != nil {
		return *c, err
	}
	return *c, c.Finish()
}

func TestDefaultsAndPrecedence(t *testing.T) {
	t.Parallel()
	c, err := load(t, nil)
	if err != nil {
		t.Fatal(err)
	}
	if c.Addr != "127.0.0.1:8080" || c.DataDir != "tend-data" || c.Database() != "sqlite:tend-data/tend.db" || c.BaseURL != "http://127.0.0.1:8080" || c.SecureCookies() {
		t.Fatalf("defaults = %+v", c)
	}
	c, err = load(t, map[string]string{"TEND_ADDR": "0.0.0.0:9000", "TEND_DATA_DIR": "/srv/tend", "TEND_BASE_URL": "https://tend.example/"}, "--addr", "127.0.0.1:7000")
	if err != nil {
		t.Fatal(err)
	}
	if c.Addr != "127.0.0.1:7000" || c.DataDir != "/srv/tend" || c.BaseURL != "https://tend.example" || !c.SecureCookies() {
		t.Fatalf("flag over environment = %+v", c)
	}
	c, _ = load(t, map[string]string{"TEND_DATABASE_URL": "postgres://u@h/db"})
	if !c.IsPostgres() || c.Database() != "postgres://u@h/db" {
		t.Fatalf("postgres URL = %+v", c)
	}
}

func TestInvalid(t *testing.T) {
	t.Parallel()
	tests := map[string]map[string]string{
		"TEND_ADDR":         {"TEND_ADDR": "8080"},
		"TEND_BASE_URL":     {"TEND_BASE_URL": "ftp://x"},
		"TEND_DATABASE_URL": {"TEND_DATABASE_URL": "mysql://x"},
		"TEND_SECRET_KEY":   {"TEND_SECRET_KEY": "abc"},
		"TEND_LOG_FORMAT":   {"TEND_LOG_FORMAT": "xml"},
		"TEND_LOG_LEVEL":    {"TEND_LOG_LEVEL": "loud"},
	}
	for name, env := range tests {
		t.Run(name, func(t *testing.T) {
			_, err := load(t, env)
			if err == nil || !strings.Contains(err.Error(), name) {
				t.Fatalf("err = %v, want a message naming %s", err, name)
			}
		})
	}
}

func TestMaskURL(t *testing.T) {
	t.Parallel()
	tests := map[string]string{
		"postgres://tend:s3cret@db:5432/tend":          "postgres://tend:********@db:5432/tend",
		"postgres://db/tend?user=tend&password=s3cret": "postgres://db/tend?password=********&user=tend",
		"postgres://tend@db/tend?sslmode=require":      "postgres://tend@db/tend?sslmode=require",
		"sqlite:tend-data/tend.db":                     "sqlite:tend-data/tend.db",
	}
	for in, want := range tests {
		if got := maskURL(in); got != want || strings.Contains(got, "s3cret") {
			t.Errorf("maskURL(%q) = %q, want %q", in, got, want)
		}
	}
}

// Issue 11, item 9: the secret key and the database URL can come from files (container and systemd
// credentials), never both ways at once.
func TestSecretFiles(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	key := strings.Repeat("ab", 32)
	write := func(name, content string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	keyFile, urlFile, empty := write("key", key+"\n"), write("url", "postgres://tend:s3cret@db/tend\n"), write("empty", "\n")
	c, err := load(t, map[string]string{"TEND_SECRET_KEY_FILE": keyFile, "TEND_DATABASE_URL_FILE": urlFile})
	if err != nil {
		t.Fatal(err)
	}
	if c.SecretKey != key || c.DatabaseURL != "postgres://tend:s3cret@db/tend" || !c.IsPostgres() {
		t.Fatalf("from files: key %q url %q", c.SecretKey, c.DatabaseURL)
	}
	if d := c.Describe(); strings.Contains(d, "s3cret") || strings.Contains(d, key) || !strings.Contains(d, keyFile) {
		t.Fatalf("Describe shows a secret or hides the key's source:\n%s", d)
	}
	bad := map[string]map[string]string{
		"both":    {"TEND_SECRET_KEY": key, "TEND_SECRET_KEY_FILE": keyFile},
		"missing": {"TEND_DATABASE_URL_FILE": filepath.Join(dir, "nope")},
		"empty":   {"TEND_SECRET_KEY_FILE": empty},
		"short":   {"TEND_SECRET_KEY_FILE": urlFile},
	}
	for name, env := range bad {
		t.Run(name, func(t *testing.T) {
			if _, err := load(t, env); err == nil {
				t.Fatalf("accepted %v", env)
			}
		})
	}
}

// Issue 11, item 3: the retention of sent mail and finished jobs is a setting, 30 days by default; a
// value that is not a sensible number of days stops the start.
func TestRetention(t *testing.T) {
	t.Parallel()
	for v, want := range map[string]time.Duration{"": 30 * 24 * time.Hour, "7": 7 * 24 * time.Hour, " 365 ": 365 * 24 * time.Hour,
		"0": -1, "-3": -1, "abc": -1, "1.5": -1, "4000": -1} {
		c, err := load(t, map[string]string{"TEND_RETENTION_DAYS": v})
		if want < 0 {
			if err == nil || !strings.Contains(err.Error(), "TEND_RETENTION_DAYS") {
				t.Errorf("TEND_RETENTION_DAYS=%q accepted (%v)", v, err)
			}
			continue
		}
		if err != nil || c.Retention() != want {
			t.Errorf("TEND_RETENTION_DAYS=%q: %v, %v; want %v", v, c.Retention(), err, want)
		}
	}
}
