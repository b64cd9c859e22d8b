package imports_test

import (
	"context"
	"fmt"
	"os"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"tend/internal/id"
	"tend/internal/imports"
	"tend/internal/model"
	"tend/internal/store"
	"tend/internal/testdb"
)

// benchRows is the size of the speed targets' file (issue 18): 100,000 clients; TEND_BENCH_ROWS sets
// another for a quick look.
var benchRows = func() int {
	if n, err := strconv.Atoi(os.Getenv("TEND_BENCH_ROWS")); err == nil && n > 0 {
		return n
	}
	return 100_000
}()

// cleanFile is n good rows of the usual columns.
func cleanFile(n int) string {
	var b strings.Builder
	b.WriteString("First Name,Last Name,Email,Date of Birth,Mobile Phone,City,Status\n")
	for i := 1; i <= n; i++ {
		fmt.Fprintf(&b, "First%d,Last%d,c%d@example.org,03/%02d/1980,555 010 %04d,Springfield,active\n", i, i, i, 1+i%28, i%10000)
	}
	return b.String()
}

// cpuTime is the process's user and system CPU time so far: on a machine shared with other work the
// benchmarks report it besides the wall time, which the others' load stretches.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// benchWorld is a practice on SQLite, the engine of the speed targets.
func benchWorld(b *testing.B) world { return newWorld(b, testdb.SQLite(b)) }

// BenchmarkImport100k is the import of 100,000 rows on SQLite, from commit to done (parsing, checks
// against the practice and the one transaction's writes). Target: ≥ 20,000 rows/s, and at most twice
// BenchmarkRawInsert100k. Proves IM-1's speed.
func BenchmarkImport100k(b *testing.B) {
	csv := cleanFile(benchRows)
	var cpu time.Duration
	for b.Loop() {
		b.StopTimer()
		w := benchWorld(b)
		pv := prepare(b, w, csv)
		w.svc.Queue = nil
		b.StartTimer()
		cpu0 := cpuTime()
		if _, err := w.svc.Commit(context.Background(), w.p, pv.ID, nil); err != nil {
			b.Fatal(err)
		}
		cpu += cpuTime() - cpu0
	}
	b.ReportMetric(float64(benchRows*b.N)/b.Elapsed().Seconds(), "rows/s")
	b.ReportMetric(cpu.Seconds()/float64(b.N), "cpu-s/op")
}

// BenchmarkRawInsert100k is the baseline: the same 100,000 clients (persons and charts, the same columns)
// inserted by multi-row statements in one transaction, with nothing read or checked.
func BenchmarkRawInsert100k(b *testing.B) {
	var cpu time.Duration
	for b.Loop() {
		b.StopTimer()
		w := benchWorld(b)
		now := time.Now().UTC()
		cs := make([]model.Client, benchRows)
		for i := range cs {
			cs[i] = model.Client{ID: id.New(), PersonID: id.New(), PracticeID: w.owner.PracticeID, Kind: model.KindIndividual,
				State: model.StateActive, MessagingOn: true, FirstName: fmt.Sprint("First", i), LastName: fmt.Sprint("Last", i),
				Email: fmt.Sprintf("c%d@example.org", i), DateOfBirth: "1980-03-04", Phone: "555 010 0100", CreatedAt: now, UpdatedAt: now}
			cs[i].Address.City = "Springfield"
		}
		b.StartTimer()
		cpu0 := cpuTime()
		if err := w.svc.Store.Tx(context.Background(), func(q store.Q) error { return store.InsertClients(context.Background(), q, w.svc.Store.DB.Dialect, cs) }); err != nil {
			b.Fatal(err)
		}
		cpu += cpuTime() - cpu0
	}
	b.ReportMetric(float64(benchRows*b.N)/b.Elapsed().Seconds(), "rows/s")
	b.ReportMetric(cpu.Seconds()/float64(b.N), "cpu-s/op")
}

// BenchmarkPreview100k is the preview of 100,000 rows: the file parsed, every row checked, the emails
// looked up in the practice. Target: ≤ 5 s.
func BenchmarkPreview100k(b *testing.B) {
	w := benchWorld(b)
	ctx := context.Background()
	ci, err := w.svc.Upload(ctx, w.p, "big.csv", strings.NewReader(cleanFile(benchRows)))
	if err != nil {
		b.Fatal(err)
	}
	if _, err := w.svc.SaveMapping(ctx, w.p, ci.ID, imports.MappingInput{Fields: ci.Mapping}); err != nil {
		b.Fatal(err)
	}
	cpu0 := cpuTime()
	for b.Loop() {
		if _, err := w.svc.Preview(ctx, w.p, ci.ID); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric((cpuTime()-cpu0).Seconds()/float64(b.N), "cpu-s/op")
}
