package app

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"time"

	"tend/internal/audit"
	"tend/internal/config"
	"tend/internal/db"
	"tend/internal/store"
)

// pgDumpAdvice is what backup says on PostgreSQL. tend does not run pg_dump itself: the client must
// match the server's major version and the operator's connection settings (TLS, roles), which the
// operator knows and tend does not; a backup that silently used the wrong pg_dump would be worse.
const pgDumpAdvice = `on PostgreSQL, back up with the server's own tool, which makes a consistent copy while tend runs:
  pg_dump --format=custom --file tend.dump "$TEND_DATABASE_URL"
and restore into an empty database with:
  pg_restore --no-owner --dbname "$NEW_DATABASE_URL" tend.dump
(see "Backup and restore" in the README)`

func backup(ctx context.Context, e Env, args []string) error {
	var out *string
	var force *bool
	cfg, err := load(e, "backup", args, func(fs *flag.FlagSet) {
		out = fs.String("out", "", "the file to write the copy to (the audit spool goes beside it, FILE-audit-spool)")
		force = fs.Bool("force", false, "replace FILE when it exists")
	})
	if err != nil {
		return err
	}
	if *out == "" {
		return errors.New("--out FILE is required: where to write the copy")
	}
	d, err := db.Open(ctx, cfg.Database())
	if err != nil {
		return err
	}
	defer d.Close()
	if d.Dialect == db.Postgres {
		return errors.New(pgDumpAdvice)
	}
	flushed := flushSpool(ctx, cfg, d)
	if err := d.BackupSQLite(ctx, *out, *force); err != nil {
		return err
	}
	fmt.Fprintf(e.Stdout, "backed up the database to %s (the audit spool, if any, to %s%s)\n", *out, *out, db.SpoolSuffix)
	if flushed != nil {
		fmt.Fprintf(e.Stdout, "note: waiting read events were copied in the spool, not moved into the log first: %v\n", flushed)
	}
	fmt.Fprintln(e.Stdout, "keep the secret key (TEND_SECRET_KEY or secret.key) safe too, apart from the copy: the audit log verifies only with it")
	return nil
}

// flushSpool moves waiting read events into the audit log before a copy, so the copy's log is
// complete; it needs the secret key (to chain them) and answers why it could not.
func flushSpool(ctx context.Context, cfg config.Config, d *db.DB) error {
	if err := cfg.LoadSecretIfPresent(); err != nil {
		return err
	}
	key, err := cfg.AuditKey()
	if err != nil {
		return err
	}
	side, err := db.OpenSpool(ctx, d.Path)
	if err != nil {
		return err
	}
	s := audit.NewSpool(side, audit.NewLog(key), store.New(d), time.Hour, nil)
	return s.Close() // Close moves what waits, then closes the side file
}

func searchRebuild(ctx context.Context, e Env, args []string) error {
	cfg, err := load(e, "search rebuild", args, nil)
	if err != nil {
		return err
	}
	d, _, err := openDB(ctx, cfg)
	if err != nil {
		return err
	}
	defer d.Close()
	start := time.Now()
	if err := d.RebuildSearchIndex(ctx); err != nil {
		return err
	}
	if err := d.CheckSearchIndex(ctx); err != nil {
		return fmt.Errorf("rebuilt, but the check still fails: %w", err)
	}
	fmt.Fprintf(e.Stdout, "rebuilt the client search index in %s; it checks out\n", time.Since(start).Round(time.Millisecond))
	return nil
}
