// Package ops serves the operator endpoints: liveness, readiness and metrics.
package ops

import (
	"context"
	"encoding/json"
	"net/http"
	"time"

	"tend/internal/db"
	"tend/internal/metrics"
)

// Register adds /healthz, /readyz and /metrics to mux.
func Register(mux *http.ServeMux, d *db.DB, reg *metrics.Registry) {
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
	mux.HandleFunc("GET /metrics", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
		_ = reg.Write(w)
	})
}
