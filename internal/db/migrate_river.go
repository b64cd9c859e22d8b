package db

import (
	"context"
	"database/sql"
	"fmt"
	"log/slog"

	"github.com/riverqueue/river/riverdriver"
	"github.com/riverqueue/river/riverdriver/riverdatabasesql"
	"github.com/riverqueue/river/riverdriver/riversqlite"
	"github.com/riverqueue/river/rivermigrate"
)

// RiverDriver is River's driver for this database, over the writer pool and *sql.Tx on both engines, so a
// job can be inserted in the transaction of the change that causes it. On SQLite the writer pool has its
// one connection, which River also needs; on PostgreSQL River polls, since database/sql cannot LISTEN.
func (d *DB) RiverDriver() riverdriver.Driver[*sql.Tx] {
	if d.Dialect == Postgres {
		return riverdatabasesql.New(d.W)
	}
	return riversqlite.New(d.W)
}

// migrateRiver brings River's own tables (river_job, river_leader, …) to the version this binary's River
// needs, with River's migrator. Versions already applied are skipped, so running it twice changes
// nothing. It returns how many versions were added while it ran.
func (d *DB) migrateRiver(ctx context.Context) (int, error) {
	m, err := rivermigrate.New(d.RiverDriver(), &rivermigrate.Config{Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		return 0, fmt.Errorf("db: river migrator: %w", err)
	}
	// A transaction per version (on PostgreSQL a new enum value cannot be used in the transaction that
	// adds it). On PostgreSQL, Migrate's advisory lock makes instances starting together take turns. On
	// SQLite two instances may both find a version missing; the slower one fails on it once the faster one
	// commits. So on SQLite a failure is tried again while versions keep being added (by either), and
	// reported once an attempt adds none.
	applied := 0
	for {
		before, err := m.ExistingVersions(ctx)
		if err != nil {
			return applied, fmt.Errorf("db: river migrations: %w", err)
		}
		res, err := m.Migrate(ctx, rivermigrate.DirectionUp, nil)
		if err == nil {
			return applied + len(res.Versions), nil
		}
		after, verr := m.ExistingVersions(ctx)
		if d.Dialect == Postgres || verr != nil || len(after) <= len(before) {
			return applied, fmt.Errorf("db: river migrations: %w", err)
		}
		applied += len(after) - len(before)
	}
}
