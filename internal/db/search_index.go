package db

import (
	"context"
	"errors"
	"fmt"
)

// ErrSearchIndex means the client search index does not match the charts it indexes.
var ErrSearchIndex = errors.New("db: the client search index is damaged")

// CheckSearchIndex checks that the client search index matches the charts. On SQLite that is FTS5's
// integrity-check against the charts table (it finds an index whose keys point at the wrong charts,
// as after a restore that renumbered them); on PostgreSQL, that the pg_trgm index exists and is valid.
func (d *DB) CheckSearchIndex(ctx context.Context) error {
	if d.Dialect == Postgres {
		var valid bool
		err := d.R.QueryRowContext(ctx, `SELECT i.indisvalid FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
			WHERE c.relname = 'charts_search_trgm'`).Scan(&valid)
		if err != nil {
			return fmt.Errorf("%w: charts_search_trgm: %w", ErrSearchIndex, Classify(err))
		}
		if !valid {
			return fmt.Errorf("%w: charts_search_trgm is marked invalid", ErrSearchIndex)
		}
		return nil
	}
	// rank 1 compares the index with the content table, not only with itself. The statement is an
	// INSERT in form only: it changes nothing, but needs the writer connection.
	if _, err := d.W.ExecContext(ctx, `INSERT INTO charts_fts(charts_fts, rank) VALUES ('integrity-check', 1)`); err != nil {
		return fmt.Errorf("%w: charts_fts: %w", ErrSearchIndex, err)
	}
	return nil
}

// RebuildSearchIndex builds the client search index afresh from the charts: FTS5's rebuild on SQLite
// (one transaction; other writes wait for it), REINDEX CONCURRENTLY on PostgreSQL (writes go on).
func (d *DB) RebuildSearchIndex(ctx context.Context) error {
	stmt := `INSERT INTO charts_fts(charts_fts) VALUES ('rebuild')`
	if d.Dialect == Postgres {
		stmt = `REINDEX INDEX CONCURRENTLY charts_search_trgm`
	}
	if _, err := d.W.ExecContext(ctx, stmt); err != nil {
		return fmt.Errorf("db: rebuilding the search index: %w", err)
	}
	return nil
}
