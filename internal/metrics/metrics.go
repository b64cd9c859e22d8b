// Package metrics counts HTTP requests and their latency by route pattern and writes them, with database
// pool statistics, in the Prometheus text exposition format.
package metrics

import (
	"context"
	"database/sql"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
)

// buckets are the latency histogram's upper bounds in seconds.
var buckets = []float64{0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10}

type reqKey struct {
	route, method string
	code          int
}

type histogram struct {
	counts []uint64 // per bucket, not cumulative; the last is +Inf
	sum    float64
	n      uint64
}

// Registry holds the counters. It is safe for concurrent use.
type Registry struct {
	mu       sync.Mutex
	requests map[reqKey]uint64
	latency  map[string]*histogram
	pools    func() map[string]sql.DBStats
	queue    func(context.Context) (QueueStats, error)
	started  time.Time
}

// QueueStats is the background work at one moment: the job queue and failed mail.
type QueueStats struct {
	Depth      int           // jobs waiting: due, scheduled, or waiting for a retry
	OldestDue  time.Duration // how long the oldest due job has waited for a worker
	Failed     int           // jobs that failed for good, still kept
	MailFailed int           // messages that failed for good, still kept
	// FailedSignIns is how many sign-ins to emails without an account failed this hour and the last.
	FailedSignIns int
}

// SetQueue makes every scrape report the queue as fn reads it then.
func (r *Registry) SetQueue(fn func(context.Context) (QueueStats, error)) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.queue = fn
}

// New returns an empty registry; pools, when not nil, reports database pool statistics by pool name.
func New(pools func() map[string]sql.DBStats) *Registry {
	return &Registry{requests: map[reqKey]uint64{}, latency: map[string]*histogram{}, pools: pools, started: time.Now()}
}

// Observe records one finished request. route is the matched pattern ("GET /api/v1/me"), never the raw path.
func (r *Registry) Observe(route, method string, code int, d time.Duration) {
	if route == "" {
		route = "unmatched"
	}
	secs := d.Seconds()
	r.mu.Lock()
	defer r.mu.Unlock()
	r.requests[reqKey{route, method, code}]++
	h := r.latency[route]
	if h == nil {
		h = &histogram{counts: make([]uint64, len(buckets)+1)}
		r.latency[route] = h
	}
	i := sort.SearchFloat64s(buckets, secs)
	h.counts[i]++
	h.sum += secs
	h.n++
}

// Write prints every metric in the Prometheus text format.
func (r *Registry) Write(w io.Writer) error { return r.WriteContext(context.Background(), w) }

