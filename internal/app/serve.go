package app

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math"
	"net"
	"net/http"
	"runtime/debug"
	"time"
)

func nowUTC() time.Time { return time.Now().UTC() }

// serve runs the HTTP server until ctx ends (SIGINT/SIGTERM), then drains requests for up to 20 seconds.
func serve(ctx context.Context, e Env, args []string) error {
	cfg, err := load(e, "serve", args, nil)
	if err != nil {
		return err
	}
	if err := cfg.MetricsExposure(); err != nil {
		return err
	}
	if err := cfg.EnsureSecret(); err != nil {
		return err
	}
	log := newLogger(cfg, e.Stderr)
	start := time.Now()
	switch {
	case cfg.MemoryLimit > 0:
		debug.SetMemoryLimit(cfg.MemoryLimit)
	case cfg.MemoryLimit < 0: // off
		debug.SetMemoryLimit(math.MaxInt64)
	}
	log.Info("memory limit", slog.Int64("go_soft_limit_bytes", debug.SetMemoryLimit(-1)))
	d, n, err := openDB(ctx, cfg)
	if err != nil {
		return err
	}
	defer d.Close()
	log.Info("database ready", slog.String("engine", string(d.Dialect)), slog.Int("migrations_applied", n))
	a, err := Build(cfg, d, log, nowUTC)
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return fmt.Errorf("listening on %s: %w", cfg.Addr, err)
	}
	srv := &http.Server{
		Handler:           a.Handler,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       60 * time.Second,
		WriteTimeout:      120 * time.Second,
		IdleTimeout:       120 * time.Second,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
	var metricsSrv *http.Server
	var metricsURL string
	if a.MetricsHandler != nil {
		mln, err := net.Listen("tcp", cfg.MetricsAddr)
		if err != nil {
			ln.Close()
			return fmt.Errorf("listening on TEND_METRICS_ADDR %s: %w", cfg.MetricsAddr, err)
		}
		metricsSrv = &http.Server{Handler: a.MetricsHandler, ReadHeaderTimeout: 10 * time.Second, WriteTimeout: 30 * time.Second,
			ErrorLog: slog.NewLogLogger(log.Handler(), slog.LevelWarn)}
		go func() {
			if err := metricsSrv.Serve(mln); err != nil && !errors.Is(err, http.ErrServerClosed) {
				log.Error("metrics listener stopped", slog.Any("error", err))
			}
		}()
		metricsURL = "http://" + mln.Addr().String() + "/metrics"
		log.Info("metrics listening", slog.String("addr", mln.Addr().String()))
	}
	needs, err := a.Accounts.NeedsSetup(ctx)
	if err != nil {
		return err
	}
	log.Info("listening", slog.String("addr", ln.Addr().String()), slog.Duration("startup", time.Since(start)))
	// The address goes last, framed, on standard output: the one thing a newcomer must find among the logs.
	url := "http://" + ln.Addr().String()
	lines := []string{"Tend " + versionString() + " is running at " + url, ""}
	if needs {
		lines = append(lines, "Open "+url+"/setup in your browser to set up your practice.")
	} else {
		lines = append(lines, "Open "+url+" in your browser to sign in.")
	}
	if cfg.IsPostgres() {
		lines = append(lines, "Data: PostgreSQL (TEND_DATABASE_URL).")
	} else {
		lines = append(lines, "Data: the folder "+cfg.DataDir+" (SQLite).")
	}
	if metricsURL != "" {
		lines = append(lines, "Metrics are served only at "+metricsURL+" (TEND_METRICS_ADDR).")
	}
	banner(e.Stdout, e.Getenv, append(lines, "Press Ctrl+C to stop.")...)

	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	// Readiness needs the migrated database alone: the job queue and the warm-up start once the server
	// listens (issue 19, item 3: cold start).
	if err := a.Jobs.Start(ctx); err != nil { // queued email and other work; jobs left by an earlier run go out now
		_ = srv.Close()
		if metricsSrv != nil {
			_ = metricsSrv.Close()
		}
		return err
	}
	go func() {
		if err := a.WarmPages(); err != nil {
			log.Error("parsing page templates", slog.Any("error", err))
		}
	}()
	select {
	case err := <-errc:
		return fmt.Errorf("server stopped: %w", err)
	case <-ctx.Done():
	}
	log.Info("shutting down")
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	if metricsSrv != nil {
		_ = metricsSrv.Shutdown(shutdownCtx) // scrapes are short; the main server's drain is what matters
	}
	if err := srv.Shutdown(shutdownCtx); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("shutting down: %w", err)
	}
	if err := a.Close(); err != nil {
		log.Error("closing", "err", err)
	}
	log.Info("stopped")
	return nil
}
