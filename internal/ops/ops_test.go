package ops_test

import (
	"database/sql"
	"net/http/httptest"
	"net/netip"
	"testing"

	"tend/internal/httpx"
	"tend/internal/metrics"
	"tend/internal/ops"
)

// /metrics answers a configured bearer token, and without one only this machine.
func TestMetricsAccess(t *testing.T) {
	t.Parallel()
	reg := metrics.New(func() map[string]sql.DBStats { return nil })
	get := func(token, remote, auth, xff string, private bool) int {
		h := httpx.TrustProxies([]netip.Prefix{netip.MustParsePrefix("127.0.0.1/32")}, ops.Metrics(reg, token, private))
		r := httptest.NewRequest("GET", "/metrics", nil)
		r.RemoteAddr = remote
		if auth != "" {
			r.Header.Set("Authorization", auth)
		}
		if xff != "" {
			r.Header.Set("X-Forwarded-For", xff)
		}
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		return w.Code
	}
	cases := []struct {
		name, token, remote, auth, xff string
		private                        bool
		want                           int
	}{
		{"loopback, no token set", "", "127.0.0.1:5000", "", "", false, 200},
		{"IPv6 loopback", "", "[::1]:5000", "", "", false, 200},
		{"remote, no token set", "", "203.0.113.7:5000", "", "", false, 401},
		{"token set, none sent", "a-long-metrics-token", "127.0.0.1:5000", "", "", false, 401},
		{"wrong token", "a-long-metrics-token", "203.0.113.7:5000", "Bearer nope", "", false, 401},
		{"right token", "a-long-metrics-token", "203.0.113.7:5000", "Bearer a-long-metrics-token", "", false, 200},
		// Issue 12, item 1: a proxy on this machine does not make every visitor local.
		{"forwarded by a local proxy, no token set", "", "127.0.0.1:5000", "", "203.0.113.7", false, 401},
		{"own listener, no token set", "", "10.0.0.9:5000", "", "", true, 200},
		{"own listener, token set, none sent", "a-long-metrics-token", "10.0.0.9:5000", "", "", true, 401},
	}
	for _, c := range cases {
		if got := get(c.token, c.remote, c.auth, c.xff, c.private); got != c.want {
			t.Errorf("%s: %d, want %d", c.name, got, c.want)
		}
	}
}
