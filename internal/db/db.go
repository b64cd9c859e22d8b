// Package db opens Tend's database (SQLite or PostgreSQL), applies migrations and runs transactions.
// Everything that differs between the two engines is confined here.
package db

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/jackc/pgx/v5/pgconn"
	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" database/sql driver
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"tend/internal/model"
)

// Dialect names the database engine.
type Dialect string

// The supported engines.
const (
	SQLite   Dialect = "sqlite"
	Postgres Dialect = "postgres"
)

// DB is an open database: a writer pool for transactions and a reader pool for plain reads.
// On SQLite the writer is a single connection (SQLite allows one writer) and readers are separate
// read-only connections that WAL lets run alongside it; on PostgreSQL both are the same pool.
type DB struct {
	Dialect Dialect
	W       *sql.DB
	R       *sql.DB
	Path    string // the SQLite file; "" on PostgreSQL

	reads *StmtCache // SQLite: R's prepared statements (see Reader); nil on PostgreSQL
}

// Reader is what plain reads run on: on SQLite the reader pool through its statement cache (see
// StmtCache), on PostgreSQL the pool itself, whose driver keeps its statements prepared already. A
// database whose R was replaced (the statement-counting benchmarks wrap it) reads on R unprepared.
func (d *DB) Reader() Querier {
	if d.reads != nil && d.reads.pool == d.R {
		return d.reads
	}
	return d.R
}

// Open connects to url: "postgres://…" (or "postgresql://…") for PostgreSQL, "sqlite:PATH" for SQLite.
func Open(ctx context.Context, rawURL string) (*DB, error) {
	switch {
	case strings.HasPrefix(rawURL, "postgres://"), strings.HasPrefix(rawURL, "postgresql://"):
		return openPostgres(ctx, rawURL)
	case strings.HasPrefix(rawURL, "sqlite:"):
		return openSQLite(ctx, strings.TrimPrefix(strings.TrimPrefix(rawURL, "sqlite:"), "//"))
	}
	return nil, errors.New("db: the database URL must start with postgres:// or sqlite")
}

func openPostgres(ctx context.Context, rawURL string) (*DB, error) {
	pool, err := sql.Open("pgx", rawURL)
	if err != nil {
		return nil, fmt.Errorf("db: opening postgres: %w", err)
	}
	pool.SetMaxOpenConns(20)
	pool.SetMaxIdleConns(10)
	pool.SetConnMaxIdleTime(5 * time.Minute)
	if err := pool.PingContext(ctx); err != nil {
		pool.Close()
		return nil, fmt.Errorf("db: connecting to postgres: %w", err)
	}
	return &DB{Dialect: Postgres, W: pool, R: pool}, nil
}

// SQLiteDSN is the data source name of the SQLite file at path for the writer or, with reader, for the
// read-only pool (benchmarks open the same connections through a wrapping driver to count statements).
func SQLiteDSN(path string, reader bool) string {
	q := url.Values{}
	for _, p := range []string{"busy_timeout(10000)", "journal_mode(WAL)", "foreign_keys(1)", "synchronous(FULL)"} {
		q.Add("_pragma", p)
	}
	if !reader {
		q.Set("_txlock", "immediate") // take the write lock at BEGIN, so a transaction never fails halfway on upgrade
		return "file:" + path + "?" + q.Encode()
	}
	q.Add("_pragma", "query_only(1)")
	// Readers see the file through a memory map: pages come from the operating system's cache rather
	// than being copied into each connection's own. Writes still empty a reader's page cache, which
	// is why read audit events go to a side file (see OpenSpool).
	q.Add("_pragma", "mmap_size(1073741824)")
	return "file:" + path + "?" + q.Encode()
}

func openSQLite(ctx context.Context, path string) (*DB, error) {
	if path == "" {
		return nil, errors.New("db: sqlite path is empty")
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, fmt.Errorf("db: creating database folder: %w", err)
	}
	w, err := sql.Open("sqlite", SQLiteDSN(path, false))
	if err != nil {
		return nil, fmt.Errorf("db: opening sqlite: %w", err)
	}
	w.SetMaxOpenConns(1)
	w.SetMaxIdleConns(1)
	w.SetConnMaxLifetime(0)
	if err := pingSQLite(ctx, w); err != nil {
		w.Close()
		return nil, fmt.Errorf("db: opening sqlite %s: %w", path, err)
	}
	r, err := sql.Open("sqlite", SQLiteDSN(path, true))
	if err != nil {
		w.Close()
		return nil, fmt.Errorf("db: opening sqlite readers: %w", err)
	}
	r.SetMaxOpenConns(4)
	r.SetMaxIdleConns(4)
	return &DB{Dialect: SQLite, W: w, R: r, Path: path, reads: NewStmtCache(r, stmtCacheSize)}, nil
}

