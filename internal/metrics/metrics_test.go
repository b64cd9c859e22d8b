package metrics

import (
	"database/sql"
	"strings"
	"testing"
	"time"
)

func TestWrite(t *testing.T) {
	t.Parallel()
	r := New(func() map[string]sql.DBStats {
		return map[string]sql.DBStats{"writer": {OpenConnections: 1, MaxOpenConnections: 1}}
	})
	r.Observe("GET /api/v1/me", "GET", 200, 3*time.Millisecond)
	r.Observe("GET /api/v1/me", "GET", 200, 30*time.Millisecond)
	r.Observe("GET /api/v1/me", "GET", 401, 2*time.Second)
	r.Observe("", "GET", 404, time.Millisecond)
	var b strings.Builder
	if err := r.Write(&b); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	for _, want := range []string{
		`tend_http_requests_total{route="GET /api/v1/me",method="GET",code="200"} 2`,
		`tend_http_requests_total{route="GET /api/v1/me",method="GET",code="401"} 1`,
		`tend_http_requests_total{route="unmatched",method="GET",code="404"} 1`,
		`tend_http_request_duration_seconds_bucket{route="GET /api/v1/me",le="0.005"} 1`,
		`tend_http_request_duration_seconds_bucket{route="GET /api/v1/me",le="0.05"} 2`,
		`tend_http_request_duration_seconds_bucket{route="GET /api/v1/me",le="1"} 2`,
		`tend_http_request_duration_seconds_bucket{route="GET /api/v1/me",le="2.5"} 3`,
		`tend_http_request_duration_seconds_bucket{route="GET /api/v1/me",le="+Inf"} 3`,
		`tend_http_request_duration_seconds_count{route="GET /api/v1/me"} 3`,
		`tend_db_open_connections{pool="writer"} 1`,
		"# TYPE tend_http_request_duration_seconds histogram",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q", want)
		}
	}
}

func TestQuote(t *testing.T) {
	t.Parallel()
	if got := quote("a\"b\\c\nd"); got != `"a\"b\\c\nd"` {
		t.Fatalf("quote = %s", got)
	}
}

// TestGoMemory: a scrape shows the Go heap apart from the runtime's whole memory and its limit, so RSS
// (which holds SQLite's pages too) is not read as the Go heap.
func TestGoMemory(t *testing.T) {
	var b strings.Builder
	if err := New(nil).Write(&b); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"tend_go_heap_objects_bytes ", "tend_go_memory_total_bytes ", "tend_go_memory_limit_bytes ", "tend_go_gc_cycles_total "} {
		i := strings.Index(b.String(), "\n"+name)
		if i < 0 {
			t.Fatalf("no %s in:\n%s", name, b.String())
		}
		line := strings.SplitN(b.String()[i+1:], "\n", 2)[0]
		if v := strings.TrimPrefix(line, name); v == "0" && name != "tend_go_gc_cycles_total " {
			t.Errorf("%s is 0", name)
		}
	}
}
