// Package store holds every SQL statement of Tend, one file per aggregate. Functions take a Q, so the
// same code runs on the reader pool or inside a transaction, on SQLite and on PostgreSQL.
package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"tend/internal/db"
)

// Q is what store functions run statements on: a pool, a transaction or the reader's statement cache.
type Q = db.Querier

// Store gives access to the database's read pool and write transactions.
type Store struct {
	DB *db.DB
}

// New wraps an open database.
func New(d *db.DB) *Store { return &Store{DB: d} }

// R returns the pool for reads outside a transaction (on SQLite through its prepared statements: see
// db.DB.Reader).
func (s *Store) R() Q { return s.DB.Reader() }

// Tx runs fn in one write transaction: everything fn does is committed together or not at all.
// It empties the request's memo (see WithMemo): what the request reads next, it reads afresh.
func (s *Store) Tx(ctx context.Context, fn func(q Q) error) error {
	defer forget(ctx)
	return s.DB.WithTx(ctx, func(tx *sql.Tx) error { return fn(tx) })
}

// Checkpoint moves SQLite's write-ahead log into the database file without blocking writers; long runs
// of short transactions (bulk actions) call it between them. See db.Checkpoint.
func (s *Store) Checkpoint(ctx context.Context) error { return s.DB.Checkpoint(ctx) }

// ms converts a time to stored milliseconds; the zero time is stored as 0.
func ms(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.UnixMilli()
}

// nullMS stores the zero time as NULL.
func nullMS(t time.Time) sql.NullInt64 {
	if t.IsZero() {
		return sql.NullInt64{}
	}
	return sql.NullInt64{Int64: t.UnixMilli(), Valid: true}
}

// fromMS converts stored milliseconds back to a UTC time; 0 and NULL give the zero time.
func fromMS(v int64) time.Time {
	if v == 0 {
		return time.Time{}
	}
	return time.UnixMilli(v).UTC()
}

func fromNullMS(v sql.NullInt64) time.Time {
	if !v.Valid {
		return time.Time{}
	}
	return fromMS(v.Int64)
}

// nullStr stores "" as NULL, for optional references.
func nullStr(s string) sql.NullString { return sql.NullString{String: s, Valid: s != ""} }

// scanner is a *sql.Row or *sql.Rows.
type scanner interface{ Scan(dest ...any) error }

// prefixed qualifies each column of a comma-separated list with a table alias.
func prefixed(alias, cols string) string {
	parts := strings.Split(cols, ", ")
	for i, p := range parts {
		parts[i] = alias + p
	}
	return strings.Join(parts, ", ")
}

// countsByKey reads rows of (key, count), such as a GROUP BY's, into a map, and closes rows.
func countsByKey(rows *sql.Rows, what string) (map[string]int, error) {
	defer rows.Close()
	out := map[string]int{}
	for rows.Next() {
		var key string
		var n int
		if err := rows.Scan(&key, &n); err != nil {
			return nil, fmt.Errorf("store: %s: %w", what, db.Classify(err))
		}
		out[key] = n
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: %s: %w", what, db.Classify(err))
	}
	return out, nil
}
