package app

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"runtime/debug"
	"strings"

	"tend/internal/config"
	"tend/internal/db"
	"tend/internal/httpx"
	"tend/internal/store"
)

// Version is set at build time with -ldflags "-X tend/internal/app.Version=…"; otherwise it comes from
// the module's build information.
var Version = ""

// Env is what a command runs with: its arguments, environment and output streams.
type Env struct {
	// Program is how tend was started (os.Args[0]), to print commands to run next; "" reads as go run.
	Program string
	Args    []string // without the program name
	Getenv  config.Getenv
	Stdin   io.Reader
	Stdout  io.Writer
	Stderr  io.Writer
}

type command struct {
	name, usage, help string
	run               func(ctx context.Context, e Env, args []string) error
}

func commands() []command {
	return []command{
		{"serve", "tend serve [--addr HOST:PORT] [--data DIR]", "Run the web server (the default command). Applies migrations first.", serve},
		{"migrate", "tend migrate [--data DIR]", "Apply database migrations and exit.", migrate},
		{"setup", "tend setup --practice NAME --name NAME --email EMAIL --password-file FILE [--time-zone ZONE]", "First-run setup without a browser: the practice and its owner. Refused once done.", setup},
		{"practice add", "tend practice add --name NAME --owner-name NAME --owner-email EMAIL --password-file FILE [--time-zone ZONE]", "Add a further practice with its owner to this installation.", practiceAdd},
		{"practice list", "tend practice list", "List the practices of this installation.", practiceList},
		{"user add", "tend user add --email EMAIL --name NAME --role ROLE --password-file FILE [--practice SLUG]", "Add a staff member (role owner, admin, clinician, supervisor or billing) with a temporary password.", userAdd},
		{"user reset-two-step", "tend user reset-two-step --email EMAIL", "Turn off a staff member's two-step sign-in (they lost their phone and recovery codes, and no owner or admin can reset it in Settings → Staff).", userResetTwoStep},
		{"token create", "tend token create --email EMAIL [--name NAME] [--expires-at DATE | --expires-in-days N]", "Create a personal API token for a staff member and print it once.", tokenCreate},
		{"demo", "tend demo [--clients N] [--other-practices K] [--portal-clients P]", "Fill an empty data folder (or database) with a fictional practice, staff and N generated clients (default 60); P more clients get a portal account with a PHQ-9 waiting, for tend bench. The sign-in details go to <data>/demo-logins.json (0600).", demoFill},
		{"bench", "tend bench --url http://127.0.0.1:PORT [--data DIR] [--duration 10s] [--concurrency 1,8,32] [--portal-clients 200] [--short] [--json] [--pid PID] [--i-own-this-server] [--force]", "Load suite against a running demo (tend demo --portal-clients 200, then tend serve with TEND_TRUSTED_PROXIES=127.0.0.1): staff pages and API calls at each concurrency, portal clients at once, floors (the same SQL on the database, a bare net/http handler) and the server's memory, as a table. Refuses a server off this machine without --i-own-this-server, and an installation tend demo did not fill without --force. Exits non-zero when a request fails.", bench},
		{"config", "tend config", "Print the effective settings, secrets masked.", showConfig},
		{"audit verify", "tend audit verify [--checkpoints [FILE]]", "Walk the audit log's hash chains; exit non-zero naming the first broken link. With --checkpoints, also check that every chain still holds each head recorded in FILE (default <data>/audit-checkpoints.jsonl), so removed or rewritten events show.", auditVerify},
		{"audit checkpoint", "tend audit checkpoint", "Append every audit chain's head to <data>/audit-checkpoints.jsonl now (what TEND_AUDIT_CHECKPOINT_INTERVAL does periodically).", auditCheckpoint},
		{"backup", "tend backup --out FILE [--force]", "SQLite: a consistent copy while tend runs (VACUUM INTO), the audit spool beside it as FILE-audit-spool; refuses an existing FILE without --force. PostgreSQL: explains pg_dump.", backup},
		{"doctor", "tend doctor", "Check the schema version, the client search index and the audit log; exit non-zero naming each problem and the command that mends it.", doctor},
		{"search rebuild", "tend search rebuild", "Build the client search index afresh from the charts (what tend doctor asks for when the index is damaged).", searchRebuild},
		{"export", "tend export --practice SLUG --out FILE [--with-psychotherapy-notes] | tend export --fhir --practice SLUG --out DIR|FILE", "Write the whole practice to one archive file (a zip of JSON and the files, with a manifest of counts and SHA-256s) to move it to another installation; psychotherapy notes only with --with-psychotherapy-notes. With --fhir, FHIR R4 resources instead.", exportPractice},
		{"import", "tend import --archive FILE", "Rebuild a practice from an archive written by tend export (SQLite or PostgreSQL, either way): all or nothing, ids kept unless taken here. Staff keep their passwords and sign in again.", importPractice},
		{"version", "tend version", "Print the version.", version},
		{"help", "tend help [COMMAND]", "Explain the commands.", nil},
	}
}

