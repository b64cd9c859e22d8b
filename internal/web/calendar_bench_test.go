package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"tend/internal/apptest"
	"tend/internal/testdb"
)

// BenchmarkCalendarPracticeWeek measures the practice's week page with 20 clinicians and 1,000
// appointments in the week (issue 16, speed: at most 30 ms server time), on SQLite with a year of
// appointments stored: the whole request in the server (middleware, session, the audited range read, the
// grid's placement, the template), without the network. It reports the statements one render runs and
// how many times slower the page is than those same statements run directly on the database (x-sql,
// medians).
// Run: go test -run '^$' -bench CalendarPracticeWeek ./internal/web/
// Proves AP-1.
func BenchmarkCalendarPracticeWeek(b *testing.B) {
	ctx := context.Background()
	d, log := testdb.CountingSQLite(b)
	h := apptest.New(b, d)
	_, owner := h.Setup()
	h.SeedBusyYear(owner)
	cl := h.Client()
	cl.Login("owner@example.org", apptest.StrongPassword)
	cookie := cl.Cookie("tend_session")
	path := "/calendar?view=week&date=2026-04-08&clinician=all"
	get := func() {
		req := httptest.NewRequest("GET", path, nil)
		req.AddCookie(&http.Cookie{Name: "tend_session", Value: cookie})
		rec := httptest.NewRecorder()
		h.App.Handler.ServeHTTP(rec, req)
		if body := rec.Body.String(); rec.Code != http.StatusOK || strings.Count(body, `class="cal-appt `)+moreCount(body) != 1000 {
			b.Fatalf("practice week: %d, %d appointments placed", rec.Code, strings.Count(body, `class="cal-appt `))
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
	b.Logf("GET %s ran %d statements, %d of them reads", path, len(stmts), reads)
	var sqlTimes []time.Duration
	for range 100 {
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

// moreCount adds up the "+N more" of a calendar page's columns: appointments beyond the lanes a column shows.
func moreCount(body string) int {
	n := 0
	for _, part := range strings.Split(body, `<a class="cal-more" href="`)[1:] {
		var k int
		if i := strings.Index(part, ">+"); i >= 0 {
			fmt.Sscanf(part[i+2:], "%d", &k)
		}
		n += k
	}
	return n
}
