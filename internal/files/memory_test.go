package files_test

import (
	"context"
	"io"
	"os"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"tend/internal/apptest"
	"tend/internal/db"
	"tend/internal/files"
	"tend/internal/testdb"
)

// rssBytes is the process's anonymous resident memory (RssAnon), or 0 where /proc is missing. The file
// pages SQLite's read connections map (mmap_size) also count in VmRSS while they are read, but they are
// the database file's cache, which the kernel drops at will, not memory the process holds.
func rssBytes() int64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, "RssAnon:"); ok {
			kb, _ := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 10, 64)
			return kb << 10
		}
	}
	return 0
}

// peak samples the Go runtime's memory (Sys less what it returned to the system: the heap with its
// garbage and free spans, stacks, metadata) and the resident set every millisecond until stopped, and keeps the
// highest of each.
type peak struct {
	heap, rss atomic.Int64
	stop      chan struct{}
	wg        sync.WaitGroup
}

func watch() *peak {
	p := &peak{stop: make(chan struct{})}
	p.wg.Add(1)
	go func() {
		defer p.wg.Done()
		var ms runtime.MemStats
		for {
			runtime.ReadMemStats(&ms)
			if h := int64(ms.Sys - ms.HeapReleased); h > p.heap.Load() {
				p.heap.Store(h)
			}
			if r := rssBytes(); r > p.rss.Load() {
				p.rss.Store(r)
			}
			select {
			case <-p.stop:
				return
			case <-time.After(time.Millisecond):
			}
		}
	}()
	return p
}

func (p *peak) done() { close(p.stop); p.wg.Wait() }

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
	ctx := context.Background()
	size := int64(25 << 20)
	if mb, err := strconv.Atoi(os.Getenv("TEND_BENCH_UPLOAD_MB")); err == nil && mb > 0 {
		size = int64(mb) << 20 // to see that nothing grows with the size
	}
	s.MaxBytes = size
	var heapGrowth, rssGrowth int64
	for b.Loop() {
		runtime.GC()
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		heap0, rss0 := int64(ms.Sys-ms.HeapReleased), rssBytes()
		old := debug.SetMemoryLimit(heap0 + 4<<20)
		p := watch()
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
		p.done()
		debug.SetMemoryLimit(old)
		if err != nil || n != size {
			b.Fatalf("download: %d bytes, %v", n, err)
		}
		heapGrowth, rssGrowth = max(heapGrowth, p.heap.Load()-heap0), max(rssGrowth, p.rss.Load()-rss0)
	}
	b.ReportMetric(float64(heapGrowth)/(1<<20), "gomem-MB")
	b.ReportMetric(float64(rssGrowth)/(1<<20), "rss-MB")
	b.SetBytes(2 * size)
	if heapGrowth > 10<<20 || rssGrowth > 10<<20 {
		b.Fatalf("a 25 MB upload and download grew Go's memory by %.1f MB and the resident set by %.1f MB (limit 10 MB)",
			float64(heapGrowth)/(1<<20), float64(rssGrowth)/(1<<20))
	}
}
