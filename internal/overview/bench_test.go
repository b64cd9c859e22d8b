package overview_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"tend/internal/apptest"
	"tend/internal/audit"
	"tend/internal/model"
	"tend/internal/store"
	"tend/internal/testdb"
)

// BenchmarkOverviewPage measures the chart's Overview, GET /clients/{id} (issue 14's target: 20 ms of
// server time on SQLite), for a client with 2,000 documents (PHQ-9s and GAD-7s over years, 30 waiting
// for review, 4 open), 2,000 session notes (the latest drafts, some late), diagnoses and medications,
// in a practice whose 300 other clients have 10 documents each. The clinical blocks are wired as the
// app wires them: the harness builds the whole app. "page" is the whole request in
// the server (middleware, session, the chart, the Overview, the template), without the network;
// "use-case" is overview.Service.Get; "sql" runs the exact statements one page ran, straight on the
// database. "page" reports its p50 and mean, the statements per page and x-sql, the p50 over the same
// statements run directly (medians); -v lists the statements.
//
//	go test -run '^$' -bench OverviewPage -benchtime 200x ./internal/overview/
//
// Proves CL-10's speed target.
func BenchmarkOverviewPage(b *testing.B) {
	d, log := testdb.CountingSQLite(b)
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
	seedClinical(b, h, owner, c.ID)
	seedNotes(b, h, owner, c.ID, 2000)
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
	page("/clients/" + c.ID)
	stmts := log.Record(func() { page("/clients/" + c.ID) })
	reads := 0
	for _, s := range stmts {
		if s.Read() {
			reads++
		}
		if testing.Verbose() {
			b.Logf("%.140s", strings.Join(strings.Fields(s.Query), " "))
		}
	}
	b.Logf("GET /clients/{id} (Overview) ran %d statements, %d of them reads", len(stmts), reads)
	details := log.Record(func() { page("/clients/" + c.ID + "?tab=details") })
	b.Logf("GET /clients/{id}?tab=details ran %d statements", len(details))

	// The same reads run directly on the database: the median of 200 runs, for the ratio.
	var sqlTimes []time.Duration
	for range 200 {
		t0 := time.Now()
		if err := testdb.Replay(ctx, h.DB, stmts); err != nil {
			b.Fatal(err)
		}
		sqlTimes = append(sqlTimes, time.Since(t0))
	}
	slices.Sort(sqlTimes)
	sqlMedian := sqlTimes[len(sqlTimes)/2]
	b.Run("page", func(b *testing.B) {
		var times []time.Duration
		for b.Loop() {
			t0 := time.Now()
			page("/clients/" + c.ID)
			times = append(times, time.Since(t0))
		}
		var sum time.Duration
		for _, t := range times {
			sum += t
		}
		slices.Sort(times)
		p50 := times[len(times)/2]
		b.ReportMetric(float64(p50.Microseconds())/1000, "p50-ms")
		b.ReportMetric(float64(sum.Microseconds())/1000/float64(len(times)), "mean-ms")
		b.ReportMetric(float64(sqlMedian.Microseconds())/1000, "sql-ms")
		b.ReportMetric(float64(p50)/float64(sqlMedian), "x-sql")
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
			// As in a request: one memo and one batch of read events, recorded at the end.
			rctx, reads := audit.WithReadBatch(store.WithMemo(ctx))
			if _, err := h.App.Overview.Get(rctx, p, c.ID); err != nil {
				b.Fatal(err)
			}
			if err := reads.Flush(rctx); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("sql", func(b *testing.B) {
		for b.Loop() {
			if err := testdb.Replay(ctx, h.DB, stmts); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(reads), "statements/op")
	})
}
