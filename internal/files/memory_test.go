package files_test

import (
	"context"
	"io"
	"os"
	"runtime"
	"runtime/debug"
	"strconv"
	"testing"

	"tend/internal/apptest"
	"tend/internal/db"
	"tend/internal/files"
	"tend/internal/testdb"
)

// Speed and memory (issue 17): a 25 MB upload and its download stream in constant memory: the heap in
// use (the Go runtime's memory) and the resident set grow by at most 10 MB over what they were before. Run with
// go test -run '^$' -bench Stream25MB ./internal/files/ (alone: other tests' memory would count).
//
// The folder storage makes almost no garbage. The database drivers copy each 64 KiB chunk they read or
// write (database/sql's Scan, the drivers' buffers), and that garbage waits for the collector: without a
// limit the heap may grow by what GOGC allows over the live heap before a collection, whatever the file's
// size. So the run sets a soft memory limit 4 MB over the heap before it (debug.SetMemoryLimit): a stream
// that held the file, or any share of it that grows with its size, could not stay under it, and the
// check below would fail.
// Proves FL-1.
func BenchmarkStream25MB(b *testing.B) {
	for _, kind := range []string{"db", "dir"} {
		b.Run("sqlite-"+kind, func(b *testing.B) { benchStream(b, testdb.SQLite(b), kind) })
		if os.Getenv("TEND_TEST_POSTGRES") != "" {
			b.Run("postgres-"+kind, func(b *testing.B) { benchStream(b, testdb.Postgres(b), kind) })
		}
	}
}

func benchStream(b *testing.B, d *db.DB, kind string) {
	w := newWorld(b, d)
	svc := *w.h.App.Files
	s := &svc
	if kind == "dir" {
		s.Storage = files.Folder{Dir: b.TempDir()}
	}
	size := int64(25 << 20)
	if mb, err := strconv.Atoi(os.Getenv("TEND_BENCH_UPLOAD_MB")); err == nil && mb > 0 {
		size = int64(mb) << 20 // to see that nothing grows with the size
	}
	s.MaxBytes = size
	// One round trip before measuring: the first one also opens the pools' connections, fills SQLite's
	// page cache and the drivers' buffers, and maps the runtime's first spans, which stay for every
	// later one and are no share of the file; counted, they made a -benchtime 1x run's growth vary.
	roundTrip(b, s, w, size)
	var heapGrowth, rssGrowth int64
	for b.Loop() {
		runtime.GC()
		heap0, rss0 := apptest.GoMemory(), apptest.RSSAnon()
		old := debug.SetMemoryLimit(heap0 + 4<<20)
		p := apptest.WatchMemory()
		roundTrip(b, s, w, size)
		heapPeak, rssPeak := p.Done()
		debug.SetMemoryLimit(old)
		heapGrowth, rssGrowth = max(heapGrowth, heapPeak-heap0), max(rssGrowth, rssPeak-rss0)
	}
	b.ReportMetric(float64(heapGrowth)/(1<<20), "gomem-MB")
	b.ReportMetric(float64(rssGrowth)/(1<<20), "rss-MB")
	b.SetBytes(2 * size)
	if heapGrowth > 10<<20 || rssGrowth > 10<<20 {
		b.Fatalf("a 25 MB upload and download grew Go's memory by %.1f MB and the resident set by %.1f MB (limit 10 MB)",
			float64(heapGrowth)/(1<<20), float64(rssGrowth)/(1<<20))
	}
}

// roundTrip uploads a file of size bytes to the world's chart and reads it back whole.
func roundTrip(b *testing.B, s *files.Service, w world, size int64) {
	b.Helper()
	ctx := context.Background()
	f, err := s.Upload(ctx, apptest.As(w.clin), w.chart.ID, files.Upload{Name: "big.pdf", Content: io.LimitReader(&counting{}, size)})
	if err != nil {
		b.Fatal(err)
	}
	r, err := s.Open(ctx, apptest.As(w.clin), "", f.ID)
	if err != nil {
		b.Fatal(err)
	}
	n, err := io.Copy(io.Discard, r)
	r.Close()
	if err != nil || n != size {
		b.Fatalf("download: %d bytes, %v", n, err)
	}
}
