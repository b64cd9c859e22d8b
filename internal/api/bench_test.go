package api_test

import (
	"context"
	"io"
	"net/http"
	"os"
	"testing"

	"tend/internal/apptest"
	"tend/internal/clients"
	"tend/internal/db"
	"tend/internal/model"
	"tend/internal/testdb"
)

// BenchmarkMeWithToken measures GET /api/v1/me with a bearer token through the whole stack (middleware,
// token authentication, the reads of the handler) on SQLite, over a real loopback connection.
// Run: go test -run '^$' -bench MeWithToken ./internal/api/
func BenchmarkMeWithToken(b *testing.B) {
	h := apptest.New(b, testdb.SQLite(b))
	_, owner := h.Setup()
	_, secret, err := h.App.Accounts.CreateToken(context.Background(), model.Principal{StaffID: owner.ID, PracticeID: owner.PracticeID, Role: owner.Role}, "bench")
	if err != nil {
		b.Fatal(err)
	}
	req, _ := http.NewRequest("GET", h.Server.URL+"/api/v1/me", nil)
	req.Header.Set("Authorization", "Bearer "+secret)
	client := h.Server.Client()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if !fetchOK(b, client, req) {
				return
			}
		}
	})
}

// BenchmarkPortalChartHome measures a client's portal chart home and "who opened my record" through
// the API (portal session, access check, the audited reads; who opened groups 2,000 staff events by day
// and role) on SQLite and, with TEND_TEST_POSTGRES, PostgreSQL.
// Run: go test -run '^$' -bench PortalChartHome ./internal/api/
// Proves PT-9, PT-11.
func BenchmarkPortalChartHome(b *testing.B) {
	engines := map[string]func(testing.TB) *db.DB{"sqlite": testdb.SQLite}
	if os.Getenv("TEND_TEST_POSTGRES") != "" {
		engines["postgres"] = testdb.Postgres
	}
	for name, open := range engines {
		b.Run(name, func(b *testing.B) {
			h := apptest.New(b, open(b))
			_, owner := h.Setup()
			srv := h.SMTP(b)
			ctx := context.Background()
			p := model.Principal{StaffID: owner.ID, PracticeID: owner.PracticeID, Role: owner.Role}
			first, last, email := "Ada", "Lovelace", "ada@example.net"
			c, err := h.App.Clients.Create(ctx, p, model.ClientChange{FirstName: &first, LastName: &last, Email: &email})
			if err != nil {
				b.Fatal(err)
			}
			for range 2000 {
				if _, err := h.App.Clients.Get(ctx, p, c.ID); err != nil {
					b.Fatal(err)
				}
			}
			acc, err := h.App.Clients.Invite(ctx, p, c.ID, clients.InviteInput{Features: []string{"appointments"}})
			if err != nil {
				b.Fatal(err)
			}
			h.RunJobs()
			token := inviteLink.FindStringSubmatch(srv.Text(b, 0))[1]
			pc := h.Client()
			if r := pc.API("POST", "/api/v1/portal/register", map[string]string{"token": token, "password": apptest.StrongPassword}); r.StatusCode != 201 {
				b.Fatalf("register: %d %s", r.StatusCode, r.Body)
			}
			b.ResetTimer()
			for b.Loop() {
				if r := pc.API("GET", "/api/v1/portal/charts/"+acc.ID, nil); r.StatusCode != 200 {
					b.Fatalf("chart home: %d", r.StatusCode)
				}
				if r := pc.API("GET", "/api/v1/portal/charts/"+acc.ID+"/opened", nil); r.StatusCode != 200 {
					b.Fatalf("who opened: %d", r.StatusCode)
				}
			}
		})
	}
}

// fetchOK sends req, reads and closes the answer, and reports (as a test error) a failure or a status
// other than 200; it answers whether the request went through.
func fetchOK(tb testing.TB, client *http.Client, req *http.Request) bool {
	resp, err := client.Do(req)
	if err != nil {
		tb.Error(err)
		return false
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		tb.Errorf("status %d", resp.StatusCode)
		return false
	}
	return true
}
