package api_test

import (
	"context"
	"io"
	"net/http"
	"testing"

	"tend/internal/apptest"
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
			resp, err := client.Do(req)
			if err != nil {
				b.Error(err)
				return
			}
			_, _ = io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			if resp.StatusCode != http.StatusOK {
				b.Errorf("status %d", resp.StatusCode)
				return
			}
		}
	})
}
