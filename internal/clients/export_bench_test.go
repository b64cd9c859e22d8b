package clients_test

import (
	"context"
	"encoding/csv"
	"io"
	"math/rand/v2"
	"os"
	"runtime"
	"runtime/debug"
	"strconv"
	"testing"
	"time"

	"tend/internal/apptest"
	"tend/internal/clients"
	"tend/internal/db"
	"tend/internal/demo"
	"tend/internal/model"
	"tend/internal/testdb"
)

// countingWriter counts what is written and keeps none of it.
type countingWriter struct{ n int64 }

func (c *countingWriter) Write(b []byte) (int, error) { c.n += int64(len(b)); return len(b), nil }

// Speed and memory (issue 18): the client-list CSV of 50,000 clients streams in constant memory, and its
// time is compared with the raw SQL of the same rows. Each run exports every client of the practice with
// a soft memory limit 8 MB over the heap before it (debug.SetMemoryLimit, as package files' stream
// benchmark does): an export that held the match, or any share of it growing with its size, could not
// stay under it, and the check fails past 16 MB of growth. "raw" is one SELECT of the same chart and
// person columns in name order written with encoding/csv (no tags, no clinician names, no audit, no
// formula checks); x-raw is the export's time over it. Set TEND_BENCH_CLIENTS to change 50,000.
//
//	go test -run '^$' -bench ExportCSV -benchtime 3x ./internal/clients/
//
// Proves IM-2.
func BenchmarkExportCSV(b *testing.B) {
	engines := map[string]func(testing.TB) *db.DB{"sqlite": func(t testing.TB) *db.DB { return testdb.SQLite(t) }}
	if os.Getenv("TEND_TEST_POSTGRES") != "" {
		engines["postgres"] = func(t testing.TB) *db.DB { return testdb.Postgres(t) }
	}
	n := 50_000
	if v, err := strconv.Atoi(os.Getenv("TEND_BENCH_CLIENTS")); err == nil && v > 0 {
		n = v
	}
	for _, name := range []string{"sqlite", "postgres"} {
		open, ok := engines[name]
		if !ok {
			continue
		}
		b.Run(name, func(b *testing.B) {
			ctx := context.Background()
			h := apptest.New(b, open(b))
			_, owner := h.Setup()
			rng := rand.New(rand.NewPCG(5, 6))
			if err := demo.Clients(ctx, h.App.Clients.Store, h.App.AuditLog, owner.PracticeID, []string{owner.ID}, n, rng, time.Now()); err != nil {
				b.Fatal(err)
			}
			if err := h.DB.Optimize(ctx); err != nil {
				b.Fatal(err)
			}
			p := apptest.As(owner)
			lq := clients.ListQuery{Statuses: model.Statuses()}
			var heapGrowth, rssGrowth int64
			var export, raw time.Duration
			var rows int
			var size int64
			for b.Loop() {
				runtime.GC()
				heap0, rss0 := apptest.GoMemory(), apptest.RSSAnon()
				old := debug.SetMemoryLimit(heap0 + 8<<20)
				watch := apptest.WatchMemory()
				start := time.Now()
				w := &countingWriter{}
				got, err := h.App.Clients.ExportCSV(ctx, p, lq, w)
				export += time.Since(start)
				heapPeak, rssPeak := watch.Done()
				debug.SetMemoryLimit(old)
				if err != nil || got < n {
					b.Fatalf("exported %d of %d: %v", got, n, err)
				}
				rows, size = got, w.n
				heapGrowth, rssGrowth = max(heapGrowth, heapPeak-heap0), max(rssGrowth, rssPeak-rss0)

				start = time.Now()
				if m, err := rawExport(ctx, h.DB, owner.PracticeID, io.Discard); err != nil || m != got {
					b.Fatalf("raw: %d rows, %v", m, err)
				}
				raw += time.Since(start)
			}
			b.ReportMetric(float64(heapGrowth)/(1<<20), "gomem-MB")
			b.ReportMetric(float64(rssGrowth)/(1<<20), "rss-MB")
			b.ReportMetric(float64(rows)/export.Seconds()*float64(b.N), "rows/s")
			b.ReportMetric(export.Seconds()/raw.Seconds(), "x-raw")
			b.Logf("%s: %d rows, %.1f MB of CSV; export %s, raw SQL %s a run", name, rows, float64(size)/(1<<20),
				(export / time.Duration(b.N)).Round(time.Millisecond), (raw / time.Duration(b.N)).Round(time.Millisecond))
			if heapGrowth > 16<<20 || rssGrowth > 16<<20 {
				b.Fatalf("exporting %d clients grew Go's memory by %.1f MB and the resident set by %.1f MB (limit 16 MB)", rows,
					float64(heapGrowth)/(1<<20), float64(rssGrowth)/(1<<20))
			}
		})
	}
}

// rawExport is the baseline: the practice's charts with their persons in one statement, in name order,
// written as CSV.
func rawExport(ctx context.Context, d *db.DB, practiceID string, out io.Writer) (int, error) {
	rows, err := d.R.QueryContext(ctx, `SELECT c.id, c.kind, COALESCE(p.first_name, ''), COALESCE(p.last_name, ''),
		COALESCE(p.legal_first_name, ''), COALESCE(p.legal_last_name, ''), c.group_name, COALESCE(p.pronouns, ''),
		COALESCE(p.date_of_birth, ''), COALESCE(p.sex, ''), COALESCE(p.gender_identity, ''), COALESCE(p.email, ''),
		COALESCE(p.phone, ''), COALESCE(p.address_line1, ''), COALESCE(p.address_line2, ''), COALESCE(p.address_city, ''),
		COALESCE(p.address_region, ''), COALESCE(p.address_postal_code, ''), COALESCE(p.address_country, ''), c.record_state,
		c.portal_state, COALESCE(c.assigned_clinician_id, ''), c.billing_type, c.emergency_name, c.emergency_relationship,
		c.emergency_phone, c.emergency_email
		FROM charts c LEFT JOIN persons p ON p.id = c.person_id WHERE c.practice_id = $1 ORDER BY c.sort_name, c.id`, practiceID)
	if err != nil {
		return 0, err
	}
	defer rows.Close()
	cw := csv.NewWriter(out)
	rec := make([]string, 27)
	dest := make([]any, len(rec))
	for i := range rec {
		dest[i] = &rec[i]
	}
	n := 0
	for rows.Next() {
		if err := rows.Scan(dest...); err != nil {
			return n, err
		}
		if err := cw.Write(rec); err != nil {
			return n, err
		}
		n++
	}
	cw.Flush()
	return n, rows.Err()
}
