package web_test

import (
	"context"
	"fmt"
	"net/http"
	"sort"
	"testing"
	"time"

	"tend/internal/apptest"
	"tend/internal/id"
	"tend/internal/model"
	"tend/internal/store"
	"tend/internal/testdb"
)

// BenchmarkNotesTab measures the Notes tab of a chart with 2,000 session notes (issue 14, speed: at most
// 20 ms server time on SQLite): the whole page through HTTP (session, chart, the audited list of 25
// notes, the mood chart, the templates), and reports how many times slower it is than the list's SQL
// alone run directly on the database (x-sql, medians).
// Run: go test -run '^$' -bench NotesTab ./internal/web/
// Proves NT-2.
func BenchmarkNotesTab(b *testing.B) {
	ctx := context.Background()
	h := apptest.New(b, testdb.SQLite(b))
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
	// The list's SQL alone, for the ratio: the median of 200 runs.
	var sqlTimes []time.Duration
	for range 200 {
		t0 := time.Now()
		if _, err := store.ListNotes(ctx, st.R(), c.ID, model.NoteFilter{Limit: 25}); err != nil {
			b.Fatal(err)
		}
		sqlTimes = append(sqlTimes, time.Since(t0))
	}
	sort.Slice(sqlTimes, func(i, j int) bool { return sqlTimes[i] < sqlTimes[j] })
	sqlMedian := sqlTimes[len(sqlTimes)/2]

	cl := h.Client()
	cl.Login("owner@example.org", apptest.StrongPassword)
	path := "/clients/" + c.ID + "?tab=notes"
	if r := cl.Get(path); r.StatusCode != http.StatusOK {
		b.Fatalf("notes tab: %d", r.StatusCode)
	}
	times := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for range b.N {
		t0 := time.Now()
		if r := cl.Get(path); r.StatusCode != http.StatusOK {
			b.Fatalf("notes tab: %d", r.StatusCode)
		}
		times = append(times, time.Since(t0))
	}
	b.StopTimer()
	sort.Slice(times, func(i, j int) bool { return times[i] < times[j] })
	b.ReportMetric(float64(times[len(times)/2].Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(times[len(times)*95/100].Microseconds())/1000, "p95-ms")
	b.ReportMetric(float64(sqlMedian.Microseconds())/1000, "sql-ms")
	b.ReportMetric(float64(times[len(times)/2])/float64(sqlMedian), "x-sql")
}
