package e2e

import (
	"testing"

	"tend/internal/db"
	"tend/internal/testdb"
)

// testdbFor runs browser tests on PostgreSQL when it is configured (as in CI), else on SQLite; the
// store and HTTP tests already cover both engines for every rule.
func testdbFor(t *testing.T) *db.DB {
	if testdb.PostgresAdmin(t) != "" {
		return testdb.Postgres(t)
	}
	return testdb.SQLite(t)
}
