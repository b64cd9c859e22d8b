// Package config loads Tend's settings from flags and TEND_* environment variables into one typed value.
package config

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/mail"
	"net/netip"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// Config is every setting Tend runs with. It is loaded once and passed explicitly.
type Config struct {
	Addr             string         // where the HTTP server listens
	DataDir          string         // SQLite database, generated secret, mail files
	DatabaseURL      string         // postgres://… or sqlite path; empty means SQLite in DataDir
	BaseURL          string         // the public address, for links in email
	SecretKey        string         // 64 hex characters; generated into DataDir when unset
	LogFormat        string         // auto (text on a terminal, else JSON), json or text
	LogLevel         string         // debug, info, warn, error
	SMTPURL          string         // smtp://user:password@host:587 (STARTTLS) or smtps://host:465, optionally ?auth=plain|login|cram-md5|xoauth2; empty writes .eml files
	SMTPPasswordFile string         // a file holding the SMTP password, instead of putting it in the URL
	SMTPCAFile       string         // PEM certificates to trust besides the system's, for a server with a private CA
	MailFrom         string         // the From of every message
	MetricsToken     string         // a bearer token /metrics requires; without one only this machine may read it
	MetricsAddr      string         // a second listener that alone serves /metrics (a private interface), instead of the main one
	TrustedProxies   []netip.Prefix // reverse proxies whose X-Forwarded-For is believed; empty means none
	RetentionDays    int            // sent mail and finished jobs are deleted after this many days
	JobPoll          time.Duration  // how often workers look for due jobs; 0 means a second (tests shorten it)
	MailWorkers      int            // messages one instance sends at once; 0 means 4 (tests use 1: delivery in queued order)
	FontsDir         string         // a folder of .ttf fonts PDFs use for characters the embedded Go fonts lack, before the system's
	// The language-model endpoint that may draft treatment plans (issue 15, TP-2): an OpenAI-compatible
	// chat-completions server, its model, a file holding its API key, and how long a draft may take.
	// Empty LLMURL: none; drafts come from the built-in generator.
	LLMURL, LLMModel, LLMAPIKeyFile string
	LLMTimeout                      time.Duration // 0 means 20 seconds
	// CheckpointEvery is how often the audit chains' heads are appended to CheckpointFile and the log;
	// 0 (the default) writes none.
	CheckpointEvery time.Duration
	// FilesDir keeps uploaded files (encrypted) in a folder instead of the database (TEND_FILES_DIR);
	// MaxUploadMB caps one upload (TEND_MAX_UPLOAD_MB; 0 means 25).
	FilesDir    string
	MaxUploadMB int
	// MaxImportMB caps one CSV client import (TEND_MAX_IMPORT_MB; 0 means 20), refused while it streams in.
	MaxImportMB int
	// MemoryLimit is the Go runtime's soft memory limit in bytes tend serve sets (TEND_MEMORY_LIMIT,
	// DefaultMemoryLimit when unset); -1 is off, 0 leaves the runtime's (GOMEMLIMIT) alone.
	MemoryLimit int64

	secretSource string
	// The *_FILE variants name files holding a secret (a container or systemd credential), read by Finish.
	secretKeyFile, databaseURLFile string
	retentionErr                   error
	trustedProxies                 string // TEND_TRUSTED_PROXIES as given, parsed by Finish
	checkpointEvery                string // TEND_AUDIT_CHECKPOINT_INTERVAL as given, parsed by Finish
	llmTimeout                     string // TEND_LLM_TIMEOUT as given, parsed by Finish
	memoryLimitRaw, goMemLimit     string // TEND_MEMORY_LIMIT and GOMEMLIMIT as given, read by Finish
}

// DefaultDataDir is the data folder when neither --data nor TEND_DATA_DIR names one.
const DefaultDataDir = "tend-data"

// defaultRetentionDays is how long sent mail and finished jobs are kept when TEND_RETENTION_DAYS is unset.
const defaultRetentionDays = 30

// Getenv reads an environment variable; tests pass a map-backed one.
type Getenv func(string) string

