package clients_test

import (
	"context"
	"math/rand/v2"
	"os"
	"sort"
	"strconv"
	"testing"
	"time"

	"tend/internal/apptest"
	"tend/internal/clients"
	"tend/internal/db"
	"tend/internal/demo"
	"tend/internal/model"
	"tend/internal/store"
	"tend/internal/testdb"
)

// BenchmarkClientList measures the client list and search with 50,000 clients in the practice and
// 200,000 in four other practices (issue 3's target: p95 under 50 ms server-side), on SQLite and, when
// TEND_TEST_POSTGRES is set, PostgreSQL. "service" is the whole use case (visibility, query, tags, the
// audit append); "sql" is the same query on the store alone. Set TEND_BENCH_CLIENTS to change 50,000.
//
//	go test -run '^$' -bench ClientList -benchtime 200x ./internal/clients/
func BenchmarkClientList(b *testing.B) {
	engines := map[string]func(testing.TB) *db.DB{"sqlite": func(t testing.TB) *db.DB { return testdb.SQLite(t) }}
	if os.Getenv("TEND_TEST_POSTGRES") != "" {
		engines["postgres"] = func(t testing.TB) *db.DB { return testdb.Postgres(t) }
	}
	n := 50_000
	if v, err := strconv.Atoi(os.Getenv("TEND_BENCH_CLIENTS")); err == nil && v > 0 {
		n = v
	}
	for name, open := range engines {
		b.Run(name, func(b *testing.B) {
			ctx := context.Background()
			h := apptest.New(b, open(b))
			_, owner := h.Setup()
			start := time.Now()
			rng := rand.New(rand.NewPCG(1, 2))
			if err := demo.Clients(ctx, h.App.Clients.Store, h.App.AuditLog, owner.PracticeID, []string{owner.ID}, n, rng, time.Now()); err != nil {
				b.Fatal(err)
			}
			for i := range 4 {
				_, other := h.AddPractice("Other "+strconv.Itoa(i), "other"+strconv.Itoa(i)+"@example.org")
				if err := demo.Clients(ctx, h.App.Clients.Store, h.App.AuditLog, other.PracticeID, []string{other.ID}, n, rng, time.Now()); err != nil {
					b.Fatal(err)
				}
			}
			if err := h.DB.Optimize(ctx); err != nil {
				b.Fatal(err)
			}
			b.Logf("%s: seeded %d clients in 5 practices in %s", name, 5*n, time.Since(start).Round(time.Second))
			p := model.Principal{StaffID: owner.ID, PracticeID: owner.PracticeID, Role: model.RoleOwner}
			tags, _ := h.App.Clients.Tags(ctx, p)
			queries := []struct {
				name string
				q    clients.ListQuery
			}{
				{"first-page", clients.ListQuery{}},
				{"partial-name", clients.ListQuery{Q: "ohan"}},
				{"accent-folded", clients.ListQuery{Q: "munoz"}},
				{"two-words", clients.ListQuery{Q: "maria gar"}},
				{"phone-digits", clients.ListQuery{Q: "555-0142"}},
				{"email", clients.ListQuery{Q: "example.net"}},
				{"tag-filter", clients.ListQuery{TagID: tags[0].ID, Statuses: model.Statuses()}},
				{"joined-desc-page-40", clients.ListQuery{Sort: "-joined"}},
				// Issue 13 (LS-3): the sorts that have no index of their own read the whole match.
				{"status-sort", clients.ListQuery{Sort: "status", Statuses: model.Statuses()}},
				{"status-desc-page-40", clients.ListQuery{Sort: "-status"}},
				{"clinician-sort", clients.ListQuery{Sort: "clinician"}},
				{"clinician-desc-search", clients.ListQuery{Sort: "-clinician", Q: "ohan"}},
				{"no-match", clients.ListQuery{Q: "zzzqqq"}},
			}
			for _, tc := range queries {
				b.Run(tc.name+"/service", func(b *testing.B) {
					measure(b, func() {
						if _, err := h.App.Clients.List(ctx, p, tc.q); err != nil {
							b.Fatal(err)
						}
					})
				})
				b.Run(tc.name+"/sql", func(b *testing.B) {
					lq := tc.q
					lq.Normalize()
					f := store.ClientFilter{Dialect: h.DB.Dialect, PracticeID: p.PracticeID, Visible: store.Visibility{All: true}, Terms: model.SearchTerms(lq.Q),
						Statuses: lq.Statuses, TagID: lq.TagID, Sort: lq.Sort, Limit: lq.PerPage}
					measure(b, func() {
						if _, err := store.ListClients(ctx, h.App.Clients.Store.R(), f); err != nil {
							b.Fatal(err)
						}
					})
				})
			}
		})
	}
}

// measure runs fn b.N times and reports the 95th percentile besides the mean.
func measure(b *testing.B, fn func()) {
	times := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for range b.N {
		t0 := time.Now()
		fn()
		times = append(times, time.Since(t0))
	}
	b.StopTimer()
	sort.Slice(times, func(i, j int) bool { return times[i] < times[j] })
	b.ReportMetric(float64(times[len(times)*95/100].Microseconds())/1000, "p95-ms")
}