// Run runs the command named by e.Args and returns the process exit code.
func Run(ctx context.Context, e Env) int {
	args := e.Args
	if len(args) == 0 || strings.HasPrefix(args[0], "-") {
		args = append([]string{"serve"}, args...)
	}
	if args[0] == "help" || args[0] == "--help" || args[0] == "-h" {
		help(e.Stdout, args[1:])
		return 0
	}
	for _, c := range commands() {
		words := strings.Fields(c.name)
		if len(args) >= len(words) && strings.Join(args[:len(words)], " ") == c.name {
			if err := c.run(ctx, e, args[len(words):]); err != nil {
				if errors.Is(err, flag.ErrHelp) {
					return 0
				}
				fmt.Fprintln(e.Stderr, "tend "+c.name+": "+describe(err))
				return 1
			}
			return 0
		}
	}
	fmt.Fprintf(e.Stderr, "tend: unknown command %q\n\n", strings.Join(args, " "))
	help(e.Stderr, nil)
	return 2
}

func help(w io.Writer, topic []string) {
	if len(topic) > 0 {
		for _, c := range commands() {
			if c.name == strings.Join(topic, " ") {
				fmt.Fprintf(w, "%s\n\n%s\n", c.usage, c.help)
				return
			}
		}
	}
	fmt.Fprint(w, "Tend — practice management for therapists.\n\nCommands:\n")
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-14s %s\n", c.name, c.help)
	}
	fmt.Fprint(w, "\nRun 'tend help COMMAND' for a command's flags. Settings come from flags and TEND_* environment\n"+
		"variables; 'tend config' shows them. With no command, tend serves.\n")
}

// load parses flags common to every command plus the command's own, and validates the configuration.
func load(e Env, name string, args []string, define func(fs *flag.FlagSet)) (config.Config, error) {
	cfg, fs := config.Load("tend "+name, e.Getenv, e.Stderr)
	if define != nil {
		define(fs)
	}
	if err := fs.Parse(args); err != nil {
		return *cfg, err
	}
	if fs.NArg() > 0 {
		return *cfg, fmt.Errorf("unexpected argument %q (see 'tend help %s')", fs.Arg(0), name)
	}
	return *cfg, cfg.Finish()
}

// openDB opens and migrates the configured database.
func openDB(ctx context.Context, cfg config.Config) (*db.DB, int, error) {
	d, err := db.Open(ctx, cfg.Database())
	if err != nil {
		return nil, 0, err
	}
	n, err := d.Migrate(ctx)
	if err == nil {
		err = store.FillPersonSearch(ctx, store.New(d))
	}
	if err == nil {
		err = store.FillEmailSkeletons(ctx, store.New(d))
	}
	if err != nil {
		d.Close()
		return nil, 0, err
	}
	return d, n, nil
}

func newLogger(cfg config.Config, w io.Writer) *slog.Logger {
	var level slog.Level
	_ = level.UnmarshalText([]byte(cfg.LogLevel))
	opts := &slog.HandlerOptions{Level: level}
	var h slog.Handler = slog.NewJSONHandler(w, opts)
	if logFormat(cfg.LogFormat, w) == "text" {
		h = slog.NewTextHandler(w, opts)
	}
	return slog.New(httpx.LogHandler{Handler: h})
}

// readPassword reads a password from a file ("-" for standard input), without its trailing newline.
func readPassword(e Env, path string) (string, error) {
	if path == "" {
		return "", errors.New("--password-file is required (a file holding the password, or - for standard input)")
	}
	var b []byte
	var err error
	if path == "-" {
		b, err = io.ReadAll(io.LimitReader(e.Stdin, 4096))
	} else {
		b, err = os.ReadFile(path)
	}
	if err != nil {
		return "", fmt.Errorf("reading the password file: %w", err)
	}
	return strings.TrimRight(string(b), "\r\n"), nil
}

// versionString is the module version Go stamped into the binary, which names the commit (a pseudo-version,
// "+dirty" for uncommitted changes); a build without it says "dev" and the commit when it is known.
func versionString() string {
	if Version != "" {
		return Version
	}
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return "dev"
	}
	if bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		return bi.Main.Version + " (" + bi.GoVersion + ")"
	}
	v := "dev"
	for _, s := range bi.Settings {
		switch {
		case s.Key == "vcs.revision" && len(s.Value) >= 12:
			v += " " + s.Value[:12]
		case s.Key == "vcs.modified" && s.Value == "true":
			v += " (modified)"
		}
	}
	return v + " (" + bi.GoVersion + ")"
}

func version(_ context.Context, e Env, _ []string) error {
	fmt.Fprintln(e.Stdout, "tend "+versionString())
	return nil
}