// SearchSource splits folded search terms into what the engine's trigram index answers and what is
// checked row by row, and names the FROM clause for a chart listing aliased c. On PostgreSQL every term
// stays a LIKE, which the pg_trgm index serves and the planner weighs. On SQLite, terms of three
// characters or more become one full-text MATCH on charts_fts that drives the query (match is its
// argument, "" when there is none); shorter terms, and every term when scan is set (a term so common
// that reading the practice's own search index is cheaper), are left in rest.
func (d Dialect) SearchSource(terms []string, scan bool) (from, match string, rest []string) {
	if d == Postgres || scan {
		return "charts c", "", terms
	}
	var phrases []string
	for _, t := range terms {
		if utf8.RuneCountInString(t) >= 3 {
			phrases = append(phrases, FTSPhrase(t))
		} else {
			rest = append(rest, t)
		}
	}
	if len(phrases) == 0 {
		return "charts c", "", rest
	}
	// CROSS JOIN keeps SQLite from reordering: the index result drives, charts are looked up by their
	// search key (never the implicit rowid, which a dump and restore renumbers).
	return "charts_fts CROSS JOIN charts c ON c.search_key = charts_fts.rowid", strings.Join(phrases, " AND "), rest
}

// FTSPhrase quotes a term as an FTS5 phrase; with the trigram tokenizer it matches any substring.
func FTSPhrase(term string) string { return `"` + strings.ReplaceAll(term, `"`, `""`) + `"` }

// DrivingJoin is the join that keeps the left table first: CROSS JOIN on SQLite, a plain JOIN on
// PostgreSQL (whose planner needs no hint and whose CROSS JOIN takes no ON).
func (d Dialect) DrivingJoin() string {
	if d == Postgres {
		return "JOIN"
	}
	return "CROSS JOIN"
}

// MatchCondition is the condition for SearchSource's match argument in param.
func (d Dialect) MatchCondition(param string) string { return "charts_fts MATCH " + param }

// LikeEscape is the ESCAPE clause that makes backslash escape % and _ in LIKE (PostgreSQL's default).
func (d Dialect) LikeEscape() string {
	if d == Postgres {
		return ""
	}
	return ` ESCAPE '\'`
}

// Optimize refreshes the planner's statistics after a large load (demo data, imports): ANALYZE on
// PostgreSQL (after VACUUM, so index-only scans work), ANALYZE on SQLite. Autovacuum and SQLite's
// own checks do this eventually; a bulk load should not wait for them.
func (d *DB) Optimize(ctx context.Context) error {
	stmt := "ANALYZE"
	if d.Dialect == Postgres {
		stmt = "VACUUM ANALYZE"
	}
	if _, err := d.W.ExecContext(ctx, stmt); err != nil {
		return fmt.Errorf("db: optimize: %w", err)
	}
	return nil
}

// pingSQLite opens the first connection. Switching a new file to WAL takes a lock that SQLite's busy
// timeout does not wait for, so when two processes open the same new file at once, one retries briefly.
func pingSQLite(ctx context.Context, w *sql.DB) error {
	var err error
	for range 50 {
		if err = w.PingContext(ctx); err == nil {
			return nil
		}
		var se *sqlite.Error
		if !errors.As(err, &se) || se.Code()&0xff != sqlite3.SQLITE_BUSY {
			return err
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(100 * time.Millisecond):
		}
	}
	return err
}

// Close closes the reader's prepared statements and both pools.
func (d *DB) Close() error {
	var err error
	if d.reads != nil {
		err = d.reads.Close()
	}
	err = errors.Join(err, d.W.Close())
	if d.R != d.W {
		err = errors.Join(err, d.R.Close())
	}
	return err
}

// Ping checks that the database answers. It uses the reader pool, so it never queues behind a write.
func (d *DB) Ping(ctx context.Context) error {
	if err := d.R.PingContext(ctx); err != nil {
		return fmt.Errorf("db: ping: %w", err)
	}
	return nil
}

// Stats returns the pool statistics of the writer and reader pools.
func (d *DB) Stats() (writer, reader sql.DBStats) {
	return d.W.Stats(), d.R.Stats()
}

