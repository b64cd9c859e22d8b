package ops_test

import (
	"database/sql"
	"net/http"
	"net/http/httptest"
	"testing"

	"tend/internal/metrics"
	"tend/internal/ops"
)

// /metrics answers a configured bearer token, and without one only this machine.
func TestMetricsAccess(t *testing.T) {
	t.Parallel()
	reg := metrics.New(func() map[string]sql.DBStats { return nil })
	get := func(token, remote, auth string) int {
		mux := http.NewServeMux()
		ops.Register(mux, nil, reg, token)
		r := httptest.NewRequest("GET", "/metrics", nil)
		r.RemoteAddr = remote
		if auth != "" {
			r.Header.Set("Authorization", auth)
		}
		w := httptest.NewRecorder()
		mux.ServeHTTP(w, r)
		return w.Code
	}
	cases := []struct {
		name, token, remote, auth string
		want                      int
	}{
		{"loopback, no token set", "", "127.0.0.1:5000", "", 200},
		{"IPv6 loopback", "", "[::1]:5000", "", 200},
		{"remote, no token set", "", "203.0.113.7:5000", "", 401},
		{"token set, none sent", "a-long-metrics-token", "127.0.0.1:5000", "", 401},
		{"wrong token", "a-long-metrics-token", "203.0.113.7:5000", "Bearer nope", 401},
		{"right token", "a-long-metrics-token", "203.0.113.7:5000", "Bearer a-long-metrics-token", 200},
	}
	for _, c := range cases {
		if got := get(c.token, c.remote, c.auth); got != c.want {
			t.Errorf("%s: %d, want %d", c.name, got, c.want)
		}
	}
}
