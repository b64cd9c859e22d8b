package app

import (
	"cmp"
	"context"
	"errors"
	"flag"
	"fmt"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"tend/internal/account"
	"tend/internal/audit"
	"tend/internal/config"
	"tend/internal/demo"
	"tend/internal/model"
	"tend/internal/store"
)

// describe turns an error into a message for the operator: field problems one per line.
func describe(err error) string {
	var ve *model.ValidationError
	var ce *model.ConflictError
	switch {
	case errors.As(err, &ve):
		keys := make([]string, 0, len(ve.Fields))
		for k := range ve.Fields {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		var b strings.Builder
		b.WriteString("the input needs attention:")
		if ve.Message != "" {
			b.WriteString(" " + ve.Message)
		}
		for _, k := range keys {
			fmt.Fprintf(&b, "\n  %s: %s", k, ve.Fields[k])
		}
		return b.String()
	case errors.As(err, &ce):
		return ce.Message
	case errors.Is(err, account.ErrAlreadySetUp):
		return "this installation is already set up; use 'tend practice add' for another practice or 'tend user add' for staff"
	}
	return err.Error()
}

// withApp loads the configuration, opens and migrates the database, wires the app and runs fn.
func withApp(ctx context.Context, e Env, name string, args []string, define func(*flag.FlagSet), fn func(a *App) error) error {
	return withAppConfig(ctx, e, name, args, define, func(_ config.Config, a *App) error { return fn(a) })
}

// withAppConfig is withApp for a command that also needs the configuration it ran with.
func withAppConfig(ctx context.Context, e Env, name string, args []string, define func(*flag.FlagSet), fn func(cfg config.Config, a *App) error) error {
	cfg, err := load(e, name, args, define)
	if err != nil {
		return err
	}
	if err := cfg.EnsureSecret(); err != nil {
		return err
	}
	d, _, err := openDB(ctx, cfg)
	if err != nil {
		return err
	}
	defer d.Close()
	a, err := Build(cfg, d, newLogger(cfg, e.Stderr), nowUTC)
	if err != nil {
		return err
	}
	err = fn(cfg, a)
	return errors.Join(err, a.Close())
}

func migrate(ctx context.Context, e Env, args []string) error {
	cfg, err := load(e, "migrate", args, nil)
	if err != nil {
		return err
	}
	d, n, err := openDB(ctx, cfg)
	if err != nil {
		return err
	}
	defer d.Close()
	v, err := d.CurrentVersion(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.Stdout, "applied %d migration(s); the schema is at version %d\n", n, v)
	return nil
}

type practiceFlags struct {
	practice, name, email, passwordFile, timeZone *string
}

func setup(ctx context.Context, e Env, args []string) error {
	var f practiceFlags
	return withApp(ctx, e, "setup", args, func(fs *flag.FlagSet) {
		f.practice = fs.String("practice", "", "the practice's name")
		f.name = fs.String("name", "", "the owner's name")
		f.email = fs.String("email", "", "the owner's email, used to sign in")
		f.passwordFile = fs.String("password-file", "", "a file holding the owner's password (- for standard input)")
		f.timeZone = fs.String("time-zone", "UTC", "the practice's time zone, e.g. America/Chicago")
	}, func(a *App) error {
		pw, err := readPassword(e, *f.passwordFile)
		if err != nil {
			return err
		}
		pr, owner, err := a.Accounts.Setup(ctx, account.PracticeInput{
			PracticeName: *f.practice, TimeZone: *f.timeZone, OwnerName: *f.name, OwnerEmail: *f.email, Password: pw,
		}, "")
		if err != nil {
			return err
		}
		fmt.Fprintf(e.Stdout, "set up practice %s (%s); the owner signs in as %s\n", pr.Name, pr.Slug, owner.Email)
		return nil
	})
}

func practiceAdd(ctx context.Context, e Env, args []string) error {
	var f practiceFlags
	return withApp(ctx, e, "practice add", args, func(fs *flag.FlagSet) {
		f.practice = fs.String("name", "", "the practice's name")
		f.name = fs.String("owner-name", "", "the owner's name")
		f.email = fs.String("owner-email", "", "the owner's email, used to sign in")
		f.passwordFile = fs.String("password-file", "", "a file holding the owner's password (- for standard input)")
		f.timeZone = fs.String("time-zone", "UTC", "the practice's time zone, e.g. Europe/London")
	}, func(a *App) error {
		pw, err := readPassword(e, *f.passwordFile)
		if err != nil {
			return err
		}
		pr, owner, err := a.Accounts.AddPractice(ctx, account.PracticeInput{
			PracticeName: *f.practice, TimeZone: *f.timeZone, OwnerName: *f.name, OwnerEmail: *f.email, Password: pw,
		})
		if err != nil {
			return err
		}
		fmt.Fprintf(e.Stdout, "added practice %s (%s, id %s); the owner signs in as %s\n", pr.Name, pr.Slug, pr.ID, owner.Email)
		return nil
	})
}

func practiceList(ctx context.Context, e Env, args []string) error {
	return withApp(ctx, e, "practice list", args, nil, func(a *App) error {
		ps, err := a.Accounts.Practices(ctx)
		if err != nil {
			return err
		}
		if len(ps) == 0 {
			fmt.Fprintln(e.Stdout, "no practices yet; run 'tend setup' or open the web page")
		}
		for _, p := range ps {
			fmt.Fprintf(e.Stdout, "%s\t%s\t%s\t%s\n", p.Slug, p.ID, p.TimeZone, p.Name)
		}
		return nil
	})
}

func userAdd(ctx context.Context, e Env, args []string) error {
	var practice, name, email, role, passwordFile *string
	return withApp(ctx, e, "user add", args, func(fs *flag.FlagSet) {
		practice = fs.String("practice", "", "the practice's slug or id (needed when there is more than one)")
		name = fs.String("name", "", "the person's name")
		email = fs.String("email", "", "their email, used to sign in")
		role = fs.String("role", "clinician", "owner, admin, clinician, supervisor or billing")
		passwordFile = fs.String("password-file", "", "a file holding their temporary password (- for standard input)")
	}, func(a *App) error {
		pr, err := pickPractice(ctx, a, *practice)
		if err != nil {
			return err
		}
		pw, err := readPassword(e, *passwordFile)
		if err != nil {
			return err
		}
		st, err := a.Accounts.AddStaffByOperator(ctx, pr.ID, model.StaffInput{Name: *name, Email: *email, Role: model.Role(*role), Password: pw})
		if err != nil {
			return err
		}
		fmt.Fprintf(e.Stdout, "added %s to %s as %s (id %s); they choose their own password at first sign-in\n", st.Email, pr.Slug, st.Role, st.ID)
		return nil
	})
}

func userResetTwoStep(ctx context.Context, e Env, args []string) error {
	var email *string
	return withApp(ctx, e, "user reset-two-step", args, func(fs *flag.FlagSet) {
		email = fs.String("email", "", "the staff member's email")
	}, func(a *App) error {
		if *email == "" {
			return errors.New("--email is required")
		}
		st, err := a.Accounts.ResetTwoStepForEmail(ctx, *email)
		if err != nil {
			return err
		}
		fmt.Fprintf(e.Stdout, "two-step sign-in is off for %s (id %s) and their sessions ended; they sign in with their password and set it up again\n", st.Email, st.ID)
		return nil
	})
}

// pickPractice finds the practice named by key, or the only practice when key is empty.
func pickPractice(ctx context.Context, a *App, key string) (model.Practice, error) {
	if key != "" {
		p, err := a.Accounts.PracticeBySlugOrID(ctx, key)
		if errors.Is(err, model.ErrNotFound) {
			return p, fmt.Errorf("no practice %q; 'tend practice list' shows them", key)
		}
		return p, err
	}
	ps, err := a.Accounts.Practices(ctx)
	if err != nil {
		return model.Practice{}, err
	}
	switch len(ps) {
	case 0:
		return model.Practice{}, errors.New("there is no practice yet; run 'tend setup' first")
	case 1:
		return ps[0], nil
	}
	return model.Practice{}, errors.New("this installation has several practices; name one with --practice SLUG ('tend practice list')")
}

func tokenCreate(ctx context.Context, e Env, args []string) error {
	var email, name, expires *string
	var days *int
	return withApp(ctx, e, "token create", args, func(fs *flag.FlagSet) {
		email = fs.String("email", "", "the staff member's email")
		name = fs.String("name", "command line", "what the token is for")
		expires = fs.String("expires-at", "", "when the token stops working: a date (2027-03-31, through that day in the practice's time zone) or an RFC 3339 date-time")
		days = fs.Int("expires-in-days", 0, "or: the token stops working this many days from now (at most 730)")
	}, func(a *App) error {
		if *email == "" {
			return errors.New("--email is required")
		}
		in := model.TokenInput{Name: *name, ExpiresAt: *expires}
		if *days != 0 {
			in.ExpiresInDays = days
		}
		_, secret, err := a.Accounts.CreateTokenForEmail(ctx, *email, in)
		if err != nil {
			return err
		}
		fmt.Fprintln(e.Stderr, "This token is shown once. Send it as: Authorization: Bearer <token>")
		fmt.Fprintln(e.Stdout, secret)
		return nil
	})
}

// DemoServices are the use cases tend demo fills the record through.
func (a *App) DemoServices() demo.Services {
	return demo.Services{Accounts: a.Accounts, Log: a.AuditLog, Portal: a.Portal, Documents: a.Documents, Clinical: a.Clinical,
		Notes: a.Notes, PsychNotes: a.PsychNotes, Reflections: a.Reflections, Plans: a.Plans,
		Appointments: a.Appointments, Ledger: a.Ledger, Reminders: a.Reminders, Files: a.Files, Tasks: a.Tasks, Messages: a.Messages}
}

func demoFill(ctx context.Context, e Env, args []string) error {
	var n, others, portalClients *int
	return withAppConfig(ctx, e, "demo", args, func(fs *flag.FlagSet) {
		n = fs.Int("clients", 60, "how many clients to generate")
		portalClients = fs.Int("portal-clients", 0, "for tend bench: also give this many clients a portal account (a public password) with a PHQ-9 waiting")
		others = fs.Int("other-practices", 0, "for load tests: also add this many practices with as many clients each")
	}, func(cfg config.Config, a *App) error {
		if *others < 0 || *others > 50 {
			return errors.New("--other-practices must be between 0 and 50")
		}
		if *portalClients < 0 || *portalClients > 10_000 {
			return errors.New("--portal-clients must be between 0 and 10,000")
		}
		seed := uint64(time.Now().UnixNano())
		login, err := demo.Fill(ctx, a.DemoServices(), *n, seed)
		if errors.Is(err, demo.ErrNotEmpty) {
			return notEmptyForDemo(e, cfg)
		}
		if err != nil {
			return err
		}
		if err := demo.Documents(ctx, a.Accounts, a.Portal, a.Documents, login); err != nil {
			return err
		}
		bench, err := demo.BenchPortal(ctx, a.Accounts, a.AuditLog, a.Documents, login, *portalClients)
		if err != nil {
			return err
		}
		if err := demo.Others(ctx, a.Accounts, a.AuditLog, *others, *n, seed+1); err != nil {
			return err
		}
		if err := demo.WriteLogins(cfg.DataDir, demo.LoginsFile{OwnerEmail: login.Email, OwnerPassword: login.Password,
			RecordChartID: login.Portal.ChartID, Portal: bench}); err != nil {
			return err
		}
		if err := a.Accounts.Store.DB.Optimize(ctx); err != nil {
			return err
		}
		fmt.Fprintf(e.Stdout, "Created the fictional practice Willow Creek Counseling with 7 staff and %d clients.\n", *n)
		fmt.Fprintf(e.Stdout, "Sign in as the owner:\n  email:    %s\n  password: %s\n", login.Email, login.Password)
		fmt.Fprintf(e.Stdout, "The other staff (morgan@, priya@, sam@, lena@, dana@, chris@willowcreek.example) have the temporary password %s.\n", login.StaffPassword)
		if login.Portal.Email != "" {
			fmt.Fprintf(e.Stdout, "A client can try the portal at /portal/login:\n  email:    %s\n  password: %s\n", login.Portal.Email, login.Portal.Password)
		}
		if len(bench) > 0 {
			fmt.Fprintf(e.Stdout, "%d more clients have a portal account with a PHQ-9 waiting, for tend bench (password %s).\n", len(bench), demo.BenchPortalPassword)
		}
		fmt.Fprintf(e.Stdout, "These sign-in details are also in %s (readable by you only), for tend bench.\n", filepath.Join(cfg.DataDir, demo.LoginsFileName))
		fmt.Fprintf(e.Stdout, "\nNow start Tend on this data and open the address it prints:\n\n  %s\n\n", serveCommand(e, cfg))
		return nil
	})
}

// serveCommand is the exact command that serves the data the command just used: the same program, and
// the data folder unless it is the default (PostgreSQL needs the same TEND_DATABASE_URL instead).
func serveCommand(e Env, cfg config.Config) string {
	cmd := programName(e.Program) + " serve"
	switch {
	case cfg.IsPostgres():
		return cmd + "    # with the same TEND_DATABASE_URL"
	case cfg.DataDir != config.DefaultDataDir:
		return cmd + " --data " + shellQuote(cfg.DataDir)
	}
	return cmd
}

// notEmptyForDemo explains that the demo wants an empty installation, and how to give it one.
func notEmptyForDemo(e Env, cfg config.Config) error {
	if cfg.IsPostgres() {
		return errors.New("the database in TEND_DATABASE_URL already has a practice; the demo fills an empty database only (create a new one and point TEND_DATABASE_URL at it)")
	}
	prog := programName(e.Program)
	return fmt.Errorf("the data folder %s already has a practice, and the demo fills an empty one only. Give it a new folder with --data:\n\n"+
		"  %s demo --data demo-data\n  %s serve --data demo-data\n\n(Any new folder name works; your data in %s stays as it is.)",
		shellQuote(cfg.DataDir), prog, prog, shellQuote(cfg.DataDir))
}

// programName is how to run tend again as the person did: the path they typed for a built binary, or
// "go run ./cmd/tend" when go run built it into a temporary folder.
func programName(program string) string {
	if program == "" || strings.Contains(filepath.ToSlash(program), "/go-build") {
		return "go run ./cmd/tend"
	}
	return shellQuote(program)
}

// shellQuote quotes s for a POSIX shell when it holds anything but plain path characters.
func shellQuote(s string) string {
	plain := s != "" && strings.IndexFunc(s, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("-_./:@+=,", r))
	}) < 0
	if plain {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

func showConfig(_ context.Context, e Env, args []string) error {
	cfg, err := load(e, "config", args, nil)
	if err != nil {
		return err
	}
	if err := cfg.LoadSecretIfPresent(); err != nil {
		return err
	}
	fmt.Fprint(e.Stdout, cfg.Describe())
	return nil
}

func auditVerify(ctx context.Context, e Env, args []string) error {
	checkpoints := optionalPath{}
	cfg, err := load(e, "audit verify", joinOptionalValue(args, "checkpoints"), func(fs *flag.FlagSet) {
		fs.Var(&checkpoints, "checkpoints", "also compare the chains with the checkpoints in this file (default <data>/audit-checkpoints.jsonl)")
	})
	if err != nil {
		return err
	}
	if err := cfg.LoadSecretIfPresent(); err != nil {
		return err
	}
	key, err := cfg.AuditKey()
	if err != nil {
		return err
	}
	var cps []audit.Checkpoint
	if checkpoints.set {
		path := cmp.Or(checkpoints.path, cfg.CheckpointFile())
		if cps, err = audit.ReadCheckpoints(path); err != nil {
			return err
		}
	}
	d, _, err := openDB(ctx, cfg)
	if err != nil {
		return err
	}
	defer d.Close()
	q := store.New(d).R()
	reports, err := audit.NewLog(key).Verify(ctx, q)
	if err == nil {
		var total int64
		for _, r := range reports {
			total += r.Events
			fmt.Fprintf(e.Stdout, "chain %s: %d events, intact, head %s\n", r.Chain, r.Events, r.Head)
		}
		fmt.Fprintf(e.Stdout, "audit log intact: %d events in %d chain(s)\n", total, len(reports))
	}
	if !checkpoints.set {
		return err
	}
	// A truncation with its head reset, or a chain rewritten with the key, passes the walk above: only
	// the heads kept outside the database show it.
	n, cerr := audit.VerifyCheckpoints(ctx, q, cps)
	if cerr == nil {
		fmt.Fprintf(e.Stdout, "checkpoints match: %d checked\n", n)
	}
	return errors.Join(err, cerr)
}

func auditCheckpoint(ctx context.Context, e Env, args []string) error {
	cfg, err := load(e, "audit checkpoint", args, nil)
	if err != nil {
		return err
	}
	d, _, err := openDB(ctx, cfg)
	if err != nil {
		return err
	}
	defer d.Close()
	c := &audit.Checkpointer{Store: store.New(d), Path: cfg.CheckpointFile(), Now: time.Now, Log: newLogger(cfg, e.Stderr)}
	n, err := c.Write(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.Stdout, "%d checkpoint(s) appended to %s; copy the file off this machine\n", n, cfg.CheckpointFile())
	return nil
}

// optionalPath is a flag that may stand alone (--checkpoints) or carry a value (--checkpoints=FILE).
type optionalPath struct {
	set  bool
	path string
}

func (o *optionalPath) String() string { return o.path }

func (o *optionalPath) Set(v string) error {
	o.set = true
	if v != "true" {
		o.path = v
	}
	return nil
}

func (o *optionalPath) IsBoolFlag() bool { return true }

// joinOptionalValue turns "--name VALUE" into "--name=VALUE" for a flag whose value is optional, so
// both spellings work; a following flag is not taken for its value.
func joinOptionalValue(args []string, name string) []string {
	out := make([]string, 0, len(args))
	for i := 0; i < len(args); i++ {
		a := args[i]
		if (a == "--"+name || a == "-"+name) && i+1 < len(args) && !strings.HasPrefix(args[i+1], "-") {
			out = append(out, a+"="+args[i+1])
			i++
			continue
		}
		out = append(out, a)
	}
	return out
}
