package metrics

import (
	"fmt"
	"runtime/metrics"
	"strings"
)

// goMemory are the Go runtime's memory figures /metrics shows, each with its runtime/metrics name.
// The process's RSS holds more than these: the SQLite file's pages mapped into memory and SQLite's own
// page caches (allocated outside the Go heap), the program's code, and thread stacks.
var goMemory = []struct{ name, help, sample string }{
	{"tend_go_heap_objects_bytes", "Bytes of Go heap held by objects, live and not yet collected.", "/memory/classes/heap/objects:bytes"},
	{"tend_go_memory_total_bytes", "All memory the Go runtime has mapped (heap, stacks, its own structures), released pages included.", "/memory/classes/total:bytes"},
	{"tend_go_memory_released_bytes", "Go heap memory returned to the operating system (part of the total, not resident).", "/memory/classes/heap/released:bytes"},
	{"tend_go_memory_limit_bytes", "The Go runtime's soft memory limit (TEND_MEMORY_LIMIT or GOMEMLIMIT).", "/gc/gomemlimit:bytes"},
	{"tend_go_gc_cycles_total", "Garbage collections completed.", "/gc/cycles/total:gc-cycles"},
}

// writeGoMemory appends the Go runtime's memory figures.
func writeGoMemory(b *strings.Builder) {
	samples := make([]metrics.Sample, len(goMemory))
	for i, m := range goMemory {
		samples[i].Name = m.sample
	}
	metrics.Read(samples)
	for i, m := range goMemory {
		kind := "gauge"
		if strings.HasSuffix(m.name, "_total") {
			kind = "counter"
		}
		v := samples[i].Value
		if v.Kind() != metrics.KindUint64 {
			continue // not known to this Go version
		}
		fmt.Fprintf(b, "# HELP %s %s\n# TYPE %s %s\n%s %d\n", m.name, m.help, m.name, kind, m.name, v.Uint64())
	}
}
