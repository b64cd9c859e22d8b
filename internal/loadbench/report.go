package loadbench

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"
	"time"
)

// Row is one line of the table: a page, an API call, a floor or a portal step at one concurrency.
type Row struct {
	Name        string  `json:"name"`
	Concurrency int     `json:"concurrency"`
	Requests    int     `json:"requests"`
	Errors      int     `json:"errors"`
	PerSecond   float64 `json:"per_second"`
	P50ms       float64 `json:"p50_ms"`
	P95ms       float64 `json:"p95_ms"`
	P99ms       float64 `json:"p99_ms"`
	Floor       string  `json:"floor,omitempty"`
	P50xFloor   float64 `json:"p50_x_floor,omitempty"`  // p50 ÷ the floor's p50 at the same concurrency
	RateXFloor  float64 `json:"rate_x_floor,omitempty"` // req/s ÷ the floor's req/s at the same concurrency
	P50xBare    float64 `json:"p50_x_bare,omitempty"`   // p50 ÷ the bare net/http handler's p50
	FirstError  string  `json:"first_error,omitempty"`
}

// Report is a whole run.
type Report struct {
	URL        string        `json:"url"`
	Engine     string        `json:"engine"`
	Duration   time.Duration `json:"cell_duration_ns"`
	LoadBefore string        `json:"load_average_before"`
	LoadAfter  string        `json:"load_average_after"`
	PID        int           `json:"server_pid"` // 0: unknown
	RSSIdleKB  int           `json:"rss_idle_kb"`
	RSSPeakKB  int           `json:"rss_peak_under_load_kb"`
	RSSAfterKB int           `json:"rss_after_kb"`
	// RssAnon: RSS without its file-backed pages (the code and the memory-mapped database file).
	AnonIdleKB  int `json:"rss_anon_idle_kb"`
	AnonPeakKB  int `json:"rss_anon_peak_under_load_kb"`
	AnonAfterKB int `json:"rss_anon_after_kb"`
	// The Go heap (objects, live and not yet collected) and all the Go runtime's memory, from /metrics;
	// 0 when it could not be read.
	GoHeapIdleKB   int           `json:"go_heap_idle_kb"`
	GoHeapPeakKB   int           `json:"go_heap_peak_under_load_kb"`
	GoHeapAfterKB  int           `json:"go_heap_after_kb"`
	GoTotalIdleKB  int           `json:"go_total_idle_kb"`
	GoTotalPeakKB  int           `json:"go_total_peak_under_load_kb"`
	GoTotalAfterKB int           `json:"go_total_after_kb"`
	PortalClients  int           `json:"portal_clients"`
	PortalArrival  time.Duration `json:"portal_arrival_ns"` // 0: all at once
	Rows           []Row         `json:"rows"`
	Errors         int           `json:"errors"`
}

func rowOf(name string, conc int, s Sample) Row {
	ms := func(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
	return Row{Name: name, Concurrency: conc, Requests: s.Requests, Errors: s.Errors, PerSecond: s.Throughput(),
		P50ms: ms(s.Percentile(0.50)), P95ms: ms(s.Percentile(0.95)), P99ms: ms(s.Percentile(0.99)), FirstError: s.FirstErr}
}

// compare fills each row's ratios against its floor and the bare handler at the same concurrency.
func compare(rows []Row) {
	find := func(name string, conc int) *Row {
		for i := range rows {
			if rows[i].Name == name && rows[i].Concurrency == conc {
				return &rows[i]
			}
		}
		return nil
	}
	for i := range rows {
		r := &rows[i]
		if f := find(r.Floor, r.Concurrency); f != nil && f.P50ms > 0 && f.PerSecond > 0 {
			r.P50xFloor, r.RateXFloor = r.P50ms/f.P50ms, r.PerSecond/f.PerSecond
		}
		if strings.HasPrefix(r.Name, "page ") || strings.HasPrefix(r.Name, "api ") {
			if b := find(floorBare, r.Concurrency); b != nil && b.P50ms > 0 {
				r.P50xBare = r.P50ms / b.P50ms
			}
		}
	}
}

// loadAverage is /proc/loadavg's first three numbers, or "unknown".
func loadAverage() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "unknown"
	}
	f := strings.Fields(string(b))
	if len(f) < 3 {
		return "unknown"
	}
	return strings.Join(f[:3], " ")
}

// WriteJSON writes the report as JSON.
func (r Report) WriteJSON(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(r)
}

// WriteTable writes the report as an aligned plain-text table.
func (r Report) WriteTable(w io.Writer) error {
	fmt.Fprintf(w, "tend bench: %s (%s), %s a cell, load average %s before and %s after\n\n", r.URL, r.Engine, r.Duration, r.LoadBefore, r.LoadAfter)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "what\tconc\treq/s\tp50 ms\tp95 ms\tp99 ms\terrors\tp50 ÷ floor\treq/s ÷ floor\tp50 ÷ bare\tfloor\t")
	ratio := func(v float64) string {
		if v == 0 {
			return "-"
		}
		return fmt.Sprintf("%.2f", v)
	}
	for _, row := range r.Rows {
		floor := row.Floor
		if floor == "" {
			floor = "-"
		}
		fmt.Fprintf(tw, "%s\t%d\t%.0f\t%.2f\t%.2f\t%.2f\t%d\t%s\t%s\t%s\t%s\t\n", row.Name, row.Concurrency, row.PerSecond,
			row.P50ms, row.P95ms, row.P99ms, row.Errors, ratio(row.P50xFloor), ratio(row.RateXFloor), ratio(row.P50xBare), strings.TrimPrefix(floor, "floor "))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	mib := func(kb int) string {
		if kb == 0 {
			return "unknown"
		}
		return fmt.Sprintf("%.1f MiB", float64(kb)/1024)
	}
	pid := "unknown (not found by its port; pass --pid)"
	if r.PID > 0 {
		pid = fmt.Sprint(r.PID)
	}
	fmt.Fprintf(w, "\nserver memory (RSS of process %s): idle %s, peak under load %s, after %s\n", pid, mib(r.RSSIdleKB), mib(r.RSSPeakKB), mib(r.RSSAfterKB))
	fmt.Fprintf(w, "RSS without file-backed pages (RssAnon; the code and the memory-mapped database file aside): idle %s, peak %s, after %s\n", mib(r.AnonIdleKB), mib(r.AnonPeakKB), mib(r.AnonAfterKB))
	fmt.Fprintf(w, "Go heap (objects, from /metrics): idle %s, peak under load %s, after %s; all Go runtime memory: idle %s, peak %s, after %s\n",
		mib(r.GoHeapIdleKB), mib(r.GoHeapPeakKB), mib(r.GoHeapAfterKB), mib(r.GoTotalIdleKB), mib(r.GoTotalPeakKB), mib(r.GoTotalAfterKB))
	if r.PortalClients > 0 {
		arrival := "at once"
		if r.PortalArrival > 0 {
			arrival = "arriving evenly over " + r.PortalArrival.String()
		}
		fmt.Fprintf(w, "portal: %d clients %s, each signing in, opening the to-do and answering a PHQ-9 (rows \"portal …\", conc = clients)\n", r.PortalClients, arrival)
	}
	for _, row := range r.Rows {
		if row.FirstError != "" {
			fmt.Fprintf(w, "first error of %s at %d: %s\n", row.Name, row.Concurrency, row.FirstError)
		}
	}
	fmt.Fprintf(w, "errors: %d\n", r.Errors)
	return nil
}
