// Package testdb gives tests a fresh, migrated database on every engine under test:
// SQLite always, PostgreSQL too when TEND_TEST_POSTGRES holds a server URL.
package testdb

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"tend/internal/db"
	"tend/internal/id"
)

// Each runs fn as a subtest once per engine, each time on a new empty database with migrations applied.
// The engines run in parallel: they share nothing, and most of a test's time is waiting on its database.
func Each(t *testing.T, fn func(t *testing.T, d *db.DB)) {
	t.Helper()
	t.Run("sqlite", func(t *testing.T) {
		t.Parallel()
		fn(t, SQLite(t))
	})
	if PostgresAdmin(t) != "" {
		t.Run("postgres", func(t *testing.T) {
			t.Parallel()
			fn(t, Postgres(t))
		})
	}
}

// EachB runs fn as a sub-benchmark once per engine, one after the other (timings must not share the
// machine), each on a new empty database: SQLite, and PostgreSQL when TEND_TEST_POSTGRES is set.
func EachB(b *testing.B, fn func(b *testing.B, d *db.DB)) {
	b.Helper()
	b.Run("sqlite", func(b *testing.B) { fn(b, SQLite(b)) })
	if os.Getenv("TEND_TEST_POSTGRES") != "" {
		b.Run("postgres", func(b *testing.B) { fn(b, Postgres(b)) })
	}
}

// skipNotice makes sure a local run says once, not per test, that PostgreSQL was left out.
var skipNotice sync.Once

// PostgresAdmin returns TEND_TEST_POSTGRES, the server that PostgreSQL tests create their databases on.
// Without it a local run prints once that the PostgreSQL half was skipped, and a CI run (CI=true) fails
// the test: half the matrix must never go missing silently.
func PostgresAdmin(t testing.TB) string {
	t.Helper()
	admin := os.Getenv("TEND_TEST_POSTGRES")
	if admin == "" {
		if os.Getenv("CI") == "true" {
			t.Fatal("testdb: CI=true but TEND_TEST_POSTGRES is not set, so the PostgreSQL tests would be skipped; set it to a server URL")
		}
		skipNotice.Do(func() {
			fmt.Fprintln(os.Stderr, "testdb: TEND_TEST_POSTGRES is not set: PostgreSQL tests are skipped in this run (SQLite only)")
		})
	}
	return admin
}

// SQLite opens a migrated SQLite database in the test's temporary folder.
func SQLite(t testing.TB) *db.DB {
	t.Helper()
	return open(t, "sqlite:"+filepath.Join(t.TempDir(), "tend.db"))
}

// Postgres creates a new database on the TEND_TEST_POSTGRES server, migrates it and drops it after the test.
func Postgres(t testing.TB) *db.DB {
	t.Helper()
	admin := PostgresAdmin(t)
	if admin == "" {
		t.Fatal("testdb: TEND_TEST_POSTGRES is not set")
	}
	u := URL(t, admin)
	return open(t, u)
}

// URL creates a fresh database on the PostgreSQL server at admin and returns its URL; it is dropped after the test.
func URL(t testing.TB, admin string) string {
	t.Helper()
	ctx := context.Background()
	name := "tend_test_" + id.Token(6)
	adm, err := sql.Open("pgx", admin)
	if err != nil {
		t.Fatalf("testdb: opening %s: %v", admin, err)
	}
	if _, err := adm.ExecContext(ctx, "CREATE DATABASE "+name); err != nil {
		adm.Close()
		t.Fatalf("testdb: creating database: %v", err)
	}
	t.Cleanup(func() {
		if _, err := adm.ExecContext(context.Background(), "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)"); err != nil {
			t.Errorf("testdb: dropping %s: %v", name, err)
		}
		adm.Close()
	})
	u, err := url.Parse(admin)
	if err != nil {
		t.Fatalf("testdb: parsing TEND_TEST_POSTGRES: %v", err)
	}
	u.Path = "/" + name
	return u.String()
}

func open(t testing.TB, rawURL string) *db.DB {
	t.Helper()
	ctx := context.Background()
	d, err := db.Open(ctx, rawURL)
	if err != nil {
		t.Fatalf("testdb: open: %v", err)
	}
	t.Cleanup(func() { d.Close() })
	if _, err := d.Migrate(ctx); err != nil {
		t.Fatalf("testdb: migrate: %v", err)
	}
	return d
}

// Name says which engine d is, for messages.
func Name(d *db.DB) string { return fmt.Sprint(d.Dialect) }
