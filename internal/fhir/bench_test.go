package fhir_test

import (
	"context"
	"runtime"
	"strconv"
	"sync"
	"testing"
	"time"

	"tend/internal/apptest"
	"tend/internal/id"
	"tend/internal/model"
	"tend/internal/store"
	"tend/internal/testdb"
)

// seedCharts adds n clients to owner's practice, each with one diagnosis and one medication, written
// straight to the store in one transaction.
func seedCharts(b *testing.B, h *apptest.Harness, owner model.Staff, n int) {
	b.Helper()
	ctx := context.Background()
	now := time.Date(2026, 1, 5, 9, 0, 0, 0, time.UTC)
	err := h.App.Outbox.Store.Tx(ctx, func(q store.Q) error {
		for i := range n {
			c := model.Client{ID: id.New(), PersonID: id.New(), PracticeID: owner.PracticeID, Kind: model.KindIndividual, State: model.StateActive,
				FirstName: "Client", LastName: strconv.Itoa(i), Pronouns: "she/her", DateOfBirth: "1990-01-01", MessagingOn: true,
				CreatedAt: now, UpdatedAt: now}
			if err := store.InsertClient(ctx, q, c); err != nil {
				return err
			}
			if err := store.InsertDiagnosis(ctx, q, model.Diagnosis{ID: id.New(), PracticeID: owner.PracticeID, ChartID: c.ID, RevisionID: id.New(),
				Code: "F411", Status: model.DiagnosisActive, CreatedBy: owner.ID, CreatedAt: now, UpdatedAt: now}); err != nil {
				return err
			}
			if err := store.InsertMedication(ctx, q, model.Medication{ID: id.New(), PracticeID: owner.PracticeID, ChartID: c.ID, RevisionID: id.New(),
				Name: "Sertraline", Dose: "50 mg", CreatedBy: owner.ID, CreatedAt: now, UpdatedAt: now}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
}

// BenchmarkExportPractice writes a practice of 2,000 and of 10,000 clients (each with a diagnosis and a
// medication) as NDJSON. It reports resources a second and the peak heap in use while it runs: the
// export reads a page at a time, so the peak stays flat as the practice grows (IM-2, issue 18's
// "export streams in constant memory"). Proves IM-2 (speed).
func BenchmarkExportPractice(b *testing.B) {
	for _, n := range []int{2_000, 10_000} {
		b.Run(strconv.Itoa(n)+"-clients", func(b *testing.B) {
			d := testdb.SQLite(b)
			h := apptest.New(b, d)
			_, owner := h.Setup()
			seedCharts(b, h, owner, n)
			runtime.GC()
			var base runtime.MemStats
			runtime.ReadMemStats(&base)
			var peak uint64
			var mu sync.Mutex
			stop := make(chan struct{})
			done := make(chan struct{})
			go func() {
				defer close(done)
				var ms runtime.MemStats
				for {
					select {
					case <-stop:
						return
					case <-time.After(5 * time.Millisecond):
						runtime.ReadMemStats(&ms)
						mu.Lock()
						peak = max(peak, ms.HeapInuse)
						mu.Unlock()
					}
				}
			}()
			b.ResetTimer()
			total := 0
			for b.Loop() {
				counts, err := h.App.FHIR.ExportPractice(context.Background(), owner.PracticeID, b.TempDir())
				if err != nil {
					b.Fatal(err)
				}
				total = 0
				for _, c := range counts {
					total += c
				}
			}
			b.StopTimer()
			close(stop)
			<-done
			b.ReportMetric(float64(total)*float64(b.N)/b.Elapsed().Seconds(), "resources/s")
			mu.Lock()
			b.ReportMetric(float64(peak-min(peak, base.HeapInuse))/(1<<20), "peak-heap-MB")
			mu.Unlock()
		})
	}
}
