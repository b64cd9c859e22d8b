package api_test

import (
	"context"
	"fmt"
	"net/http"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"tend/internal/apptest"
	"tend/internal/db"
	"tend/internal/model"
	"tend/internal/testdb"
)

// unaudited records nothing: the floor that audited reads are measured against.
type unaudited struct{}

func (unaudited) Record(context.Context, model.AuditEvent) error       { return nil }
func (unaudited) RecordMany(context.Context, []model.AuditEvent) error { return nil }

// BenchmarkAuditedChartReads measures chart reads (each audited, TR-1), GET /api/v1/clients/{id} with a bearer token over
// loopback, by 16 concurrent readers on 200 charts: with the read audited as the app wires it (the
// SQLite spool's group commit, PostgreSQL's batcher) and with a recorder that records nothing, in ten
// alternating rounds of the same run. It reports both throughputs and audited/plain, the ratio issue 19 wants ≥ 0.7.
// Runs on SQLite and, with TEND_TEST_POSTGRES, PostgreSQL.
//
//	go test -run '^$' -bench AuditedChartReads -benchtime 3000x ./internal/api/
func BenchmarkAuditedChartReads(b *testing.B) {
	testdb.EachB(b, func(b *testing.B, d *db.DB) {
		h := apptest.New(b, d)
		_, owner := h.Setup()
		ctx := context.Background()
		p := model.Principal{StaffID: owner.ID, PracticeID: owner.PracticeID, Role: owner.Role}
		_, secret, err := h.App.Accounts.CreateToken(ctx, p, "bench")
		if err != nil {
			b.Fatal(err)
		}
		var ids []string
		for i := range 200 {
			first, last := fmt.Sprintf("Client%d", i), "Bench"
			c, err := h.App.Clients.Create(ctx, p, model.ClientChange{FirstName: &first, LastName: &last})
			if err != nil {
				b.Fatal(err)
			}
			ids = append(ids, c.ID)
		}
		client := h.Server.Client()
		client.Transport.(*http.Transport).MaxIdleConnsPerHost = 64
		// Ten rounds, alternating: the machine's load drifts, and each mode gets the same share of it.
		const rounds = 10
		per := max(b.N/(2*rounds), 1)
		round := func() time.Duration {
			var next atomic.Int64
			var wg sync.WaitGroup
			start := time.Now()
			for range 16 {
				wg.Add(1)
				go func() {
					defer wg.Done()
					for {
						i := next.Add(1)
						if i > int64(per) {
							return
						}
						req, _ := http.NewRequest("GET", h.Server.URL+"/api/v1/clients/"+ids[i%int64(len(ids))], nil)
						req.Header.Set("Authorization", "Bearer "+secret)
						if !fetchOK(b, client, req) {
							return
						}
					}
				}()
			}
			wg.Wait()
			return time.Since(start)
		}
		reads := h.App.Clients.Reads
		var plainT, auditedT time.Duration
		b.ResetTimer()
		for range rounds {
			h.App.Clients.Reads = unaudited{}
			plainT += round()
			h.App.Clients.Reads = reads
			auditedT += round()
		}
		b.StopTimer()
		plain := float64(rounds*per) / plainT.Seconds()
		audited := float64(rounds*per) / auditedT.Seconds()
		b.ReportMetric(plain, "plain-reads/s")
		b.ReportMetric(audited, "audited-reads/s")
		b.ReportMetric(audited/plain, "audited/plain")
	})
}