// WriteContext is Write with the scrape's context, which bounds the queue's queries.
func (r *Registry) WriteContext(ctx context.Context, w io.Writer) error {
	var b strings.Builder
	r.mu.Lock()
	queue := r.queue
	b.WriteString("# HELP tend_http_requests_total HTTP requests by route pattern, method and status code.\n# TYPE tend_http_requests_total counter\n")
	keys := make([]reqKey, 0, len(r.requests))
	for k := range r.requests {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		a, c := keys[i], keys[j]
		if a.route != c.route {
			return a.route < c.route
		}
		if a.method != c.method {
			return a.method < c.method
		}
		return a.code < c.code
	})
	for _, k := range keys {
		fmt.Fprintf(&b, "tend_http_requests_total{route=%s,method=%s,code=\"%d\"} %d\n", quote(k.route), quote(k.method), k.code, r.requests[k])
	}
	b.WriteString("# HELP tend_http_request_duration_seconds Time to serve a request, by route pattern.\n# TYPE tend_http_request_duration_seconds histogram\n")
	routes := make([]string, 0, len(r.latency))
	for k := range r.latency {
		routes = append(routes, k)
	}
	sort.Strings(routes)
	for _, route := range routes {
		h := r.latency[route]
		var cum uint64
		for i, le := range buckets {
			cum += h.counts[i]
			fmt.Fprintf(&b, "tend_http_request_duration_seconds_bucket{route=%s,le=\"%s\"} %d\n", quote(route), strconv.FormatFloat(le, 'g', -1, 64), cum)
		}
		fmt.Fprintf(&b, "tend_http_request_duration_seconds_bucket{route=%s,le=\"+Inf\"} %d\n", quote(route), h.n)
		fmt.Fprintf(&b, "tend_http_request_duration_seconds_sum{route=%s} %g\n", quote(route), h.sum)
		fmt.Fprintf(&b, "tend_http_request_duration_seconds_count{route=%s} %d\n", quote(route), h.n)
	}
	r.mu.Unlock()

	writeGoMemory(&b)
	if r.pools != nil {
		stats := r.pools()
		names := make([]string, 0, len(stats))
		for n := range stats {
			names = append(names, n)
		}
		sort.Strings(names)
		gauge := func(name, help string, v func(sql.DBStats) float64, kind string) {
			fmt.Fprintf(&b, "# HELP %s %s\n# TYPE %s %s\n", name, help, name, kind)
			for _, n := range names {
				fmt.Fprintf(&b, "%s{pool=%s} %g\n", name, quote(n), v(stats[n]))
			}
		}
		gauge("tend_db_open_connections", "Open database connections.", func(s sql.DBStats) float64 { return float64(s.OpenConnections) }, "gauge")
		gauge("tend_db_in_use_connections", "Database connections in use.", func(s sql.DBStats) float64 { return float64(s.InUse) }, "gauge")
		gauge("tend_db_idle_connections", "Idle database connections.", func(s sql.DBStats) float64 { return float64(s.Idle) }, "gauge")
		gauge("tend_db_max_open_connections", "Most database connections the pool opens.", func(s sql.DBStats) float64 { return float64(s.MaxOpenConnections) }, "gauge")
		gauge("tend_db_wait_count_total", "Times a request waited for a database connection.", func(s sql.DBStats) float64 { return float64(s.WaitCount) }, "counter")
		gauge("tend_db_wait_seconds_total", "Total time spent waiting for a database connection.", func(s sql.DBStats) float64 { return s.WaitDuration.Seconds() }, "counter")
	}
	if queue != nil {
		// A failed read leaves the queue's lines out, and says so, rather than failing the whole scrape.
		q, err := queue(ctx)
		up := 1
		if err != nil {
			up = 0
		}
		fmt.Fprintf(&b, "# HELP tend_queue_up Whether the job queue could be read at this scrape.\n# TYPE tend_queue_up gauge\ntend_queue_up %d\n", up)
		if err == nil {
			gauge := func(name, help string, v float64) {
				fmt.Fprintf(&b, "# HELP %s %s\n# TYPE %s gauge\n%s %g\n", name, help, name, name, v)
			}
			gauge("tend_jobs_queued", "Jobs waiting: due, scheduled, or waiting for a retry.", float64(q.Depth))
			gauge("tend_jobs_oldest_due_seconds", "How long the oldest due job has waited for a worker; 0 when none waits.", q.OldestDue.Seconds())
			gauge("tend_jobs_failed", "Jobs that failed for good (out of attempts or cancelled), kept for the retention period.", float64(q.Failed))
			gauge("tend_mail_failed", "Messages that failed for good, kept for the retention period.", float64(q.MailFailed))
			gauge("tend_sign_ins_failed_unknown", "Failed sign-ins to emails without an account, this hour and the last.", float64(q.FailedSignIns))
		}
	}
	fmt.Fprintf(&b, "# HELP tend_uptime_seconds Seconds since the process started.\n# TYPE tend_uptime_seconds gauge\ntend_uptime_seconds %g\n", time.Since(r.started).Seconds())
	_, err := io.WriteString(w, b.String())
	return err
}

// quote writes a label value with Prometheus escaping.
func quote(s string) string {
	s = strings.ReplaceAll(s, `\`, `\\`)
	s = strings.ReplaceAll(s, "\n", `\n`)
	s = strings.ReplaceAll(s, `"`, `\"`)
	return `"` + s + `"`
}
