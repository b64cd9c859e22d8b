package appointments_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"tend/internal/appointments"
	"tend/internal/apptest"
	"tend/internal/testdb"
)

// BenchmarkPracticeWeek measures the practice's week read, the data of the coming practice calendar
// (issue 16, speed: the week view with 20 clinicians and 1,000 appointments in the week at most 30 ms
// server time): Range over 7 days for the owner, with its audit, on SQLite with a year of appointments
// stored. It reports the statements the read runs and how many times slower it is than those same
// statements run directly on the database (x-sql, medians).
// Run: go test -run '^$' -bench PracticeWeek ./internal/appointments/
// Proves AP-1.
func BenchmarkPracticeWeek(b *testing.B) {
	ctx := context.Background()
	d, log := testdb.CountingSQLite(b)
	h := apptest.New(b, d)
	_, owner := h.Setup()
	p := apptest.As(owner)
	h.SeedBusyYear(owner)
	q := appointments.RangeQuery{From: "2026-04-06", To: "2026-04-13"}
	read := func() {
		rg, err := h.App.Appointments.Range(ctx, p, q)
		if err != nil || len(rg.Items) != 1000 || !rg.PracticeWide {
			b.Fatalf("week: %d appointments, %v", len(rg.Items), err)
		}
	}
	read()
	stmts := log.Record(read)
	var reads []testdb.Statement
	for _, s := range stmts {
		if s.Read() {
			reads = append(reads, s)
		}
	}
	b.Logf("the practice week ran %d statements, %d of them reads", len(stmts), len(reads))
	var sqlTimes []time.Duration
	for range 100 {
		t0 := time.Now()
		if err := testdb.Replay(ctx, h.DB, stmts); err != nil {
			b.Fatal(err)
		}
		sqlTimes = append(sqlTimes, time.Since(t0))
	}
	slices.Sort(sqlTimes)
	sqlMedian := sqlTimes[len(sqlTimes)/2]
	times := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for range b.N {
		t0 := time.Now()
		read()
		times = append(times, time.Since(t0))
	}
	b.StopTimer()
	slices.Sort(times)
	p50 := times[len(times)/2]
	b.ReportMetric(float64(p50.Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(times[len(times)*95/100].Microseconds())/1000, "p95-ms")
	b.ReportMetric(float64(sqlMedian.Microseconds())/1000, "sql-ms")
	b.ReportMetric(float64(p50)/float64(sqlMedian), "x-sql")
	b.ReportMetric(float64(len(stmts)), "stmts")
}
