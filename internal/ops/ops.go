// Package ops serves the operator endpoints: liveness, readiness and metrics.
package ops

import (
	"context"
	"crypto/subtle"
	"encoding/json"
	"net"
	"net/http"
	"strings"
	"time"

	"tend/internal/db"
	"tend/internal/httpx"
	"tend/internal/metrics"
)

// Register adds /healthz and /readyz to mux; /metrics is added apart (Metrics), on the main listener or
// on a listener of its own.
func Register(mux *http.ServeMux, d *db.DB) {
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		_, _ = w.Write([]byte("ok\n"))
	})
	mux.HandleFunc("GET /readyz", func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
		defer cancel()
		status, body := http.StatusOK, map[string]any{"status": "ready"}
		latest, err := d.LatestVersion()
		if err == nil {
			err = d.Ping(ctx)
		}
		var current int
		if err == nil {
			current, err = d.CurrentVersion(ctx)
		}
		switch {
		case err != nil:
			status, body = http.StatusServiceUnavailable, map[string]any{"status": "database unreachable"}
		case current != latest:
			status, body = http.StatusServiceUnavailable, map[string]any{"status": "migrations pending", "schema_version": current, "want_version": latest}
		default:
			body["schema_version"] = current
		}
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		_ = json.NewEncoder(w).Encode(body)
	})
}

// Metrics serves reg. It needs "Authorization: Bearer <token>" when token is set; otherwise, on the main
// listener (private false), it answers only this machine, since route names and traffic are not for the
// public. A private listener (TEND_METRICS_ADDR) is reachable only where the operator put it, so without
// a token it answers every caller that can reach it.
func Metrics(reg *metrics.Registry, token string, private bool) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !metricsAllowed(r, token, private) {
			w.Header().Set("WWW-Authenticate", `Bearer realm="metrics"`)
			http.Error(w, "Metrics need TEND_METRICS_TOKEN as a bearer token, or a request from this machine.", http.StatusUnauthorized)
			return
		}
		w.Header().Set("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
		_ = reg.WriteContext(r.Context(), w)
	})
}

// metricsAllowed checks the bearer token when one is configured, else that the caller is on loopback.
// The loopback test uses the client address TrustProxies decided: a proxy on this machine forwards
// requests from everywhere, so its own loopback address proves nothing.
func metricsAllowed(r *http.Request, token string, private bool) bool {
	if token != "" {
		got, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
		return ok && subtle.ConstantTimeCompare([]byte(got), []byte(token)) == 1
	}
	if private {
		return true
	}
	ip := net.ParseIP(httpx.ClientIP(r))
	return ip != nil && ip.IsLoopback()
}
