package clients_test

import (
	"context"
	"fmt"
	"strconv"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"tend/internal/apptest"
	"tend/internal/db"
	"tend/internal/model"
	"tend/internal/testdb"
)

// BenchmarkChartWrites measures audited chart updates (TR-1) through the use case (clients.Service.Update: the chart
// read, the checks, the UPDATE, its search text and its chart.update audit event, all in one
// transaction) by 1, 4 and 16 concurrent writers, on SQLite and, with TEND_TEST_POSTGRES, PostgreSQL.
// Each writer changes the phone number of its own charts in turn (no two writers share a chart), so the
// only thing the writers contend for is the engine's writer (SQLite's one write connection) and, on
// PostgreSQL, the row lock of the practice's audit chain head that every audited write takes.
// "practices=1" puts every writer in one practice; "practices=4" spreads them over four, each with its
// own chain. It reports writes/s and the CPU time of this process per write (on PostgreSQL the server's
// own CPU is not in it). b.N is the number of writes of each sub-benchmark.
//
//	go test -run '^$' -bench ChartWrites -benchtime 400x ./internal/clients/
func BenchmarkChartWrites(b *testing.B) {
	const chartsPerPractice = 64 // 16 writers × 4 charts each
	testdb.EachB(b, func(b *testing.B, d *db.DB) {
		ctx := context.Background()
		h := apptest.New(b, d)
		_, owner := h.Setup()
		owners := []model.Staff{owner}
		for i := range 3 {
			_, o := h.AddPractice("Other "+strconv.Itoa(i), "other"+strconv.Itoa(i)+"@example.org")
			owners = append(owners, o)
		}
		type chart struct {
			p  model.Principal
			id string
		}
		charts := make([][]chart, len(owners)) // charts[practice]
		for pi, o := range owners {
			p := model.Principal{StaffID: o.ID, PracticeID: o.PracticeID, Role: o.Role}
			for i := range chartsPerPractice {
				first, last := fmt.Sprintf("Client%d", i), "Writes"
				c, err := h.App.Clients.Create(ctx, p, model.ClientChange{FirstName: &first, LastName: &last})
				if err != nil {
					b.Fatal(err)
				}
				charts[pi] = append(charts[pi], chart{p, c.ID})
			}
		}
		for _, practices := range []int{1, 4} {
			for _, writers := range []int{1, 4, 16} {
				b.Run(fmt.Sprintf("practices=%d/writers=%d", practices, writers), func(b *testing.B) {
					// Writer w works in practice w%practices, on charts w, w+16, w+32… of it.
					var next atomic.Int64
					var wg sync.WaitGroup
					cpu0 := cpuTime()
					b.ResetTimer()
					start := time.Now()
					for w := range writers {
						wg.Add(1)
						go func() {
							defer wg.Done()
							mine := charts[w%practices]
							for k := 0; ; k++ {
								n := next.Add(1)
								if n > int64(b.N) {
									return
								}
								c := mine[(w/practices+16*k)%chartsPerPractice]
								phone := fmt.Sprintf("555-%07d", n)
								if _, err := h.App.Clients.Update(ctx, c.p, c.id, model.ClientChange{Phone: &phone}, nil); err != nil {
									b.Error(err)
									return
								}
							}
						}()
					}
					wg.Wait()
					elapsed := time.Since(start)
					b.StopTimer()
					cpu := cpuTime() - cpu0
					b.ReportMetric(float64(b.N)/elapsed.Seconds(), "writes/s")
					b.ReportMetric(float64(cpu.Microseconds())/1000/float64(b.N), "cpu-ms/write")
				})
			}
		}
	})
}

// cpuTime is the user and system CPU time this process has used.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
