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
	if c.Addr != "127.0.0.1:8080" || c.DataDir != "tend-data" || c.Database() != "sqlite:tend-data/tend.db" || c.BaseURL != "http://127.0.0.1:8080" || c.SecureCookies() ||
		c.LogFormat != "auto" { // issue 13, item 18: text on a terminal, JSON elsewhere
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
		"TEND_ADDR":                      {"TEND_ADDR": "8080"},
		"TEND_BASE_URL":                  {"TEND_BASE_URL": "ftp://x"},
		"TEND_DATABASE_URL":              {"TEND_DATABASE_URL": "mysql://x"},
		"TEND_SECRET_KEY":                {"TEND_SECRET_KEY": "abc"},
		"TEND_LOG_FORMAT":                {"TEND_LOG_FORMAT": "xml"},
		"TEND_LOG_LEVEL":                 {"TEND_LOG_LEVEL": "loud"},
		"TEND_FONTS_DIR":                 {"TEND_FONTS_DIR": "/nonexistent/tend-fonts"},
		"TEND_AUDIT_CHECKPOINT_INTERVAL": {"TEND_AUDIT_CHECKPOINT_INTERVAL": "hourly"},
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

// Issue 17, item 2: the upload cap is a setting, 25 MB unless TEND_MAX_UPLOAD_MB says otherwise; a value
// that is not a sensible number of megabytes stops the start.
func TestMaxUpload(t *testing.T) {
	t.Parallel()
	for v, want := range map[string]int{"": 0, "10": 10, " 100 ": 100, "0": -1, "-3": -1, "25MB": -1, "2048": -1} {
		c, err := load(t, map[string]string{"TEND_MAX_UPLOAD_MB": v})
		if want < 0 {
			if err == nil || !strings.Contains(err.Error(), "TEND_MAX_UPLOAD_MB") {
				t.Errorf("TEND_MAX_UPLOAD_MB=%q accepted (%v)", v, err)
			}
			continue
		}
		if err != nil || c.MaxUploadMB != want {
			t.Errorf("TEND_MAX_UPLOAD_MB=%q: %d, %v; want %d", v, c.MaxUploadMB, err, want)
		}
	}
}

// Issue 12, item 1: TEND_TRUSTED_PROXIES takes CIDRs and plain addresses; a malformed entry refuses the
// start and is named in the message.
func TestTrustedProxies(t *testing.T) {
	t.Parallel()
	good := map[string]string{
		"10.0.0.0/8":                 "10.0.0.0/8",
		" 10.0.0.0/8 , 192.168.1.7 ": "10.0.0.0/8,192.168.1.7/32",
		"::1, fd00::/8":              "::1/128,fd00::/8",
		"172.16.5.9/12":              "172.16.0.0/12",
		"::ffff:127.0.0.1":           "127.0.0.1/32",
		"127.0.0.1,":                 "127.0.0.1/32",
		"":                           "",
	}
	for in, want := range good {
		c, err := load(t, map[string]string{"TEND_TRUSTED_PROXIES": in})
		if err != nil {
			t.Errorf("%q: %v", in, err)
			continue
		}
		var got []string
		for _, p := range c.TrustedProxies {
			got = append(got, p.String())
		}
		if strings.Join(got, ",") != want {
			t.Errorf("%q parsed as %v, want %s", in, got, want)
		}
	}
	if c, _ := load(t, map[string]string{"TEND_TRUSTED_PROXIES": "10.0.0.0/8"}); !strings.Contains(c.Describe(), "TEND_TRUSTED_PROXIES 10.0.0.0/8") {
		t.Errorf("tend config does not show the trusted proxies:\n%s", c.Describe())
	}
	for _, bad := range []string{"10.0.0.0/33", "10.0.0/8", "proxy.example", "10.0.0.1, 300.1.1.1", "fe80::1%eth0"} {
		_, err := load(t, map[string]string{"TEND_TRUSTED_PROXIES": bad})
		last := strings.TrimSpace(bad[strings.LastIndex(bad, ",")+1:])
		if err == nil || !strings.Contains(err.Error(), "TEND_TRUSTED_PROXIES") || !strings.Contains(err.Error(), last) {
			t.Errorf("%q: err = %v, want a refusal naming TEND_TRUSTED_PROXIES and %q", bad, err, last)
		}
	}
}

// Issue 12, item 1: /metrics is never public by accident. Behind an https address it needs a token or
// its own listener; over plain http the loopback-only rule stays.
func TestMetricsExposure(t *testing.T) {
	t.Parallel()
	cases := []struct {
		env    map[string]string
		refuse bool
	}{
		{map[string]string{"TEND_BASE_URL": "https://tend.example"}, true},
		{map[string]string{"TEND_BASE_URL": "https://tend.example", "TEND_METRICS_TOKEN": "a-long-metrics-token"}, false},
		{map[string]string{"TEND_BASE_URL": "https://tend.example", "TEND_METRICS_ADDR": "10.0.0.5:9090"}, false},
		{map[string]string{"TEND_BASE_URL": "http://127.0.0.1:8080"}, false},
	}
	for _, c := range cases {
		cfg, err := load(t, c.env)
		if err != nil {
			t.Fatalf("%v: %v", c.env, err)
		}
		err = cfg.MetricsExposure()
		if c.refuse != (err != nil) {
			t.Errorf("%v: err = %v, want refused=%v", c.env, err, c.refuse)
		}
		if err != nil && (!strings.Contains(err.Error(), "TEND_METRICS_TOKEN") || !strings.Contains(err.Error(), "TEND_METRICS_ADDR")) {
			t.Errorf("the refusal does not say what to set: %v", err)
		}
	}
	if _, err := load(t, map[string]string{"TEND_METRICS_ADDR": "9090"}); err == nil || !strings.Contains(err.Error(), "TEND_METRICS_ADDR") {
		t.Errorf("a metrics address without a port: err = %v", err)
	}
}

// Issue 12, item 4: audit checkpoints are off unless TEND_AUDIT_CHECKPOINT_INTERVAL names an interval;
// `tend config` shows where they go.
func TestAuditCheckpointInterval(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]time.Duration{"": 0, "off": 0, "0": 0, "1h": time.Hour, "15m": 15 * time.Minute} {
		c, err := load(t, map[string]string{"TEND_AUDIT_CHECKPOINT_INTERVAL": in, "TEND_DATA_DIR": "/srv/tend"})
		if err != nil || c.CheckpointEvery != want {
			t.Errorf("%q: %v %v, want %v", in, c.CheckpointEvery, err, want)
		}
		if want > 0 && !strings.Contains(c.Describe(), "/srv/tend/audit-checkpoints.jsonl") {
			t.Errorf("%q: config does not say where checkpoints go:\n%s", in, c.Describe())
		}
	}
	for _, in := range []string{"30s", "48h", "-1h"} {
		if _, err := load(t, map[string]string{"TEND_AUDIT_CHECKPOINT_INTERVAL": in}); err == nil || !strings.Contains(err.Error(), in) {
			t.Errorf("%q: err = %v, want one naming the value", in, err)
		}
	}
}

