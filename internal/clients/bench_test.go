package clients_test

import (
	"context"
	"encoding/base64"
	"math/rand/v2"
	"net/url"
	"os"
	"sort"
	"strconv"
	"strings"
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
// 200,000 in four other practices (issue 19's target: 250,000 in the installation), on SQLite and, when
// TEND_TEST_POSTGRES is set, PostgreSQL. Each case is measured four ways in the same run:
//
//   - sql: store.ListClients alone, the statements the list sends, run directly on the database (the floor);
//   - service: the whole use case (visibility, query, badges, the audit append);
//   - api: GET /api/v1/clients over HTTP, as JSON;
//   - html: GET /clients over HTTP, the whole page.
//
// Compare api and html with sql of the same case (issue 19's goal: at most 1.5×, p95 at most 25 ms, and
// flat growth from 1,000 to 50,000 clients). Set TEND_BENCH_CLIENTS to change 50,000 and
// TEND_BENCH_OTHERS to change the four other practices.
//
//	TEND_BENCH_CLIENTS=1000 go test -run '^$' -bench ClientList -benchtime 200x ./internal/clients/
func BenchmarkClientList(b *testing.B) {
	engines := map[string]func(testing.TB) *db.DB{"sqlite": func(t testing.TB) *db.DB { return testdb.SQLite(t) }}
	if os.Getenv("TEND_TEST_POSTGRES") != "" {
		engines["postgres"] = func(t testing.TB) *db.DB { return testdb.Postgres(t) }
	}
	n, others := 50_000, 4
	if v, err := strconv.Atoi(os.Getenv("TEND_BENCH_CLIENTS")); err == nil && v > 0 {
		n = v
	}
	if v, err := strconv.Atoi(os.Getenv("TEND_BENCH_OTHERS")); err == nil && v >= 0 {
		others = v
	}
	for name, open := range engines {
		b.Run(name, func(b *testing.B) {
			ctx := context.Background()
			h := apptest.New(b, open(b))
			_, owner := h.Setup()
			clin := h.AddStaff(owner, "Cal Clinician", "cal@example.org", model.RoleClinician)
			start := time.Now()
			rng := rand.New(rand.NewPCG(1, 2))
			// Half the practice's clients are Cal's: a clinician's list is half the practice.
			if err := demo.Clients(ctx, h.App.Clients.Store, h.App.AuditLog, owner.PracticeID, []string{owner.ID, clin.ID}, n, rng, time.Now()); err != nil {
				b.Fatal(err)
			}
			for i := range others {
				_, other := h.AddPractice("Other "+strconv.Itoa(i), "other"+strconv.Itoa(i)+"@example.org")
				if err := demo.Clients(ctx, h.App.Clients.Store, h.App.AuditLog, other.PracticeID, []string{other.ID}, n, rng, time.Now()); err != nil {
					b.Fatal(err)
				}
			}
			if err := h.DB.Optimize(ctx); err != nil {
				b.Fatal(err)
			}
			b.Logf("%s: seeded %d clients in %d practices in %s", name, (1+others)*n, 1+others, time.Since(start).Round(time.Second))
			po := model.Principal{StaffID: owner.ID, PracticeID: owner.PracticeID, Role: model.RoleOwner}
			pc := model.Principal{StaffID: clin.ID, PracticeID: clin.PracticeID, Role: model.RoleClinician}
			oc := h.Client()
			oc.Login("owner@example.org", apptest.StrongPassword)
			cc := h.Client()
			cc.Login("cal@example.org", apptest.StrongPassword)
			cc.API("POST", "/api/v1/me/password", map[string]string{"current_password": apptest.StrongPassword, "new_password": "another long passphrase here"})
			tags, _ := h.App.Clients.TagNames(ctx, po)
			r := h.App.Clients.Store.R()
			// The place of the last chart in name order that p sees: the clinician's last page ends before it.
			lastKey := func(vis store.Visibility) *store.ListKey {
				f := store.ClientFilter{Dialect: h.DB.Dialect, PracticeID: po.PracticeID, Visible: vis, Statuses: []model.Status{model.StatusActive, model.StatusPending},
					Sort: "-name", Limit: 1}
				res, err := store.ListClients(ctx, r, f)
				if err != nil || res.Next == nil {
					b.Fatalf("last key: %v", err)
				}
				k := *res.Next
				k.Pos = res.Total
				return &k
			}
			everyone, cals := store.Visibility{All: true}, store.Visibility{ClinicianID: clin.ID}
			queries := []struct {
				name   string
				p      model.Principal
				vis    store.Visibility
				q      clients.ListQuery
				before *store.ListKey
			}{
				{"first-page", po, everyone, clients.ListQuery{}, nil},
				{"partial-name", po, everyone, clients.ListQuery{Q: "ohan"}, nil},
				{"accent-folded", po, everyone, clients.ListQuery{Q: "munoz"}, nil},
				{"two-words", po, everyone, clients.ListQuery{Q: "maria gar"}, nil},
				{"phone-digits", po, everyone, clients.ListQuery{Q: "555-0142"}, nil},
				{"email", po, everyone, clients.ListQuery{Q: "example.net"}, nil},
				{"no-match", po, everyone, clients.ListQuery{Q: "zzzqqq"}, nil},
				{"tag-filter", po, everyone, clients.ListQuery{TagID: tags[0].ID, Statuses: model.Statuses()}, nil},
				{"status-sort", po, everyone, clients.ListQuery{Sort: "status", Statuses: model.Statuses()}, nil},
				{"clinician-sort", po, everyone, clients.ListQuery{Sort: "clinician"}, nil},
				{"last-page", po, everyone, clients.ListQuery{}, lastKey(everyone)},
				{"clinician-first-page", pc, cals, clients.ListQuery{}, nil},
				{"clinician-last-page", pc, cals, clients.ListQuery{}, lastKey(cals)},
			}
			for _, tc := range queries {
				lq := tc.q
				lq.Normalize()
				c := oc
				if tc.p.StaffID == clin.ID {
					c = cc
				}
				v := url.Values{}
				set := func(k, val string) {
					if val != "" {
						v.Set(k, val)
					}
				}
				set("q", lq.Q)
				set("tag", lq.TagID)
				set("sort", lq.Sort)
				for _, st := range lq.Statuses {
					v.Add("status", string(st))
				}
				if tc.before != nil {
					k := tc.before
					lq.Page = "p" + base64.RawURLEncoding.EncodeToString([]byte(strings.Join([]string{strconv.Itoa(k.Pos), k.Group, k.Value, k.ID}, "\x1f")))
					v.Set("page", lq.Page)
				}
				qs := v.Encode()
				b.Run(tc.name+"/sql", func(b *testing.B) {
					f := store.ClientFilter{Dialect: h.DB.Dialect, PracticeID: po.PracticeID, Visible: tc.vis, Terms: model.SearchTerms(lq.Q),
						Statuses: lq.Statuses, TagID: lq.TagID, Sort: lq.Sort, Limit: lq.PerPage, Before: tc.before}
					measure(b, func() {
						if _, err := store.ListClients(ctx, r, f); err != nil {
							b.Fatal(err)
						}
					})
				})
				b.Run(tc.name+"/service", func(b *testing.B) {
					measure(b, func() {
						if _, err := h.App.Clients.List(ctx, tc.p, lq); err != nil {
							b.Fatal(err)
						}
					})
				})
				b.Run(tc.name+"/api", func(b *testing.B) {
					measure(b, func() {
						if res := c.Get("/api/v1/clients?" + qs); res.StatusCode != 200 {
							b.Fatalf("api: %d %s", res.StatusCode, res.Body)
						}
					})
				})
				b.Run(tc.name+"/html", func(b *testing.B) {
					measure(b, func() {
						if res := c.Get("/clients?" + qs); res.StatusCode != 200 {
							b.Fatalf("html: %d", res.StatusCode)
						}
					})
				})
			}
		})
	}
}

// measure runs fn b.N times and reports the 95th percentile and the fastest run besides the mean (on a
// shared, loaded machine the fastest run is the truest measure of the work itself).
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
	b.ReportMetric(float64(times[0].Microseconds())/1000, "min-ms")
}
