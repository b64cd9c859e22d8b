package archive_test

import (
	"bytes"
	"context"
	"fmt"
	"runtime"
	"runtime/debug"
	"sync/atomic"
	"testing"
	"time"

	"tend/internal/apptest"
	"tend/internal/archive"
	"tend/internal/demo"
	"tend/internal/files"
	"tend/internal/model"
	"tend/internal/testdb"
)

// countingDiscard counts what an export writes and keeps none of it.
type countingDiscard struct{ n int64 }

func (c *countingDiscard) Write(p []byte) (int, error) { c.n += int64(len(p)); return len(p), nil }

// peakHeap runs fn and returns how far the heap rose above where it stood before, sampled every
// millisecond. The collector runs at GOGC=5 meanwhile, so what is measured is what the export keeps, not
// the garbage a default collector lets pile up to twice the app's live heap before it runs.
func peakHeap(fn func()) uint64 {
	defer debug.SetGCPercent(debug.SetGCPercent(5))
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	base := ms.HeapAlloc
	var peak atomic.Uint64
	done := make(chan struct{})
	stopped := make(chan struct{})
	go func() {
		defer close(stopped)
		var s runtime.MemStats
		for {
			runtime.ReadMemStats(&s)
			if s.HeapAlloc > base && s.HeapAlloc-base > peak.Load() {
				peak.Store(s.HeapAlloc - base)
			}
			select {
			case <-done:
				return
			case <-time.After(time.Millisecond):
			}
		}
	}()
	fn()
	close(done)
	<-stopped
	return peak.Load()
}

// Proves IM-2: the export streams in constant memory. A practice of 200 clients and one of 10,000, each
// with three 20 MB files, are exported; the heap's rise stays about the same while the archive grows
// (README, Practice archive, has the numbers).
func BenchmarkExportMemory(b *testing.B) {
	for _, n := range []int{200, 10000} {
		b.Run(fmt.Sprintf("clients=%d", n), func(b *testing.B) {
			ctx := context.Background()
			h := apptest.New(b, testdb.SQLite(b))
			if _, err := demo.Fill(ctx, h.App.DemoServices(), n, 1); err != nil {
				b.Fatal(err)
			}
			var practiceID, ownerID, chartID string
			if err := h.DB.R.QueryRowContext(ctx, `SELECT practice_id, id FROM staff WHERE role = 'owner'`).Scan(&practiceID, &ownerID); err != nil {
				b.Fatal(err)
			}
			if err := h.DB.R.QueryRowContext(ctx, `SELECT id FROM charts WHERE practice_id = $1 AND kind = 'individual' ORDER BY id LIMIT 1`, practiceID).Scan(&chartID); err != nil {
				b.Fatal(err)
			}
			owner := model.Principal{StaffID: ownerID, PracticeID: practiceID, Role: model.RoleOwner}
			line := []byte("A long diary of sleep and mood, kept night after night for the next session.\n")
			for i := range 3 {
				content := bytes.Repeat(line, 20<<20/len(line))
				if _, err := h.App.Files.Upload(ctx, owner, chartID, files.Upload{Name: fmt.Sprintf("diary-%d.txt", i), Content: bytes.NewReader(content)}); err != nil {
					b.Fatal(err)
				}
			}
			var peak uint64
			var size, rows int64
			b.ResetTimer()
			for range b.N {
				w := &countingDiscard{}
				peak = max(peak, peakHeap(func() {
					m, err := h.App.Archive.Export(ctx, w, practiceID, archive.ExportOptions{PsychotherapyNotes: true})
					if err != nil {
						b.Fatal(err)
					}
					rows = 0
					for _, t := range m.Tables {
						rows += t.Rows
					}
				}))
				size = w.n
			}
			b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MiB")
			b.ReportMetric(float64(size)/(1<<20), "archive-MiB")
			b.ReportMetric(float64(rows), "rows")
		})
	}
}