// Load reads the environment and defines the common flags on a new FlagSet; the caller adds its own
// flags and parses args. Flags win over environment.
func Load(name string, getenv Getenv, stderr io.Writer) (*Config, *flag.FlagSet) {
	c := &Config{
		Addr:             envOr(getenv, "TEND_ADDR", "127.0.0.1:8080"),
		DataDir:          envOr(getenv, "TEND_DATA_DIR", DefaultDataDir),
		DatabaseURL:      getenv("TEND_DATABASE_URL"),
		BaseURL:          getenv("TEND_BASE_URL"),
		SecretKey:        getenv("TEND_SECRET_KEY"),
		LogFormat:        envOr(getenv, "TEND_LOG_FORMAT", "auto"),
		LogLevel:         envOr(getenv, "TEND_LOG_LEVEL", "info"),
		SMTPURL:          getenv("TEND_SMTP_URL"),
		SMTPPasswordFile: getenv("TEND_SMTP_PASSWORD_FILE"),
		SMTPCAFile:       getenv("TEND_SMTP_CA_FILE"),
		MailFrom:         envOr(getenv, "TEND_MAIL_FROM", "Tend <noreply@localhost>"),
		MetricsToken:     getenv("TEND_METRICS_TOKEN"),
		MetricsAddr:      getenv("TEND_METRICS_ADDR"),
		FontsDir:         getenv("TEND_FONTS_DIR"),
		LLMURL:           strings.TrimSpace(getenv("TEND_LLM_URL")),
		LLMModel:         strings.TrimSpace(getenv("TEND_LLM_MODEL")),
		LLMAPIKeyFile:    strings.TrimSpace(getenv("TEND_LLM_API_KEY_FILE")),
		llmTimeout:       getenv("TEND_LLM_TIMEOUT"),
		memoryLimitRaw:   getenv("TEND_MEMORY_LIMIT"),
		goMemLimit:       strings.TrimSpace(getenv("GOMEMLIMIT")),
		checkpointEvery:  getenv("TEND_AUDIT_CHECKPOINT_INTERVAL"),
		trustedProxies:   getenv("TEND_TRUSTED_PROXIES"),
		secretKeyFile:    getenv("TEND_SECRET_KEY_FILE"),
		databaseURLFile:  getenv("TEND_DATABASE_URL_FILE"),
		RetentionDays:    defaultRetentionDays,
		FilesDir:         strings.TrimSpace(getenv("TEND_FILES_DIR")),
	}
	if v := strings.TrimSpace(getenv("TEND_MAX_IMPORT_MB")); v != "" {
		if n, err := strconv.Atoi(v); err == nil && n > 0 && n <= 1024 {
			c.MaxImportMB = n
		} else {
			c.MaxImportMB = -1 // refused by Finish
		}
	}
	if v := strings.TrimSpace(getenv("TEND_MAX_UPLOAD_MB")); v != "" {
		if n, err := strconv.Atoi(v); err == nil && n > 0 && n <= 1024 {
			c.MaxUploadMB = n
		} else {
			c.MaxUploadMB = -1 // refused by Finish
		}
	}
	if v := getenv("TEND_RETENTION_DAYS"); v != "" {
		c.RetentionDays, c.retentionErr = strconv.Atoi(strings.TrimSpace(v))
	}
	if c.SecretKey != "" {
		c.secretSource = "TEND_SECRET_KEY"
	}
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&c.Addr, "addr", c.Addr, "address to listen on (TEND_ADDR)")
	fs.StringVar(&c.DataDir, "data", c.DataDir, "data folder for the SQLite database and generated files (TEND_DATA_DIR)")
	return c, fs
}

