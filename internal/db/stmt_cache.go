package db

import (
	"container/list"
	"context"
	"database/sql"
	"sync"
)

// Querier runs statements: a pool, a transaction, or a StmtCache.
type Querier interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// stmtCacheSize is how many statement texts a StmtCache keeps prepared. The client list runs about a
// dozen shapes of statement per sort and filter; the page around it (session, practice, staff, tags,
// badges) a dozen more.
const stmtCacheSize = 128

// StmtCache runs statements on a pool through prepared statements kept by their text, so that a
// statement the pool has run before is not parsed and planned again. Each statement is prepared at its
// first use and kept until it is among the least recently used past the cache's size, or the cache is
// closed; database/sql prepares it on each connection that runs it, and closes it only once the rows
// still reading it are closed. Statements whose text varies with their values (a list of n
// placeholders) take a place per text, which the least recently used order gives back.
//
// SQLite's reader pool runs through one (see DB.Reader): modernc.org/sqlite parses every statement it
// is not given prepared, which was a third of the client list's SQL time. PostgreSQL's needs none:
// pgx prepares and caches each statement per connection already (its default query exec mode,
// "cache_statement", 512 statements a connection), so a database/sql statement on top would only add
// a prepare round trip per connection.
type StmtCache struct {
	pool *sql.DB
	max  int

	mu     sync.Mutex
	byText map[string]*list.Element // of *cachedStmt
	order  *list.List               // most recently used first
	closed bool
}

type cachedStmt struct {
	text    string
	stmt    *sql.Stmt
	users   int  // calls running on it now
	evicted bool // out of the cache: closed when its last call returns
}

// NewStmtCache returns a cache of at most max prepared statements on pool.
func NewStmtCache(pool *sql.DB, max int) *StmtCache {
	return &StmtCache{pool: pool, max: max, byText: map[string]*list.Element{}, order: list.New()}
}

// Len is how many statements the cache holds.
func (c *StmtCache) Len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.order.Len()
}

// acquire returns the prepared statement for query, preparing it if the cache has none, for one call;
// release gives it back. It returns nil when it cannot (the query does not prepare, the context ended,
// or the cache is closed): the caller then runs the query on the pool, which reports the error as it
// always did.
func (c *StmtCache) acquire(ctx context.Context, query string) *cachedStmt {
	c.mu.Lock()
	if c.closed {
		c.mu.Unlock()
		return nil
	}
	if e, ok := c.byText[query]; ok {
		c.order.MoveToFront(e)
		cs := e.Value.(*cachedStmt)
		cs.users++
		c.mu.Unlock()
		return cs
	}
	c.mu.Unlock()
	s, err := c.pool.PrepareContext(ctx, query)
	if err != nil {
		return nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.closed {
		s.Close()
		return nil
	}
	if e, ok := c.byText[query]; ok { // another call prepared it meanwhile
		s.Close()
		c.order.MoveToFront(e)
		cs := e.Value.(*cachedStmt)
		cs.users++
		return cs
	}
	cs := &cachedStmt{text: query, stmt: s, users: 1}
	c.byText[query] = c.order.PushFront(cs)
	for c.order.Len() > c.max {
		old := c.order.Remove(c.order.Back()).(*cachedStmt)
		delete(c.byText, old.text)
		old.evicted = true
		if old.users == 0 {
			old.stmt.Close() // database/sql still waits for rows open on it
		}
	}
	return cs
}

// release ends a call on cs, closing it if it left the cache meanwhile.
func (c *StmtCache) release(cs *cachedStmt) {
	c.mu.Lock()
	defer c.mu.Unlock()
	cs.users--
	if cs.evicted && cs.users == 0 {
		cs.stmt.Close()
	}
}

// QueryContext runs a query through its prepared statement.
func (c *StmtCache) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	if cs := c.acquire(ctx, query); cs != nil {
		defer c.release(cs)
		return cs.stmt.QueryContext(ctx, args...)
	}
	return c.pool.QueryContext(ctx, query, args...)
}

// QueryRowContext runs a query expected to return at most one row through its prepared statement.
func (c *StmtCache) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	if cs := c.acquire(ctx, query); cs != nil {
		defer c.release(cs)
		return cs.stmt.QueryRowContext(ctx, args...) // runs the query now; the row holds its rows
	}
	return c.pool.QueryRowContext(ctx, query, args...)
}

// ExecContext runs a statement that returns no rows through its prepared statement.
func (c *StmtCache) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	if cs := c.acquire(ctx, query); cs != nil {
		defer c.release(cs)
		return cs.stmt.ExecContext(ctx, args...)
	}
	return c.pool.ExecContext(ctx, query, args...)
}

// Close closes every statement the cache holds; later statements run on the pool unprepared.
func (c *StmtCache) Close() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.closed = true
	var err error
	for e := c.order.Front(); e != nil; e = e.Next() {
		cs := e.Value.(*cachedStmt)
		cs.evicted = true
		if cs.users > 0 {
			continue // closed when its call returns
		}
		if cerr := cs.stmt.Close(); cerr != nil && err == nil {
			err = cerr
		}
	}
	c.order.Init()
	c.byText = map[string]*list.Element{}
	return err
}
