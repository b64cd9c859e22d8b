package db

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"math"
	"sort"
	"strconv"
	"strings"
	"time"
)

//go:embed migrations/*.sql
var migrationFiles embed.FS

// migration is one numbered step. A step is "NNN_name.sql" for both engines, or a pair
// "NNN_name.sqlite.sql" / "NNN_name.postgres.sql" where the engines really differ.
type migration struct {
	Version int
	Name    string
	SQL     string
}

func (d *DB) migrations() ([]migration, error) {
	entries, err := fs.ReadDir(migrationFiles, "migrations")
	if err != nil {
		return nil, fmt.Errorf("db: reading migrations: %w", err)
	}
	byVersion := map[int]migration{}
	for _, e := range entries {
		name := e.Name()
		base := strings.TrimSuffix(name, ".sql")
		if i := strings.LastIndex(base, "."); i >= 0 {
			if base[i+1:] != string(d.Dialect) {
				continue
			}
			base = base[:i]
		}
		num, _, ok := strings.Cut(base, "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil {
			return nil, fmt.Errorf("db: migration %s: name must start with a number and an underscore", name)
		}
		body, err := migrationFiles.ReadFile("migrations/" + name)
		if err != nil {
			return nil, fmt.Errorf("db: reading migration %s: %w", name, err)
		}
		if _, dup := byVersion[v]; dup {
			return nil, fmt.Errorf("db: migration version %d appears twice", v)
		}
		byVersion[v] = migration{Version: v, Name: base, SQL: string(body)}
	}
	out := make([]migration, 0, len(byVersion))
	for _, m := range byVersion {
		out = append(out, m)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Version < out[j].Version })
	return out, nil
}

// LatestVersion is the highest migration version this binary knows.
func (d *DB) LatestVersion() (int, error) {
	ms, err := d.migrations()
	if err != nil || len(ms) == 0 {
		return 0, err
	}
	return ms[len(ms)-1].Version, nil
}

// CurrentVersion is the highest migration version applied to the database (0 when none).
func (d *DB) CurrentVersion(ctx context.Context) (int, error) {
	var v sql.NullInt64
	err := d.R.QueryRowContext(ctx, `SELECT MAX(version) FROM schema_migrations`).Scan(&v)
	if err != nil {
		return 0, fmt.Errorf("db: reading schema version: %w", err)
	}
	return int(v.Int64), nil
}

// ErrSchemaNewer means the database was migrated by a newer tend than this one: running on it could
// corrupt data this binary does not know about.
var ErrSchemaNewer = errors.New("db: the database is newer than this binary")

// refuseNewer stops a binary whose latest migration is older than the database's schema.
func (d *DB) refuseNewer(ctx context.Context, ms []migration) error {
	var v sql.NullInt64
	if err := d.W.QueryRowContext(ctx, `SELECT MAX(version) FROM schema_migrations`).Scan(&v); err != nil {
		return fmt.Errorf("db: reading schema version: %w", err)
	}
	latest := 0
	if len(ms) > 0 {
		latest = ms[len(ms)-1].Version
	}
	if int(v.Int64) > latest {
		return fmt.Errorf("%w: its schema is at version %d, this tend knows up to %d; run the newer tend "+
			"(or restore a backup made with this version)", ErrSchemaNewer, v.Int64, latest)
	}
	return nil
}

// appliedVersions are the versions schema_migrations records.
func (d *DB) appliedVersions(ctx context.Context) (map[int]bool, error) {
	rows, err := d.W.QueryContext(ctx, `SELECT version FROM schema_migrations`)
	if err != nil {
		return nil, fmt.Errorf("db: reading applied migrations: %w", err)
	}
	defer rows.Close()
	done := map[int]bool{}
	for rows.Next() {
		var v int
		if err := rows.Scan(&v); err != nil {
			return nil, fmt.Errorf("db: reading applied migrations: %w", err)
		}
		done[v] = true
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("db: reading applied migrations: %w", err)
	}
	return done, nil
}

// migrationLockKey is the PostgreSQL advisory lock that serializes migrations across instances.
const migrationLockKey = 7_302_115_100

// Migrate applies every migration not yet applied, River's and then Tend's, each in its own transaction,
// and returns how many ran.
// Several instances may start at once: on PostgreSQL an advisory lock serializes them, on SQLite the
// immediate transaction does.
func (d *DB) Migrate(ctx context.Context) (int, error) { return d.migrate(ctx, true, math.MaxInt) }

// migrate applies River's migrations when withRiver, then Tend's up to version upTo (tests stop early
// to set up a database as an older release left it).
func (d *DB) migrate(ctx context.Context, withRiver bool, upTo int) (int, error) {
	if d.Dialect == Postgres {
		// Instances starting together take turns: even CREATE TABLE IF NOT EXISTS races on PostgreSQL.
		conn, err := d.W.Conn(ctx)
		if err != nil {
			return 0, fmt.Errorf("db: migration lock: %w", err)
		}
		defer conn.Close()
		if _, err := conn.ExecContext(ctx, `SELECT pg_advisory_lock($1)`, migrationLockKey); err != nil {
			return 0, fmt.Errorf("db: migration lock: %w", err)
		}
		defer conn.ExecContext(context.WithoutCancel(ctx), `SELECT pg_advisory_unlock($1)`, migrationLockKey)
	}
	if _, err := d.W.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		version INTEGER PRIMARY KEY,
		name TEXT NOT NULL,
		applied_at BIGINT NOT NULL)`); err != nil {
		return 0, fmt.Errorf("db: creating schema_migrations: %w", err)
	}
	ms, err := d.migrations()
	if err != nil {
		return 0, err
	}
	if err := d.refuseNewer(ctx, ms); err != nil {
		return 0, err
	}
	// River's tables come first: a migration of ours may move work into them (013 did).
	applied := 0
	if withRiver {
		n, err := d.migrateRiver(ctx)
		if err != nil {
			return n, err
		}
		applied = n
	}
	// The versions already applied, read once: a start on an up-to-date database then opens no
	// transaction per migration (issue 19, item 3: cold start). A version missing here is still checked
	// again inside its transaction, where another instance may just have applied it.
	done, err := d.appliedVersions(ctx)
	if err != nil {
		return applied, err
	}
	for _, m := range ms {
		if m.Version > upTo {
			break
		}
		if done[m.Version] {
			continue
		}
		ran := false
		err := d.WithTx(ctx, func(tx *sql.Tx) error {
			var n int
			if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM schema_migrations WHERE version = $1`, m.Version).Scan(&n); err != nil {
				return fmt.Errorf("checking version: %w", err)
			}
			if n > 0 {
				return nil
			}
			if _, err := tx.ExecContext(ctx, m.SQL); err != nil {
				return fmt.Errorf("applying: %w", err)
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)`,
				m.Version, m.Name, time.Now().UnixMilli()); err != nil {
				return fmt.Errorf("recording: %w", err)
			}
			ran = true
			return nil
		})
		if err != nil {
			return applied, fmt.Errorf("db: migration %03d %s: %w", m.Version, m.Name, err)
		}
		if ran {
			applied++
		}
	}
	return applied, nil
}