// Finish validates the configuration after flags were parsed.
func (c *Config) Finish() error {
	var problems []string
	problems = append(problems, c.readFiles()...)
	if _, _, err := net.SplitHostPort(c.Addr); err != nil {
		problems = append(problems, fmt.Sprintf("TEND_ADDR/--addr %q is not host:port", c.Addr))
	}
	if c.DataDir == "" {
		problems = append(problems, "TEND_DATA_DIR/--data is empty")
	}
	if c.BaseURL == "" {
		c.BaseURL = "http://" + c.Addr
	}
	c.BaseURL = strings.TrimRight(c.BaseURL, "/")
	if u, err := url.Parse(c.BaseURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		problems = append(problems, fmt.Sprintf("TEND_BASE_URL %q is not an http(s) URL", c.BaseURL))
	}
	if c.DatabaseURL != "" && !c.IsPostgres() && !strings.HasPrefix(c.DatabaseURL, "sqlite:") {
		problems = append(problems, "TEND_DATABASE_URL must start with postgres://, postgresql:// or sqlite:")
	}
	if c.SecretKey != "" {
		if b, err := hex.DecodeString(c.SecretKey); err != nil || len(b) < 32 {
			problems = append(problems, "TEND_SECRET_KEY must be at least 64 hexadecimal characters (32 bytes)")
		}
	}
	if c.SMTPURL != "" && !strings.HasPrefix(c.SMTPURL, "smtp://") && !strings.HasPrefix(c.SMTPURL, "smtps://") {
		problems = append(problems, "TEND_SMTP_URL must start with smtp:// (STARTTLS) or smtps://")
	}
	if _, err := mail.ParseAddress(c.MailFrom); err != nil {
		problems = append(problems, "TEND_MAIL_FROM must be an address like Harbor Counseling <noreply@harbor.example>")
	}
	if c.MetricsAddr != "" {
		if _, _, err := net.SplitHostPort(c.MetricsAddr); err != nil {
			problems = append(problems, fmt.Sprintf("TEND_METRICS_ADDR %q is not host:port", c.MetricsAddr))
		}
	}
	if c.trustedProxies != "" {
		var err error
		if c.TrustedProxies, err = ParsePrefixes(c.trustedProxies); err != nil {
			problems = append(problems, "TEND_TRUSTED_PROXIES: "+err.Error())
		}
	}
	if c.FontsDir != "" {
		if st, err := os.Stat(c.FontsDir); err != nil || !st.IsDir() {
			problems = append(problems, fmt.Sprintf("TEND_FONTS_DIR %q is not a folder", c.FontsDir))
		}
	}
	if v := strings.TrimSpace(c.checkpointEvery); v != "" && v != "0" && v != "off" {
		d, err := time.ParseDuration(v)
		if err != nil || d < time.Minute || d > 24*time.Hour {
			problems = append(problems, fmt.Sprintf("TEND_AUDIT_CHECKPOINT_INTERVAL %q must be a duration from 1m to 24h (such as 1h), or off", v))
		}
		c.CheckpointEvery = d
	}
	problems = append(problems, c.checkLLM()...)
	problems = append(problems, c.memoryLimit()...)
	if c.MetricsToken != "" && len(c.MetricsToken) < 16 {
		problems = append(problems, "TEND_METRICS_TOKEN must be at least 16 characters")
	}
	if c.MaxImportMB < 0 {
		problems = append(problems, "TEND_MAX_IMPORT_MB must be a whole number of megabytes from 1 to 1024")
	}
	if c.MaxUploadMB < 0 {
		problems = append(problems, "TEND_MAX_UPLOAD_MB must be a whole number of megabytes from 1 to 1024")
	}
	if c.retentionErr != nil || c.RetentionDays < 1 || c.RetentionDays > 3650 {
		problems = append(problems, "TEND_RETENTION_DAYS must be a whole number of days from 1 to 3650")
	}
	if c.LogFormat != "auto" && c.LogFormat != "json" && c.LogFormat != "text" {
		problems = append(problems, "TEND_LOG_FORMAT must be auto, json or text")
	}
	switch c.LogLevel {
	case "debug", "info", "warn", "error":
	default:
		problems = append(problems, "TEND_LOG_LEVEL must be debug, info, warn or error")
	}
	if len(problems) > 0 {
		return errors.New("configuration: " + strings.Join(problems, "; "))
	}
	return nil
}

// checkLLM validates the language-model settings: an http(s) address without credentials, a model, a
// readable key file when one is named, and a timeout from 1s to 5m.
func (c *Config) checkLLM() []string {
	var problems []string
	if c.LLMURL == "" {
		if c.LLMModel != "" || c.LLMAPIKeyFile != "" {
			problems = append(problems, "TEND_LLM_MODEL and TEND_LLM_API_KEY_FILE need TEND_LLM_URL")
		}
	} else {
		u, err := url.Parse(c.LLMURL)
		switch {
		case err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.RawQuery != "" || u.Fragment != "":
			problems = append(problems, fmt.Sprintf("TEND_LLM_URL %q is not an http(s) address such as http://127.0.0.1:11434", c.LLMURL))
		case u.User != nil:
			problems = append(problems, "TEND_LLM_URL must not hold credentials; put the key in TEND_LLM_API_KEY_FILE")
		}
		if c.LLMModel == "" {
			problems = append(problems, "TEND_LLM_MODEL must name the model when TEND_LLM_URL is set")
		}
	}
	if c.LLMAPIKeyFile != "" {
		if b, err := os.ReadFile(c.LLMAPIKeyFile); err != nil {
			problems = append(problems, fmt.Sprintf("TEND_LLM_API_KEY_FILE: %v", err))
		} else if strings.TrimSpace(string(b)) == "" {
			problems = append(problems, "TEND_LLM_API_KEY_FILE names an empty file")
		}
	}
	if v := strings.TrimSpace(c.llmTimeout); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil || d < time.Second || d > 5*time.Minute {
			problems = append(problems, fmt.Sprintf("TEND_LLM_TIMEOUT %q must be a duration from 1s to 5m, such as 30s", v))
		}
		c.LLMTimeout = d
	}
	return problems
}

