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
	if err := os.MkdirAll(filepath.Dir(abs), 0o700); err != nil {
		return fmt.Errorf("db: backup folder: %w", err)
	}
	// Compare real paths, so a symlinked folder cannot lead a backup onto the live files.
	dir, err := filepath.EvalSymlinks(filepath.Dir(abs))
	if err != nil {
		return fmt.Errorf("db: backup folder: %w", err)
	}
	target := filepath.Join(dir, filepath.Base(abs))
	spoolOut := target + SpoolSuffix
	for _, f := range []string{target, spoolOut} {
		if d.isLiveFile(f) {
			return errors.New("db: the backup must not be written over the live database, its spool or their journal files")
		}
		if _, err := os.Stat(f); err == nil && !force {
			return fmt.Errorf("%w: %s (add --force to replace it)", ErrBackupExists, f)
		}
	}
	if _, err := os.Stat(d.Path + SpoolSuffix); err == nil {
		if err := copyInto(spoolOut, func(tmp string) error { return vacuumInto(ctx, d.Path+SpoolSuffix, tmp) }); err != nil {
			return fmt.Errorf("db: copying the audit spool: %w", err)
		}
	}
	// The writer connection, because the readers are query_only; VACUUM INTO itself only reads, so
	// another process serving the installation keeps writing meanwhile.
	return copyInto(target, func(tmp string) error {
		if _, err := d.W.ExecContext(ctx, `VACUUM INTO $1`, tmp); err != nil {
			return fmt.Errorf("db: VACUUM INTO %s: %w", tmp, err)
		}
		return nil
	})
}

// isLiveFile reports whether path is one of the files the running database owns: the database, the
// audit spool, or the journal, WAL and shared-memory files of either.
func (d *DB) isLiveFile(path string) bool {
	live, err := filepath.EvalSymlinks(d.Path)
	if err != nil {
		live, _ = filepath.Abs(d.Path)
	}
	target, statErr := os.Stat(path)
	for _, base := range []string{live, live + SpoolSuffix} {
		for _, suffix := range []string{"", "-wal", "-shm", "-journal"} {
			if path == base+suffix {
				return true
			}
			if other, err := os.Stat(base + suffix); err == nil && statErr == nil && os.SameFile(target, other) {
				return true
			}
		}
	}
	return false
}

// copyInto has write make a new file beside path, readable by the owner only, and renames it over path
// once it is complete: a failed copy leaves no partial file, and an older backup is replaced only by a
// finished one.
func copyInto(path string, write func(tmp string) error) error {
	f, err := os.CreateTemp(filepath.Dir(path), filepath.Base(path)+".partial-*")
	if err != nil {
		return fmt.Errorf("db: backup file: %w", err)
	}
	tmp := f.Name()
	f.Close() // an empty file: VACUUM INTO writes into it
	if err := write(tmp); err != nil {
		os.Remove(tmp)
		return err
	}
	if err := os.Rename(tmp, path); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("db: backup file: %w", err)
	}
	return nil
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
	return nil
}
