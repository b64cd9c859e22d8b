package app

import (
	"context"
	"fmt"

	"tend/internal/audit"
	"tend/internal/db"
	"tend/internal/store"
)

// doctor checks an installation without changing it: the schema against this binary, the client
// search index against the charts, and the audit log's hash chains. Each problem is named with the
// command that mends it; any problem makes the exit code non-zero.
func doctor(ctx context.Context, e Env, args []string) error {
	cfg, err := load(e, "doctor", args, nil)
	if err != nil {
		return err
	}
	d, err := db.Open(ctx, cfg.Database())
	if err != nil {
		return err
	}
	defer d.Close()
	var problems []string
	ok := func(format string, a ...any) { fmt.Fprintf(e.Stdout, "ok       "+format+"\n", a...) }
	bad := func(format string, a ...any) {
		msg := fmt.Sprintf(format, a...)
		problems = append(problems, msg)
		fmt.Fprintln(e.Stdout, "PROBLEM  "+msg)
	}

	latest, err := d.LatestVersion()
	if err != nil {
		return err
	}
	current, err := d.CurrentVersion(ctx)
	switch {
	case err != nil:
		bad("migrations: the schema version cannot be read (%v); run 'tend migrate'", err)
	case current < latest:
		bad("migrations: the database is at version %d, this tend at %d; run 'tend migrate'", current, latest)
	case current > latest:
		bad("migrations: the database is at version %d, newer than this tend (%d); run the newer tend binary", current, latest)
	default:
		ok("migrations: the schema is at version %d, as this tend expects", current)
	}

	if err := d.CheckSearchIndex(ctx); err != nil {
		bad("search index: %v; run 'tend search rebuild'", err)
	} else {
		ok("search index: matches the charts")
	}

	if err := cfg.LoadSecretIfPresent(); err != nil {
		return err
	}
	key, err := cfg.AuditKey()
	if err != nil {
		bad("audit log: cannot be verified without the secret key (%v); set TEND_SECRET_KEY or put secret.key in the data folder", err)
	} else if reports, err := audit.NewLog(key).Verify(ctx, store.New(d).R()); err != nil {
		bad("audit log: %v; this cannot be mended in place: keep this database for investigation, compare with your backups ('tend audit verify' repeats the check)", err)
	} else {
		var n int64
		for _, r := range reports {
			n += r.Events
		}
		ok("audit log: %d events in %d chain(s) verify", n, len(reports))
	}

	if len(problems) > 0 {
		return fmt.Errorf("%d problem(s) found", len(problems))
	}
	fmt.Fprintln(e.Stdout, "all checks passed")
	return nil
}
