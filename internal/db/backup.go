package db

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
)

// ErrBackupExists means a backup's target file is already there.
var ErrBackupExists = errors.New("db: the backup file already exists")

// SpoolSuffix names the audit spool beside a SQLite database (see OpenSpool).
const SpoolSuffix = "-audit-spool"

// BackupSQLite writes a consistent copy of the SQLite database to out with VACUUM INTO, while the
// installation keeps running (it reads one snapshot; writers go on), and copies the audit spool to
// out+SpoolSuffix the same way. The spool is copied first: a read event that moves from the spool into
// the log meanwhile is then in one copy or both, never in neither, and moving it again after a restore
// adds it once. force replaces existing files; without it an existing target is ErrBackupExists.
func (d *DB) BackupSQLite(ctx context.Context, out string, force bool) error {
	if d.Dialect != SQLite {
		return errors.New("db: BackupSQLite needs a SQLite database")
	}
	abs, err := filepath.Abs(out)
	if err != nil {
		return fmt.Errorf("db: backup path: %w", err)
	}
	live, _ := filepath.Abs(d.Path)
	if abs == live || abs == live+SpoolSuffix {
		return errors.New("db: the backup file must not be the live database or its spool")
	}
	spoolOut := abs + SpoolSuffix
	for _, f := range []string{abs, spoolOut} {
		if _, err := os.Stat(f); err == nil {
			if !force {
				return fmt.Errorf("%w: %s (add --force to replace it)", ErrBackupExists, f)
			}
			if err := os.Remove(f); err != nil {
				return fmt.Errorf("db: replacing %s: %w", f, err)
			}
		}
	}
	if err := os.MkdirAll(filepath.Dir(abs), 0o700); err != nil {
		return fmt.Errorf("db: backup folder: %w", err)
	}
	if _, err := os.Stat(d.Path + SpoolSuffix); err == nil {
		if err := vacuumInto(ctx, d.Path+SpoolSuffix, spoolOut); err != nil {
			return fmt.Errorf("db: copying the audit spool: %w", err)
		}
	}
	// The writer connection, because the readers are query_only; VACUUM INTO itself only reads, so
	// another process serving the installation keeps writing meanwhile.
	if _, err := d.W.ExecContext(ctx, `VACUUM INTO $1`, abs); err != nil {
		return fmt.Errorf("db: VACUUM INTO %s: %w", abs, err)
	}
	return os.Chmod(abs, 0o600)
}

// vacuumInto copies another SQLite file (the spool) with VACUUM INTO through a connection of its own.
func vacuumInto(ctx context.Context, from, to string) error {
	q := url.Values{}
	q.Add("_pragma", "busy_timeout(10000)")
	c, err := sql.Open("sqlite", "file:"+from+"?"+q.Encode())
	if err != nil {
		return err
	}
	defer c.Close()
	if _, err := c.ExecContext(ctx, `VACUUM INTO $1`, to); err != nil {
		return fmt.Errorf("VACUUM INTO %s: %w", to, err)
	}
	return os.Chmod(to, 0o600)
}