// ParsePrefixes reads a comma-separated list of CIDRs; a plain address stands for itself (/32 or /128).
// The error quotes the entry that is not one.
func ParsePrefixes(list string) ([]netip.Prefix, error) {
	var out []netip.Prefix
	for _, f := range strings.Split(list, ",") {
		f = strings.TrimSpace(f)
		if f == "" {
			continue
		}
		if strings.Contains(f, "/") {
			p, err := netip.ParsePrefix(f)
			if err != nil {
				return nil, fmt.Errorf("%q is not a CIDR like 10.0.0.0/8 or an address", f)
			}
			out = append(out, p.Masked())
			continue
		}
		a, err := netip.ParseAddr(f)
		if err != nil || a.Zone() != "" {
			return nil, fmt.Errorf("%q is not a CIDR like 10.0.0.0/8 or an address", f)
		}
		a = a.Unmap()
		out = append(out, netip.PrefixFrom(a, a.BitLen()))
	}
	return out, nil
}

// MetricsExposure refuses a configuration that would put /metrics on the public internet by accident:
// behind an https address (so reachable through a proxy) it needs a token or its own listener.
func (c Config) MetricsExposure() error {
	if c.MetricsAddr == "" && c.MetricsToken == "" && strings.HasPrefix(c.BaseURL, "https://") {
		return errors.New("configuration: TEND_BASE_URL is https, so /metrics could be reached through the proxy; " +
			"set TEND_METRICS_TOKEN (at least 16 characters) or TEND_METRICS_ADDR (a private listener for /metrics)")
	}
	return nil
}

// readFiles fills SecretKey and DatabaseURL from their *_FILE variants, once; setting a value both ways
// is refused, so nobody wonders which one won.
func (c *Config) readFiles() []string {
	var problems []string
	read := func(name, path string, dst *string) bool {
		if path == "" {
			return false
		}
		if *dst != "" {
			problems = append(problems, name+" and "+name+"_FILE are both set; keep one")
			return false
		}
		b, err := os.ReadFile(path)
		if err != nil {
			problems = append(problems, fmt.Sprintf("%s_FILE: %v", name, err))
			return false
		}
		if *dst = strings.TrimSpace(string(b)); *dst == "" {
			problems = append(problems, name+"_FILE names an empty file")
		}
		return true
	}
	if read("TEND_SECRET_KEY", c.secretKeyFile, &c.SecretKey) {
		c.secretSource = c.secretKeyFile
	}
	read("TEND_DATABASE_URL", c.databaseURLFile, &c.DatabaseURL)
	c.secretKeyFile, c.databaseURLFile = "", ""
	return problems
}

// IsPostgres reports whether the database is PostgreSQL.
func (c Config) IsPostgres() bool {
	return strings.HasPrefix(c.DatabaseURL, "postgres://") || strings.HasPrefix(c.DatabaseURL, "postgresql://")
}

// Database returns the URL to open: the configured one, or the SQLite file in the data folder.
func (c Config) Database() string {
	if c.DatabaseURL != "" {
		return c.DatabaseURL
	}
	return "sqlite:" + filepath.Join(c.DataDir, "tend.db")
}

// Retention is how long sent mail and finished jobs are kept; 30 days for a Config built without Load.
func (c Config) Retention() time.Duration {
	days := c.RetentionDays
	if days <= 0 {
		days = defaultRetentionDays
	}
	return time.Duration(days) * 24 * time.Hour
}

// CheckpointFile is where the audit chains' heads are appended (TEND_AUDIT_CHECKPOINT_INTERVAL).
func (c Config) CheckpointFile() string { return filepath.Join(c.DataDir, "audit-checkpoints.jsonl") }

// MailDir is where messages are written as .eml files when no SMTP server is set.
func (c Config) MailDir() string { return filepath.Join(c.DataDir, "mail") }

