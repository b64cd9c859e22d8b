package testdb

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"strings"
	"sync"
	"testing"

	"tend/internal/db"
)

// Statement is one SQL statement a piece of code ran, with its arguments.
type Statement struct {
	Query string
	Args  []any
}

// Read reports whether the statement only reads (SELECT or WITH): what a benchmark may replay.
func (s Statement) Read() bool {
	q := strings.ToUpper(strings.TrimSpace(s.Query))
	return strings.HasPrefix(q, "SELECT") || strings.HasPrefix(q, "WITH")
}

// StatementLog records the statements run through a CountingSQLite database while it records.
type StatementLog struct {
	mu   sync.Mutex
	on   bool
	list []Statement
}

func (l *StatementLog) add(query string, args []driver.NamedValue) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if !l.on {
		return
	}
	s := Statement{Query: query}
	for _, a := range args {
		s.Args = append(s.Args, a.Value)
	}
	l.list = append(l.list, s)
}

// Record runs fn and returns the statements it ran, in order.
func (l *StatementLog) Record(fn func()) []Statement {
	l.mu.Lock()
	l.on, l.list = true, nil
	l.mu.Unlock()
	fn()
	l.mu.Lock()
	defer l.mu.Unlock()
	l.on = false
	return l.list
}

// Replay runs the read statements on d's readers straight, reading every row: the SQL of a request
// without the code around it, the denominator of a benchmark's ratio.
func Replay(ctx context.Context, d *db.DB, stmts []Statement) error {
	for _, s := range stmts {
		if !s.Read() {
			continue
		}
		rows, err := d.R.QueryContext(ctx, s.Query, s.Args...)
		if err != nil {
			return err
		}
		for rows.Next() {
		}
		if err := rows.Close(); err != nil {
			return err
		}
	}
	return nil
}

// CountingSQLite opens a migrated SQLite database (like SQLite) whose pools record the statements they
// run while the log records: benchmarks count the statements per request and replay them directly.
func CountingSQLite(t testing.TB) (*db.DB, *StatementLog) {
	t.Helper()
	d := SQLite(t)
	log := &StatementLog{}
	drv := d.R.Driver()
	d.W.Close()
	d.R.Close()
	w := sql.OpenDB(connector{drv, db.SQLiteDSN(d.Path, false), log})
	w.SetMaxOpenConns(1)
	w.SetMaxIdleConns(1)
	r := sql.OpenDB(connector{drv, db.SQLiteDSN(d.Path, true), log})
	r.SetMaxOpenConns(4)
	r.SetMaxIdleConns(4)
	d.W, d.R = w, r
	t.Cleanup(func() { w.Close(); r.Close() })
	return d, log
}

// connector opens the driver's connections wrapped so that their statements are recorded.
type connector struct {
	drv driver.Driver
	dsn string
	log *StatementLog
}

func (c connector) Connect(context.Context) (driver.Conn, error) {
	inner, err := c.drv.Open(c.dsn)
	if err != nil {
		return nil, err
	}
	return &countingConn{Conn: inner, log: c.log}, nil
}

func (c connector) Driver() driver.Driver { return c.drv }

// countingConn forwards to the driver's connection, recording each query and exec.
type countingConn struct {
	driver.Conn
	log *StatementLog
}

func (c *countingConn) QueryContext(ctx context.Context, q string, args []driver.NamedValue) (driver.Rows, error) {
	c.log.add(q, args)
	return c.Conn.(driver.QueryerContext).QueryContext(ctx, q, args)
}

func (c *countingConn) ExecContext(ctx context.Context, q string, args []driver.NamedValue) (driver.Result, error) {
	c.log.add(q, args)
	return c.Conn.(driver.ExecerContext).ExecContext(ctx, q, args)
}

func (c *countingConn) BeginTx(ctx context.Context, opts driver.TxOptions) (driver.Tx, error) {
	return c.Conn.(driver.ConnBeginTx).BeginTx(ctx, opts)
}

func (c *countingConn) ResetSession(ctx context.Context) error {
	if r, ok := c.Conn.(driver.SessionResetter); ok {
		return r.ResetSession(ctx)
	}
	return nil
}
