package apptest

import (
	"os"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// RSSAnon is the process's anonymous resident memory (RssAnon), or 0 where /proc is missing. The file
// pages SQLite's read connections map also count in VmRSS while they are read, but they are the
// database file's cache, which the kernel drops at will, not memory the process holds.
func RSSAnon() int64 {
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

// GoMemory is the Go runtime's memory: Sys less what it returned to the system (the heap with its
// garbage and free spans, stacks, metadata).
func GoMemory() int64 {
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return int64(ms.Sys - ms.HeapReleased)
}

// MemoryPeak samples GoMemory and RSSAnon every millisecond until Done, keeping the highest of each:
// the memory benchmarks' measure of what streaming a large file or export costs.
type MemoryPeak struct {
	heap, rss atomic.Int64
	stop      chan struct{}
	wg        sync.WaitGroup
}

// WatchMemory starts sampling.
func WatchMemory() *MemoryPeak {
	p := &MemoryPeak{stop: make(chan struct{})}
	p.wg.Add(1)
	go func() {
		defer p.wg.Done()
		for {
			if h := GoMemory(); h > p.heap.Load() {
				p.heap.Store(h)
			}
			if r := RSSAnon(); r > p.rss.Load() {
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

// Done stops sampling and returns the highest Go memory and resident set seen.
func (p *MemoryPeak) Done() (heap, rss int64) {
	close(p.stop)
	p.wg.Wait()
	return p.heap.Load(), p.rss.Load()
}
