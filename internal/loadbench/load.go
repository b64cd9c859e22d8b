// Package loadbench is tend bench: a load suite run against a demo installation (issue 19, item 2). It
// measures the main staff pages and API calls at several concurrencies, 200 portal clients at once, floors
// measured in the same run (the store's SQL on the database directly, and a bare net/http handler
// serving the same JSON), and the server's memory, and prints one table.
package loadbench

import (
	"context"
	"slices"
	"sync"
	"time"
)

// Sample is what one cell of the table measured: requests, errors and each request's time.
type Sample struct {
	Requests int
	Errors   int
	FirstErr string
	Elapsed  time.Duration
	lat      []time.Duration
}

// Throughput is requests per second over the cell's time.
func (s Sample) Throughput() float64 {
	if s.Elapsed <= 0 {
		return 0
	}
	return float64(s.Requests) / s.Elapsed.Seconds()
}

// Percentile is the time under which the share q (0..1) of the requests finished.
func (s Sample) Percentile(q float64) time.Duration {
	if len(s.lat) == 0 {
		return 0
	}
	sorted := slices.Clone(s.lat)
	slices.Sort(sorted)
	i := int(q*float64(len(sorted))+0.5) - 1
	return sorted[min(max(i, 0), len(sorted)-1)]
}

// add records one request.
func (s *Sample) add(d time.Duration, err error) {
	s.Requests++
	s.lat = append(s.lat, d)
	if err != nil {
		s.Errors++
		if s.FirstErr == "" {
			s.FirstErr = err.Error()
		}
	}
}

// merge adds another worker's requests.
func (s *Sample) merge(o Sample) {
	s.Requests += o.Requests
	s.Errors += o.Errors
	s.lat = append(s.lat, o.lat...)
	if s.FirstErr == "" {
		s.FirstErr = o.FirstErr
	}
}

// hammer runs do in conc workers, each one request after another, for dur, and measures every call.
func hammer(ctx context.Context, conc int, dur time.Duration, do func(ctx context.Context, worker int) error) Sample {
	ctx, cancel := context.WithTimeout(ctx, dur+30*time.Second) // a hung request ends as an error
	defer cancel()
	start := time.Now()
	deadline := start.Add(dur)
	parts := make([]Sample, conc)
	var wg sync.WaitGroup
	for w := range conc {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for time.Now().Before(deadline) && ctx.Err() == nil {
				t := time.Now()
				err := do(ctx, w)
				parts[w].add(time.Since(t), err)
			}
		}()
	}
	wg.Wait()
	var out Sample
	for _, p := range parts {
		out.merge(p)
	}
	out.Elapsed = time.Since(start)
	return out
}
