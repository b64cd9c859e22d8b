package api_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"testing"

	"tend/internal/apptest"
	"tend/internal/config"
	"tend/internal/db"
	"tend/internal/testdb"
)

// Issue 12, item 1: the audit event of a sign-in records the client address a trusted proxy forwarded,
// and the direct peer when the peer is not a trusted proxy (a forged X-Forwarded-For is ignored).
func TestSignInAuditBehindProxy(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name    string
		trusted string
		want    string
	}{
		{"trusted proxy", "127.0.0.1", "203.0.113.9"},
		{"untrusted peer", "10.0.0.0/8", "127.0.0.1"},
		{"no proxies configured", "", "127.0.0.1"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			testdb.Each(t, func(t *testing.T, d *db.DB) {
				h := apptest.NewConfigured(t, d, func(cfg *config.Config) {
					var err error
					if cfg.TrustedProxies, err = config.ParsePrefixes(c.trusted); err != nil {
						t.Fatal(err)
					}
				})
				h.Setup()
				cl := h.Client()
				body, _ := json.Marshal(map[string]string{"email": "owner@example.org", "password": apptest.StrongPassword})
				req, err := http.NewRequest("POST", h.Server.URL+"/api/v1/auth/login", bytes.NewReader(body))
				if err != nil {
					t.Fatal(err)
				}
				req.Header.Set("Content-Type", "application/json")
				req.Header.Set("X-Forwarded-For", "203.0.113.9")
				resp, err := cl.HTTP.Do(req)
				if err != nil {
					t.Fatal(err)
				}
				resp.Body.Close()
				if resp.StatusCode != http.StatusOK {
					t.Fatalf("login: %d", resp.StatusCode)
				}
				var list struct {
					Items []struct {
						IP string `json:"ip"`
					}
					Total int
				}
				r := cl.API("GET", "/api/v1/audit-events?action=auth.login", nil)
				r.JSON(t, &list)
				if r.StatusCode != 200 || list.Total != 1 || list.Items[0].IP != c.want {
					t.Fatalf("sign-in audit event: %d %s, want ip %s", r.StatusCode, r.Body, c.want)
				}
			})
		})
	}
}