// WithTx runs fn in a transaction on the writer and commits when fn returns nil; otherwise it rolls back.
// A panic in fn rolls back too and then continues: on SQLite an abandoned transaction would hold the only
// writer connection, so every later write would wait on it until it timed out.
func (d *DB) WithTx(ctx context.Context, fn func(*sql.Tx) error) (err error) {
	tx, err := d.W.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("db: begin: %w", Classify(err))
	}
	defer func() {
		if v := recover(); v != nil {
			_ = tx.Rollback()
			panic(v)
		}
	}()
	if err := fn(tx); err != nil {
		_ = tx.Rollback()
		if isForeignKey(err) {
			return fmt.Errorf("%w: %w", model.ErrReference, err)
		}
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("db: commit: %w", Classify(err))
	}
	return nil
}

// isForeignKey reports whether err is a foreign-key violation on either engine.
func isForeignKey(err error) bool {
	var pg *pgconn.PgError
	if errors.As(err, &pg) {
		return pg.Code == "23503"
	}
	var se *sqlite.Error
	return errors.As(err, &se) && se.Code() == sqlite3.SQLITE_CONSTRAINT_FOREIGNKEY
}

// Classify turns engine-specific errors into model errors: a unique violation becomes model.ErrConflict
// (wrapping the original), a foreign-key violation model.ErrReference, no rows model.ErrNotFound. Other errors pass through.
func Classify(err error) error {
	if err == nil {
		return nil
	}
	if errors.Is(err, sql.ErrNoRows) {
		return model.ErrNotFound
	}
	if isForeignKey(err) && !errors.Is(err, model.ErrReference) {
		return fmt.Errorf("%w: %w", model.ErrReference, err)
	}
	var pg *pgconn.PgError
	if errors.As(err, &pg) && pg.Code == "23505" {
		return fmt.Errorf("%w: %s", model.ErrConflict, pg.ConstraintName)
	}
	var se *sqlite.Error
	if errors.As(err, &se) && (se.Code() == sqlite3.SQLITE_CONSTRAINT_UNIQUE || se.Code() == sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY) {
		return fmt.Errorf("%w: %s", model.ErrConflict, se.Error())
	}
	return err
}

// OpenSpool opens (creating it if needed) the small SQLite file beside a SQLite database where read
// events wait before they join the audit log: writing them there leaves the main file, and so every
// reader's page cache, untouched. One connection; every insert is synced before it returns.
func OpenSpool(ctx context.Context, mainPath string) (*sql.DB, error) {
	q := url.Values{}
	for _, p := range []string{"busy_timeout(10000)", "journal_mode(WAL)", "synchronous(FULL)"} {
		q.Add("_pragma", p)
	}
	q.Set("_txlock", "immediate")
	s, err := sql.Open("sqlite", "file:"+mainPath+"-audit-spool?"+q.Encode())
	if err != nil {
		return nil, fmt.Errorf("db: opening the audit spool: %w", err)
	}
	s.SetMaxOpenConns(1)
	s.SetConnMaxLifetime(0)
	if err := pingSQLite(ctx, s); err != nil {
		s.Close()
		return nil, fmt.Errorf("db: opening the audit spool: %w", err)
	}
	if _, err := s.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS audit_spool (n INTEGER PRIMARY KEY AUTOINCREMENT, event TEXT NOT NULL)`); err != nil {
		s.Close()
		return nil, fmt.Errorf("db: creating the audit spool: %w", err)
	}
	// The portal's "who opened my record" reads a chart's waiting events (store.SpooledChartEvents).
	if _, err := s.ExecContext(ctx, `CREATE INDEX IF NOT EXISTS audit_spool_chart ON audit_spool (json_extract(event, '$.ChartID'))`); err != nil {
		s.Close()
		return nil, fmt.Errorf("db: creating the audit spool: %w", err)
	}
	return s, nil
}

// Checkpoint copies what the SQLite write-ahead log holds into the database file, without waiting for
// or blocking writers (a PASSIVE checkpoint, on a reader connection). A long run of writes calls it
// between its transactions so the WAL stays short: otherwise the commit that crosses SQLite's
// automatic threshold does the copying, and that may be someone else's small write. No-op on PostgreSQL.
func (d *DB) Checkpoint(ctx context.Context) error {
	if d.Dialect != SQLite {
		return nil
	}
	var busy, frames, done int
	if err := d.R.QueryRowContext(ctx, `PRAGMA wal_checkpoint(PASSIVE)`).Scan(&busy, &frames, &done); err != nil {
		return fmt.Errorf("db: checkpoint: %w", err)
	}
	return nil
}
