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
// nothing. It returns how many versions ran.
func (d *DB) migrateRiver(ctx context.Context) (int, error) {
	m, err := rivermigrate.New(d.RiverDriver(), &rivermigrate.Config{Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		return 0, fmt.Errorf("db: river migrator: %w", err)
	}
	if d.Dialect == Postgres {
		// A transaction per version (a new enum value cannot be used in the transaction that adds it);
		// Migrate's advisory lock makes instances starting together take turns.
		res, err := m.Migrate(ctx, rivermigrate.DirectionUp, nil)
		if err != nil {
			return 0, fmt.Errorf("db: river migrations: %w", err)
		}
		return len(res.Versions), nil
	}
	// One immediate transaction for all of River's versions makes SQLite instances starting together take
	// turns: each reads the applied versions only once it holds the write lock.
	n := 0
	err = d.WithTx(ctx, func(tx *sql.Tx) error {
		res, err := m.MigrateTx(ctx, tx, rivermigrate.DirectionUp, nil)
		if err != nil {
			return err
		}
		n = len(res.Versions)
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("db: river migrations: %w", err)
	}
	return n, nil
}
