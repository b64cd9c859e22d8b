package overview_test

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"tend/internal/apptest"
	"tend/internal/db"
	"tend/internal/model"
	"tend/internal/testdb"
)

// statement is one SQL statement a request ran, with its arguments.
type statement struct {
	query string
	args  []any
}

// statementLog records the statements run through the connections it opens, while it is on.
type statementLog struct {
	mu   sync.Mutex
	on   bool
	list []statement
}

func (l *statementLog) add(query string, args []driver.NamedValue) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if !l.on {
		return
	}
	s := statement{query: query}
	for _, a := range args {
		s.args = append(s.args, a.Value)
	}
	l.list = append(l.list, s)
}

// record runs fn and returns the statements it ran.
func (l *statementLog) record(fn func()) []statement {
	l.mu.Lock()
	l.on, l.list = true, nil
	l.mu.Unlock()
	fn()
	l.mu.Lock()
	defer l.mu.Unlock()
	l.on = false
	return l.list
}

// connector opens the driver's connections wrapped so that their statements are recorded.
type connector struct {
	drv driver.Driver
	dsn string
	log *statementLog
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
	log *statementLog
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

// countingSQLite reopens a migrated SQLite database's pools through connections that record statements.
func countingSQLite(b *testing.B) (*db.DB, *statementLog) {
	d := testdb.SQLite(b)
	log := &statementLog{}
	drv := d.R.Driver()
	w := sql.OpenDB(connector{drv, db.SQLiteDSN(d.Path, false), log})
	w.SetMaxOpenConns(1)
	r := sql.OpenDB(connector{drv, db.SQLiteDSN(d.Path, true), log})
	r.SetMaxOpenConns(4)
	r.SetMaxIdleConns(4)
	d.W, d.R = w, r
	b.Cleanup(func() { w.Close(); r.Close() })
	return d, log
}

// BenchmarkOverviewPage measures the chart's Overview, GET /clients/{id} (issue 14's target: 20 ms of
// server time on SQLite), for a client with 2,000 documents (PHQ-9s and GAD-7s over years, 30 waiting
// for review, 4 open) in a practice whose 300 other clients have 10 each. "page" is the whole request in
// the server (middleware, session, the chart, the Overview, the template), without the network;
// "use-case" is overview.Service.Get; "sql" runs the exact statements one page ran, straight on the
// database. It reports the statements per page.
//
//	go test -run '^$' -bench OverviewPage -benchtime 200x ./internal/overview/
//
// Proves CL-10's speed target.
func BenchmarkOverviewPage(b *testing.B) {
	d, log := countingSQLite(b)
	h := apptest.New(b, d)
	_, owner := h.Setup()
	ctx := context.Background()
	rng := rand.New(rand.NewPCG(14, 10))
	start := time.Now()
	t0 := time.Date(2020, 1, 1, 12, 0, 0, 0, time.UTC)
	c := newClient(b, h, owner, "Ada")
	var docs []doc
	for i := range 2000 {
		tpl := []string{"phq9", "gad7"}[i%2]
		dc := doc{builtin: tpl, state: model.RequestCompleted, score: rng.IntN(20), reviewed: i < 1970, at: t0.Add(time.Duration(i) * 20 * time.Hour)}
		if i%97 == 0 && !dc.reviewed {
			dc.flag = "Item 9 was answered above Not at all."
		}
		docs = append(docs, dc)
	}
	for i := range 4 {
		docs = append(docs, doc{builtin: "phq9", state: model.RequestRequested, at: t0.AddDate(5, 0, i)})
	}
	seedDocuments(b, h, owner, c.ID, docs)
	for i := range 300 {
		other := newClient(b, h, owner, fmt.Sprintf("Other%d", i))
		var od []doc
		for j := range 10 {
			od = append(od, doc{builtin: "gad7", state: model.RequestCompleted, score: j, reviewed: true, at: t0.AddDate(0, j, i)})
		}
		seedDocuments(b, h, owner, other.ID, od)
	}
	if err := h.DB.Optimize(ctx); err != nil {
		b.Fatal(err)
	}
	b.Logf("seeded 5,000 documents on 301 charts in %s", time.Since(start).Round(time.Millisecond))

	cl := h.Client()
	cl.Login("owner@example.org", apptest.StrongPassword)
	cookie := cl.Cookie("tend_session")
	page := func(path string) {
		req := httptest.NewRequest("GET", path, nil)
		req.AddCookie(&http.Cookie{Name: "tend_session", Value: cookie})
		rec := httptest.NewRecorder()
		h.App.Handler.ServeHTTP(rec, req)
		if rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), "Latest scores") && path == "/clients/"+c.ID {
			b.Fatalf("GET %s: %d", path, rec.Code)
		}
	}
	stmts := log.record(func() { page("/clients/" + c.ID) })
	var reads []statement
	for _, s := range stmts {
		if strings.HasPrefix(strings.TrimSpace(strings.ToUpper(s.query)), "SELECT") || strings.HasPrefix(strings.TrimSpace(strings.ToUpper(s.query)), "WITH") {
			reads = append(reads, s)
		}
	}
	b.Logf("GET /clients/{id} (Overview) ran %d statements, %d of them reads", len(stmts), len(reads))
	details := log.record(func() { page("/clients/" + c.ID + "?tab=details") })
	b.Logf("GET /clients/{id}?tab=details ran %d statements", len(details))

	b.Run("page", func(b *testing.B) {
		for b.Loop() {
			page("/clients/" + c.ID)
		}
		b.ReportMetric(float64(len(stmts)), "statements/op")
	})
	b.Run("page-details-tab", func(b *testing.B) {
		for b.Loop() {
			page("/clients/" + c.ID + "?tab=details")
		}
		b.ReportMetric(float64(len(details)), "statements/op")
	})
	p := apptest.As(owner)
	b.Run("use-case", func(b *testing.B) {
		for b.Loop() {
			if _, err := h.App.Overview.Get(ctx, p, c.ID); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("sql", func(b *testing.B) {
		for b.Loop() {
			for _, s := range reads {
				rows, err := h.DB.R.QueryContext(ctx, s.query, s.args...)
				if err != nil {
					b.Fatal(err)
				}
				for rows.Next() {
				}
				if err := rows.Close(); err != nil {
					b.Fatal(err)
				}
			}
		}
		b.ReportMetric(float64(len(reads)), "statements/op")
	})
}
