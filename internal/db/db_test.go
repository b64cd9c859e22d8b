package db_test

import (
	"context"
	"database/sql"
	"errors"
	"path/filepath"
	"testing"
	"time"

	"tend/internal/db"
	"tend/internal/httpx"
	"tend/internal/model"
	"tend/internal/testdb"
)

var ctx = context.Background()

func TestSQLitePragmas(t *testing.T) {
	t.Parallel()
	d := testdb.SQLite(t)
	want := map[string]string{"journal_mode": "wal", "foreign_keys": "1", "synchronous": "2", "busy_timeout": "10000"}
	for pragma, v := range want {
		var got string
		if err := d.W.QueryRowContext(ctx, "PRAGMA "+pragma).Scan(&got); err != nil {
			t.Fatal(err)
		}
		if got != v {
			t.Errorf("writer PRAGMA %s = %s, want %s", pragma, got, v)
		}
	}
	if d.W.Stats().MaxOpenConnections != 1 {
		t.Errorf("writer pool allows %d connections, want 1", d.W.Stats().MaxOpenConnections)
	}
	if _, err := d.R.ExecContext(ctx, `INSERT INTO installation (id, set_up_at) VALUES (1, 0)`); err == nil {
		t.Error("the reader pool accepted a write")
	}
}

func TestMigrateIsIdempotent(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		n, err := d.Migrate(ctx)
		if err != nil || n != 0 {
			t.Fatalf("second Migrate applied %d, %v; want 0, nil", n, err)
		}
		cur, err := d.CurrentVersion(ctx)
		if err != nil {
			t.Fatal(err)
		}
		latest, _ := d.LatestVersion()
		if cur != latest || cur < 1 {
			t.Fatalf("version %d, latest %d", cur, latest)
		}
	})
}

func TestClassifyAndRollback(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		_, err := d.W.ExecContext(ctx, `INSERT INTO practices (id, name, slug, time_zone, created_at) VALUES ('p1', 'A', 'a', 'UTC', 0)`)
		if err != nil {
			t.Fatal(err)
		}
		_, err = d.W.ExecContext(ctx, `INSERT INTO practices (id, name, slug, time_zone, created_at) VALUES ('p2', 'B', 'a', 'UTC', 0)`)
		if !errors.Is(db.Classify(err), model.ErrConflict) {
			t.Fatalf("a duplicate slug classified as %v, want ErrConflict", db.Classify(err))
		}
		// A transaction whose second statement fails leaves nothing behind.
		err = d.WithTx(ctx, func(tx *sql.Tx) error {
			if _, err := tx.ExecContext(ctx, `INSERT INTO practices (id, name, slug, time_zone, created_at) VALUES ('p3', 'C', 'c', 'UTC', 0)`); err != nil {
				return err
			}
			_, err := tx.ExecContext(ctx, `INSERT INTO practices (id, name, slug, time_zone, created_at) VALUES ('p4', 'D', 'c', 'UTC', 0)`)
			return db.Classify(err)
		})
		if !errors.Is(err, model.ErrConflict) {
			t.Fatalf("tx err = %v", err)
		}
		var n int
		if err := d.R.QueryRowContext(ctx, `SELECT COUNT(*) FROM practices WHERE id IN ('p3', 'p4')`).Scan(&n); err != nil || n != 0 {
			t.Fatalf("after a failed transaction %d rows remain (%v)", n, err)
		}
	})
}

// Several instances migrating one fresh database at the same moment all succeed.
func TestConcurrentMigrate(t *testing.T) {
	t.Parallel()
	admin := testdb.PostgresAdmin(t)
	urls := map[string]string{"sqlite": "sqlite:" + filepath.Join(t.TempDir(), "tend.db")}
	if admin != "" {
		urls["postgres"] = testdb.URL(t, admin)
	}
	for name, u := range urls {
		t.Run(name, func(t *testing.T) {
			const instances = 4
			errs := make(chan error, instances)
			for range instances {
				go func() {
					d, err := db.Open(ctx, u)
					if err == nil {
						_, err = d.Migrate(ctx)
						d.Close()
					}
					errs <- err
				}()
			}
			for range instances {
				if err := <-errs; err != nil {
					t.Fatalf("concurrent migrate: %v", err)
				}
			}
		})
	}
}

// Issue 11, item 2: a panic inside a transaction rolls it back and releases the writer; before, the
// abandoned transaction held SQLite's only writer connection and every later write timed out.
func TestWithTxRollsBackOnPanic(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		func() {
			defer func() {
				if v := recover(); v != "boom" {
					t.Errorf("recovered %v, want the panic to continue as boom", v)
				}
			}()
			_ = d.WithTx(ctx, func(tx *sql.Tx) error {
				if _, err := tx.ExecContext(ctx, `INSERT INTO practices (id, name, slug, time_zone, created_at) VALUES ('p-panic', 'A', 'a', 'UTC', 0)`); err != nil {
					t.Fatal(err)
				}
				panic("boom")
			})
		}()
		short, cancel := context.WithTimeout(ctx, 2*time.Second)
		defer cancel()
		err := d.WithTx(short, func(tx *sql.Tx) error {
			_, err := tx.ExecContext(short, `INSERT INTO practices (id, name, slug, time_zone, created_at) VALUES ('p-after', 'B', 'b', 'UTC', 0)`)
			return err
		})
		if err != nil {
			t.Fatalf("a write after the panic: %v (the writer is still held)", err)
		}
		var n int
		if err := d.R.QueryRowContext(ctx, `SELECT count(*) FROM practices WHERE id = 'p-panic'`).Scan(&n); err != nil || n != 0 {
			t.Fatalf("the panicking transaction left %d rows (%v), want 0", n, err)
		}
	})
}

// Issue 11, item 7: a foreign-key violation inside a transaction comes out as model.ErrReference, which
// the front doors answer with a 409 and a message, on both engines; before, it was an unclassified 500.
func TestForeignKeyViolationIsReference(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		err := d.WithTx(ctx, func(tx *sql.Tx) error {
			_, err := tx.ExecContext(ctx, `INSERT INTO tags (id, practice_id, name, name_norm, created_at) VALUES ('t1', 'no-such-practice', 'A', 'a', 0)`)
			return err
		})
		if !errors.Is(err, model.ErrReference) {
			t.Fatalf("got %v, want model.ErrReference", err)
		}
		if p, internal := httpx.Classify(err); internal || p.Status != 409 || p.Code != "reference" {
			t.Fatalf("answered %+v (internal %v), want a 409 reference", p, internal)
		}
	})
}
