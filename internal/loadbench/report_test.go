package loadbench

import (
	"bytes"
	"strings"
	"testing"
	"time"
)

// Percentiles come from every request's time, nearest rank.
func TestPercentile(t *testing.T) {
	var s Sample
	for i := 100; i >= 1; i-- {
		s.add(time.Duration(i)*time.Millisecond, nil)
	}
	for q, want := range map[float64]time.Duration{0.5: 50 * time.Millisecond, 0.95: 95 * time.Millisecond, 0.99: 99 * time.Millisecond, 1: 100 * time.Millisecond} {
		if got := s.Percentile(q); got != want {
			t.Errorf("Percentile(%v) = %v, want %v", q, got, want)
		}
	}
	if (Sample{}).Percentile(0.5) != 0 {
		t.Error("an empty sample has no percentile")
	}
}

// Each row is compared with its own floor and the bare handler at the same concurrency, never another's.
func TestCompare(t *testing.T) {
	rows := []Row{
		{Name: floorSQLList, Concurrency: 1, P50ms: 2, PerSecond: 400},
		{Name: floorBare, Concurrency: 1, P50ms: 0.5, PerSecond: 2000},
		{Name: floorSQLList, Concurrency: 8, P50ms: 10, PerSecond: 800},
		{Name: "api client list", Concurrency: 1, P50ms: 3, PerSecond: 300, Floor: floorSQLList},
		{Name: "api client list", Concurrency: 8, P50ms: 20, PerSecond: 400, Floor: floorSQLList},
		{Name: "portal sign-in", Concurrency: 200, P50ms: 50},
	}
	compare(rows)
	if r := rows[3]; r.P50xFloor != 1.5 || r.RateXFloor != 0.75 || r.P50xBare != 6 {
		t.Errorf("at 1: %+v", r)
	}
	if r := rows[4]; r.P50xFloor != 2 || r.RateXFloor != 0.5 || r.P50xBare != 0 {
		t.Errorf("at 8 (no bare floor measured there): %+v", r)
	}
	if r := rows[5]; r.P50xFloor != 0 || r.P50xBare != 0 {
		t.Errorf("a portal step has no floor: %+v", r)
	}
}

// The table names an unknown server process instead of printing zeroes, and counts the errors.
func TestWriteTable(t *testing.T) {
	rep := Report{URL: "http://127.0.0.1:1", Engine: "sqlite", Rows: []Row{{Name: "api client list", Concurrency: 1, Errors: 2,
		FirstError: "GET /api/v1/clients: status 500, want 200"}}, Errors: 2}
	var b bytes.Buffer
	if err := rep.WriteTable(&b); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"unknown (not found by its port; pass --pid)", "errors: 2", "first error of api client list at 1: GET /api/v1/clients: status 500"} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("the table lacks %q:\n%s", want, b.String())
		}
	}
}