// Issue 15, item 6 (TP-2): the language-model endpoint that may draft plans is optional, checked at
// start, and shown by `tend config` without its key.
func TestLLMSettings(t *testing.T) {
	t.Parallel()
	c, err := load(t, nil)
	if err != nil || c.LLMURL != "" || !strings.Contains(c.Describe(), "built-in generator only") {
		t.Fatalf("unset: %+v %v\n%s", c, err, c.Describe())
	}
	key := filepath.Join(t.TempDir(), "llm.key")
	if err := os.WriteFile(key, []byte("sk-secret-value\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	c, err = load(t, map[string]string{"TEND_LLM_URL": "http://127.0.0.1:11434", "TEND_LLM_MODEL": "llama3.1:8b", "TEND_LLM_API_KEY_FILE": key, "TEND_LLM_TIMEOUT": "45s"})
	if err != nil {
		t.Fatal(err)
	}
	if c.LLMURL != "http://127.0.0.1:11434" || c.LLMModel != "llama3.1:8b" || c.LLMAPIKeyFile != key || c.LLMTimeout != 45*time.Second {
		t.Fatalf("set: %+v", c)
	}
	if d := c.Describe(); !strings.Contains(d, "http://127.0.0.1:11434 model llama3.1:8b") || strings.Contains(d, "sk-secret-value") {
		t.Fatalf("describe:\n%s", d)
	}
	empty := filepath.Join(t.TempDir(), "empty.key")
	if err := os.WriteFile(empty, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	bad := map[string]map[string]string{
		"not http":       {"TEND_LLM_URL": "ftp://llm.example", "TEND_LLM_MODEL": "m"},
		"credentials":    {"TEND_LLM_URL": "https://user:pw@llm.example", "TEND_LLM_MODEL": "m"},
		"no model":       {"TEND_LLM_URL": "https://llm.example"},
		"model, no URL":  {"TEND_LLM_MODEL": "m"},
		"missing key":    {"TEND_LLM_URL": "https://llm.example", "TEND_LLM_MODEL": "m", "TEND_LLM_API_KEY_FILE": "/nonexistent/llm.key"},
		"empty key":      {"TEND_LLM_URL": "https://llm.example", "TEND_LLM_MODEL": "m", "TEND_LLM_API_KEY_FILE": empty},
		"timeout format": {"TEND_LLM_URL": "https://llm.example", "TEND_LLM_MODEL": "m", "TEND_LLM_TIMEOUT": "soon"},
		"timeout range":  {"TEND_LLM_URL": "https://llm.example", "TEND_LLM_MODEL": "m", "TEND_LLM_TIMEOUT": "1h"},
	}
	for name, env := range bad {
		if _, err := load(t, env); err == nil || !strings.Contains(err.Error(), "TEND_LLM_") {
			t.Errorf("%s: err = %v, want one naming the setting", name, err)
		}
	}
}