// SMTPPassword reads TEND_SMTP_PASSWORD_FILE, when set.
func (c Config) SMTPPassword() (string, error) {
	if c.SMTPPasswordFile == "" {
		return "", nil
	}
	b, err := os.ReadFile(c.SMTPPasswordFile)
	if err != nil {
		return "", fmt.Errorf("reading TEND_SMTP_PASSWORD_FILE: %w", err)
	}
	return strings.TrimSpace(string(b)), nil
}

// SecureCookies reports whether cookies must carry the Secure flag (the public address is https).
func (c Config) SecureCookies() bool { return strings.HasPrefix(c.BaseURL, "https://") }

// EnsureSecret makes sure SecretKey is set: from the environment, else from DataDir/secret.key,
// else a new random key written there (readable by the owner only).
func (c *Config) EnsureSecret() error {
	if c.SecretKey != "" {
		return nil
	}
	path := filepath.Join(c.DataDir, "secret.key")
	b, err := os.ReadFile(path)
	if err == nil {
		c.SecretKey = strings.TrimSpace(string(b))
		c.secretSource = path
		return c.Finish()
	}
	if !errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("reading secret key: %w", err)
	}
	if err := os.MkdirAll(c.DataDir, 0o700); err != nil {
		return fmt.Errorf("creating data folder: %w", err)
	}
	key := make([]byte, 32)
	if _, err := rand.Read(key); err != nil {
		return fmt.Errorf("generating secret key: %w", err)
	}
	c.SecretKey = hex.EncodeToString(key)
	if err := os.WriteFile(path, []byte(c.SecretKey+"\n"), 0o600); err != nil {
		return fmt.Errorf("writing secret key: %w", err)
	}
	c.secretSource = path + " (generated)"
	return nil
}

// LoadSecretIfPresent reads DataDir/secret.key when no key is configured, without creating one.
func (c *Config) LoadSecretIfPresent() error {
	if c.SecretKey != "" {
		return nil
	}
	path := filepath.Join(c.DataDir, "secret.key")
	b, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("reading secret key: %w", err)
	}
	c.SecretKey = strings.TrimSpace(string(b))
	c.secretSource = path
	return nil
}

// AuditKey is the key of the audit log's hash chain, derived from the secret key so the secret itself
// is used for nothing else. Every instance and `tend audit verify` must have the same secret.
func (c Config) AuditKey() ([]byte, error) { return c.subKey("tend audit chain v1", "the audit log") }

// DeviceKey signs the device cookies of browsers that signed in before (see account.Devices). Every
// instance must have the same secret, or a browser's cookie counts only where it was issued.
func (c Config) DeviceKey() ([]byte, error) { return c.subKey("tend device cookie v1", "sign-in") }

// TwoStepKeys are the keys of two-step sign-in, derived from the secret key: one seals authenticator
// secrets (AES-256-GCM), the other keys the hashes of recovery codes. Every instance needs the same secret.
func (c Config) TwoStepKeys() (seal, codes []byte, err error) {
	if seal, err = c.subKey("tend two-step secrets v1", "two-step sign-in"); err != nil {
		return nil, nil, err
	}
	codes, err = c.subKey("tend recovery codes v1", "two-step sign-in")
	return seal, codes, err
}

// FilesSecret is the secret key's bytes, from which package files derives its own key (HKDF).
func (c Config) FilesSecret() ([]byte, error) {
	secret, err := hex.DecodeString(c.SecretKey)
	if err != nil || len(secret) < 32 {
		return nil, fmt.Errorf("configuration: no usable secret key (TEND_SECRET_KEY or secret.key in the data folder); files are encrypted with it")
	}
	return secret, nil
}

// subKey derives the key of one purpose from the secret key: HMAC-SHA-256 of the purpose, so no key is
// the secret itself.
func (c Config) subKey(purpose, user string) ([]byte, error) {
	secret, err := hex.DecodeString(c.SecretKey)
	if err != nil || len(secret) < 32 {
		return nil, fmt.Errorf("configuration: no usable secret key (TEND_SECRET_KEY or secret.key in the data folder); %s is keyed with it", user)
	}
	m := hmac.New(sha256.New, secret)
	m.Write([]byte(purpose))
	return m.Sum(nil), nil
}

