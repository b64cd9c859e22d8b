package app

import (
	"context"
	"log/slog"
	"net/http"

	"tend/internal/audit"
	"tend/internal/store"
)

// requestScope gives each request what lets a page built from several use cases cost one of each: a
// memo of the practice, charts and staff list it reads (store.WithMemo), and one batch of its read
// audit events (audit.WithReadBatch), recorded with a single disk sync just before the response starts.
// If that recording fails, the person gets an error instead of what they read: nothing is shown
// unaudited.
func requestScope(log *slog.Logger, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx, batch := audit.WithReadBatch(store.WithMemo(r.Context()))
		sw := &scopeWriter{ResponseWriter: w, ctx: ctx, batch: batch, log: log}
		defer sw.flush() // reads after the response started, or before a panic
		next.ServeHTTP(sw, r.WithContext(ctx))
	})
}

// scopeWriter records the request's held read events before the first byte of the response.
type scopeWriter struct {
	http.ResponseWriter
	ctx     context.Context
	batch   *audit.ReadBatch
	log     *slog.Logger
	started bool
	failed  bool // the events could not be recorded: the response became an error
}

// flush records the held events; false when that failed.
func (w *scopeWriter) flush() bool {
	if err := w.batch.Flush(w.ctx); err != nil {
		w.log.Error("audit: recording a request's reads failed", "err", err)
		return false
	}
	return true
}

func (w *scopeWriter) WriteHeader(code int) {
	if w.started {
		if !w.failed {
			w.ResponseWriter.WriteHeader(code)
		}
		return
	}
	w.started = true
	if !w.flush() {
		w.failed = true
		h := w.ResponseWriter.Header()
		for k := range h {
			delete(h, k)
		}
		http.Error(w.ResponseWriter, "The page could not be shown: recording who read it failed. Try again.", http.StatusInternalServerError)
		return
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *scopeWriter) Write(b []byte) (int, error) {
	if !w.started {
		w.WriteHeader(http.StatusOK)
	}
	if w.failed {
		return len(b), nil
	}
	return w.ResponseWriter.Write(b)
}

// Flush sends what is buffered, once the events are recorded.
func (w *scopeWriter) Flush() {
	if !w.started {
		w.WriteHeader(http.StatusOK)
	}
	if !w.failed {
		_ = http.NewResponseController(w.ResponseWriter).Flush()
	}
}

// Unwrap lets http.ResponseController reach the underlying writer.
func (w *scopeWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }
