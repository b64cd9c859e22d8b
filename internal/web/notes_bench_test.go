package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"tend/internal/apptest"
	"tend/internal/id"
	"tend/internal/model"
	"tend/internal/store"
	"tend/internal/testdb"
)

// BenchmarkNotesTab measures the Notes tab of a chart with 2,000 session notes and 2,000 scored
// assessments (issue 14, speed: at most
// 20 ms server time on SQLite): the whole request in the server (middleware, session, the chart, the
// audited list of 25 notes, the mood and score charts, the templates, the page's template), without the
// network. It reports the statements one render runs and how many times slower the page is than those
// same statements run directly on the database (x-sql, medians); -v lists the statements.
// Run: go test -run '^$' -bench NotesTab ./internal/web/
// Proves NT-2.
func BenchmarkNotesTab(b *testing.B) {
	ctx := context.Background()
	d, log := testdb.CountingSQLite(b)
	h := apptest.New(b, d)
	_, owner := h.Setup()
	p := apptest.As(owner)
	first, last := "Robin", "Rivera"
	c, err := h.App.Clients.Create(ctx, p, model.ClientChange{FirstName: &first, LastName: &last})
	if err != nil {
		b.Fatal(err)
	}
	st := h.App.Outbox.Store
	start := time.Date(2021, 1, 1, 0, 0, 0, 0, time.UTC)
	err = st.Tx(ctx, func(q store.Q) error {
		tpl, _ := model.BuiltinNoteTemplate("soap")
		for i := range 2000 {
			secs := append([]model.NoteSection(nil), tpl.Sections...)
			for j := range secs {
				secs[j].Text = fmt.Sprintf("Session %d, %s: a paragraph of the kind clinicians write, long enough to weigh something.", i, secs[j].Label)
			}
			mood := i % 11
			n := model.Note{ID: id.New(), PracticeID: owner.PracticeID, ChartID: c.ID, AuthorID: owner.ID, Template: tpl.Key, TemplateName: tpl.Name,
				Sections: secs, ServiceDate: start.AddDate(0, 0, i).Format(time.DateOnly), DurationMinutes: 50, ServiceType: "Individual therapy",
				Mood: &mood, State: model.NoteDraft, CreatedAt: start, UpdatedAt: start}
			if err := store.InsertNote(ctx, q, n); err != nil {
				return err
			}
		}
		_, err := q.ExecContext(ctx, `UPDATE session_notes SET state = 'signed', signed_at = 1 WHERE chart_id = $1 AND service_date < '2026-01-01'`, c.ID)
		return err
	})
	if err != nil {
		b.Fatal(err)
	}
	seedScores(b, h, owner, c.ID, 2000)
	if err := h.DB.Optimize(ctx); err != nil {
		b.Fatal(err)
	}
	cl := h.Client()
	cl.Login("owner@example.org", apptest.StrongPassword)
	cookie := cl.Cookie("tend_session")
	path := "/clients/" + c.ID + "?tab=notes"
	get := func() {
		req := httptest.NewRequest("GET", path, nil)
		req.AddCookie(&http.Cookie{Name: "tend_session", Value: cookie})
		rec := httptest.NewRecorder()
		h.App.Handler.ServeHTTP(rec, req)
		if rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), "Individual therapy") {
			b.Fatalf("notes tab: %d", rec.Code)
		}
	}
	get()
	stmts := log.Record(get)
	reads := 0
	for _, s := range stmts {
		if s.Read() {
			reads++
		}
		if testing.Verbose() {
			b.Logf("%.140s", strings.Join(strings.Fields(s.Query), " "))
		}
	}
	b.Logf("GET %s ran %d statements, %d of them reads", "/clients/{id}?tab=notes", len(stmts), reads)
	// The same reads run directly on the database, for the ratio: the median of 200 runs.
	var sqlTimes []time.Duration
	for range 200 {
		t0 := time.Now()
		if err := testdb.Replay(ctx, h.DB, stmts); err != nil {
			b.Fatal(err)
		}
		sqlTimes = append(sqlTimes, time.Since(t0))
	}
	sqlMedian := median(sqlTimes)

	times := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for range b.N {
		t0 := time.Now()
		get()
		times = append(times, time.Since(t0))
	}
	b.StopTimer()
	reportTimes(b, times, sqlMedian, len(stmts))
}

// seedScores stores n finished PHQ-9s and GAD-7s on a chart, one every 20 hours up to now, directly in
// one transaction: a client with years of notes has years of scores, which the Notes tab's score chart
// reads.
func seedScores(b *testing.B, h *apptest.Harness, owner model.Staff, chartID string, n int) {
	ctx := context.Background()
	if _, err := h.App.Documents.Templates(ctx, apptest.As(owner), false); err != nil { // the built-ins appear
		b.Fatal(err)
	}
	now := h.Clock.Now().UTC()
	err := h.App.Outbox.Store.Tx(ctx, func(q store.Q) error {
		tpls := map[string]model.Template{}
		for i := range n {
			key := []string{"phq9", "gad7"}[i%2]
			tp, ok := tpls[key]
			if !ok {
				var err error
				if tp, err = store.BuiltinTemplate(ctx, q, owner.PracticeID, key); err != nil {
					return err
				}
				tpls[key] = tp
			}
			at := now.Add(time.Duration(i-n) * 20 * time.Hour)
			r := model.DocumentRequest{ID: id.New(), PracticeID: owner.PracticeID, ChartID: chartID, TemplateID: tp.ID, TemplateName: tp.Name,
				Kind: tp.Kind, Scoring: tp.Scoring, Version: tp.Version, State: model.RequestRequested, RequestedBy: owner.ID, RequestedAt: at}
			if err := store.InsertRequest(ctx, q, r); err != nil {
				return err
			}
			score := i % 21
			r.State, r.UpdatedAt, r.Score, r.CompletedAt, r.ReviewedAt, r.ReviewedBy = model.RequestCompleted, at, &score, at, at, owner.ID
			if err := store.UpdateRequest(ctx, q, r); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
}

// median sorts ts and returns the middle one.
func median(ts []time.Duration) time.Duration {
	slices.Sort(ts)
	return ts[len(ts)/2]
}

// reportTimes reports a page benchmark's server times (p50, mean, p95 in ms), its statements per
// render, the same SQL run directly and the ratio of the page's p50 to it.
func reportTimes(b *testing.B, times []time.Duration, sql time.Duration, statements int) {
	var sum time.Duration
	for _, t := range times {
		sum += t
	}
	p50 := median(times)
	b.ReportMetric(float64(p50.Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(sum.Microseconds())/1000/float64(len(times)), "mean-ms")
	b.ReportMetric(float64(times[len(times)*95/100].Microseconds())/1000, "p95-ms")
	b.ReportMetric(float64(sql.Microseconds())/1000, "sql-ms")
	b.ReportMetric(float64(p50)/float64(sql), "x-sql")
	b.ReportMetric(float64(statements), "stmts")
}