// Describe lists the effective settings with secrets masked, one "NAME = value" per line.
func (c Config) Describe() string {
	var b strings.Builder
	row := func(k, v string) { fmt.Fprintf(&b, "%-18s %s\n", k, v) }
	row("TEND_ADDR", c.Addr)
	row("TEND_DATA_DIR", c.DataDir)
	row("TEND_DATABASE_URL", maskURL(c.Database()))
	row("TEND_BASE_URL", c.BaseURL)
	secret := "(not set; generated into the data folder on first run)"
	if c.SecretKey != "" {
		secret = "******** from " + c.secretSource
	}
	row("TEND_SECRET_KEY", secret)
	row("TEND_LOG_FORMAT", c.LogFormat)
	row("TEND_LOG_LEVEL", c.LogLevel)
	smtp := "(not set; messages are written to " + c.MailDir() + ")"
	if c.SMTPURL != "" {
		smtp = maskURL(c.SMTPURL)
	}
	row("TEND_SMTP_URL", smtp)
	if c.SMTPPasswordFile != "" {
		row("TEND_SMTP_PASSWORD_FILE", c.SMTPPasswordFile)
	}
	row("TEND_MAIL_FROM", c.MailFrom)
	filesAt := "(not set; files are kept in the database)"
	if c.FilesDir != "" {
		filesAt = c.FilesDir
	}
	row("TEND_FILES_DIR", filesAt)
	maxMB := 25
	if c.MaxUploadMB > 0 {
		maxMB = c.MaxUploadMB
	}
	row("TEND_MAX_UPLOAD_MB", strconv.Itoa(maxMB))
	importMB := 20 // imports.DefaultMaxMB
	if c.MaxImportMB > 0 {
		importMB = c.MaxImportMB
	}
	row("TEND_MAX_IMPORT_MB", strconv.Itoa(importMB))
	row("TEND_MEMORY_LIMIT", c.memoryLimitText())
	metrics := "(not set; /metrics answers only this machine)"
	if c.MetricsToken != "" {
		metrics = "********"
	}
	row("TEND_METRICS_TOKEN", metrics)
	metricsAddr := "(not set; /metrics is served on TEND_ADDR)"
	if c.MetricsAddr != "" {
		metricsAddr = c.MetricsAddr + " (only there)"
	}
	row("TEND_METRICS_ADDR", metricsAddr)
	proxies := "(none; X-Forwarded-For is ignored)"
	if len(c.TrustedProxies) > 0 {
		ps := make([]string, len(c.TrustedProxies))
		for i, p := range c.TrustedProxies {
			ps[i] = p.String()
		}
		proxies = strings.Join(ps, ",")
	}
	row("TEND_TRUSTED_PROXIES", proxies)
	row("TEND_RETENTION_DAYS", strconv.Itoa(c.RetentionDays))
	fonts := "(not set; PDFs use the Go fonts, then the system's)"
	if c.FontsDir != "" {
		fonts = c.FontsDir
	}
	row("TEND_FONTS_DIR", fonts)
	checkpoints := "off"
	if c.CheckpointEvery > 0 {
		checkpoints = c.CheckpointEvery.String() + " (to " + c.CheckpointFile() + " and the log)"
	}
	row("TEND_AUDIT_CHECKPOINT_INTERVAL", checkpoints)
	llm := "(not set; plan drafts use the built-in generator only)"
	if c.LLMURL != "" {
		llm = maskURL(c.LLMURL) + " model " + c.LLMModel
	}
	row("TEND_LLM_URL", llm)
	if c.LLMAPIKeyFile != "" {
		row("TEND_LLM_API_KEY_FILE", c.LLMAPIKeyFile)
	}
	if c.LLMURL != "" {
		timeout := "20s"
		if c.LLMTimeout > 0 {
			timeout = c.LLMTimeout.String()
		}
		row("TEND_LLM_TIMEOUT", timeout)
	}
	return b.String()
}

// maskURL hides the password of a database URL.
func maskURL(s string) string {
	u, err := url.Parse(s)
	if err != nil {
		return "(unparsable URL)"
	}
	if u.User != nil {
		if _, ok := u.User.Password(); ok {
			u.User = url.UserPassword(u.User.Username(), "********")
		}
	}
	if strings.Contains(strings.ToLower(u.RawQuery), "password") {
		q := u.Query()
		for k := range q {
			if strings.Contains(strings.ToLower(k), "password") {
				q.Set(k, "********")
			}
		}
		u.RawQuery = q.Encode()
	}
	return strings.ReplaceAll(u.String(), "%2A", "*")
}

func envOr(getenv Getenv, key, def string) string {
	if v := getenv(key); v != "" {
		return v
	}
	return def
}
