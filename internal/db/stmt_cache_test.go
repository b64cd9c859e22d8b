package db_test

import (
	"database/sql"
	"strings"
	"testing"

	"tend/internal/db"
	"tend/internal/testdb"
)

// Issue 19, item 3. TestStmtCache runs reads through a cache of two prepared statements on both engines:
// answers are the pool's (with rows written after a statement was prepared), a statement that does not
// prepare fails as it does on the pool, the least recently used statement leaves (rows still open on it
// read to the end), and a closed cache still answers, unprepared.
func TestStmtCache(t *testing.T) {
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		if _, err := d.W.ExecContext(ctx, `CREATE TABLE cache_probe (n INTEGER NOT NULL)`); err != nil {
			t.Fatal(err)
		}
		insert := func(n int) {
			t.Helper()
			if _, err := d.W.ExecContext(ctx, `INSERT INTO cache_probe (n) VALUES ($1)`, n); err != nil {
				t.Fatal(err)
			}
		}
		insert(1)
		insert(2)
		c := db.NewStmtCache(d.R, 2)
		count := func(q db.Querier, min int) int {
			t.Helper()
			var n int
			if err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM cache_probe WHERE n >= $1`, min).Scan(&n); err != nil {
				t.Fatal(err)
			}
			return n
		}
		if got := count(c, 1); got != 2 {
			t.Fatalf("count = %d, want 2", got)
		}
		insert(3)
		if got, want := count(c, 2), count(d.R, 2); got != want || got != 2 {
			t.Fatalf("count through the cache = %d, on the pool %d, want 2 (a prepared statement reads what was written since)", got, want)
		}
		if c.Len() != 1 {
			t.Fatalf("the cache holds %d statements, want 1 (one text run three times)", c.Len())
		}

		bad := `SELECT nope FROM cache_probe`
		_, perr := d.R.QueryContext(ctx, bad)
		_, cerr := c.QueryContext(ctx, bad)
		if perr == nil || cerr == nil || perr.Error() != cerr.Error() {
			t.Fatalf("a bad statement: pool %v, cache %v; want the same error", perr, cerr)
		}
		if c.Len() != 1 {
			t.Fatalf("a statement that failed to prepare was kept: %d statements", c.Len())
		}

		// Rows open on the least recently used statement while two others push it out.
		rows, err := c.QueryContext(ctx, `SELECT n FROM cache_probe ORDER BY n`)
		if err != nil {
			t.Fatal(err)
		}
		if count(c, 3) != 1 {
			t.Fatal("count n >= 3")
		}
		var m int
		if err := c.QueryRowContext(ctx, `SELECT MAX(n) FROM cache_probe`).Scan(&m); err != nil || m != 3 {
			t.Fatalf("max = %d, %v", m, err)
		}
		if c.Len() != 2 {
			t.Fatalf("the cache holds %d statements, want at most 2", c.Len())
		}
		var got []int
		for rows.Next() {
			var n int
			if err := rows.Scan(&n); err != nil {
				t.Fatal(err)
			}
			got = append(got, n)
		}
		if err := rows.Close(); err != nil || len(got) != 3 {
			t.Fatalf("rows of an evicted statement: %v, %v", got, err)
		}
		if _, err := c.ExecContext(ctx, `SELECT 1`); err != nil {
			t.Fatalf("exec: %v", err)
		}

		if err := c.Close(); err != nil {
			t.Fatal(err)
		}
		if count(c, 1) != 3 || c.Len() != 0 {
			t.Fatal("a closed cache must still answer, on the pool")
		}
	})
}

// Issue 19, item 3. TestReaderPreparesOnSQLiteOnly checks what DB.Reader gives: on SQLite the reader
// pool's statement cache, whose statements follow a change of schema (SQLite prepares them again); on
// PostgreSQL the pool itself, because pgx already keeps each statement prepared on its connection
// (checked in pg_prepared_statements).
func TestReaderPreparesOnSQLiteOnly(t *testing.T) {
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		if _, err := d.W.ExecContext(ctx, `CREATE TABLE schema_probe (a INTEGER)`); err != nil {
			t.Fatal(err)
		}
		cols := func() []string {
			t.Helper()
			rows, err := d.Reader().QueryContext(ctx, `SELECT * FROM schema_probe`)
			if err != nil {
				t.Fatal(err)
			}
			defer rows.Close()
			c, err := rows.Columns()
			if err != nil {
				t.Fatal(err)
			}
			return c
		}
		if d.Dialect == db.SQLite {
			if _, ok := d.Reader().(*db.StmtCache); !ok {
				t.Fatalf("SQLite reads on %T, want *db.StmtCache", d.Reader())
			}
			if got := strings.Join(cols(), ","); got != "a" {
				t.Fatalf("columns %s", got)
			}
			if _, err := d.W.ExecContext(ctx, `ALTER TABLE schema_probe ADD COLUMN b INTEGER`); err != nil {
				t.Fatal(err)
			}
			if got := strings.Join(cols(), ","); got != "a,b" {
				t.Fatalf("after ALTER TABLE the prepared statement reads columns %s, want a,b", got)
			}
			return
		}
		if _, ok := d.Reader().(*sql.DB); !ok {
			t.Fatalf("PostgreSQL reads on %T, want the pool", d.Reader())
		}
		conn, err := d.R.Conn(ctx)
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close()
		probe := `SELECT a FROM schema_probe WHERE a = $1`
		for range 2 {
			rows, err := conn.QueryContext(ctx, probe, 1)
			if err != nil {
				t.Fatal(err)
			}
			rows.Close()
		}
		var n int
		if err := conn.QueryRowContext(ctx, `SELECT COUNT(*) FROM pg_prepared_statements WHERE statement = $1`, probe).Scan(&n); err != nil {
			t.Fatal(err)
		}
		if n != 1 {
			t.Fatalf("pgx kept %d prepared statements of the probe on its connection, want 1", n)
		}
	})
}
