package app

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"tend/internal/audit"
	"tend/internal/model"
)

// failingReads refuses every event, as a full disk would.
type failingReads struct{ calls int }

func (f *failingReads) Record(context.Context, model.AuditEvent) error {
	f.calls++
	return errors.New("disk full")
}

// okReads keeps what it is given.
type okReads struct{ events int }

func (o *okReads) Record(context.Context, model.AuditEvent) error { o.events++; return nil }

// Issue 14 (speed) without loss of privacy: a request's read events are recorded before the first byte
// of its response, and when that fails the person gets an error, never what they read.
// Proves TR-1.
func TestRequestScopeRecordsReadsBeforeTheResponse(t *testing.T) {
	t.Parallel()
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	for _, tc := range []struct {
		name     string
		fail     bool
		wantCode int
		wantBody string
	}{
		{"recorded", false, http.StatusOK, "the secret page"},
		{"recording fails", true, http.StatusInternalServerError, "could not be shown"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			var rec audit.ReadRecorder
			ok, bad := &okReads{}, &failingReads{}
			rec = ok
			if tc.fail {
				rec = bad
			}
			recordedBeforeWrite := false
			h := requestScope(log, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				for range 2 {
					if err := audit.RecordRead(r.Context(), rec, nil, nil, model.AuditEvent{Action: "chart.view"}); err != nil {
						t.Error(err)
					}
				}
				if ok.events != 0 || bad.calls != 0 {
					t.Error("events recorded before the response started: they should wait for it")
				}
				w.Header().Set("Content-Type", "text/html")
				w.WriteHeader(http.StatusOK)
				recordedBeforeWrite = ok.events == 2 || bad.calls > 0
				_, _ = io.WriteString(w, "the secret page")
			}))
			rr := httptest.NewRecorder()
			h.ServeHTTP(rr, httptest.NewRequest("GET", "/clients/x", nil))
			if rr.Code != tc.wantCode || !strings.Contains(rr.Body.String(), tc.wantBody) {
				t.Errorf("got %d %q, want %d with %q", rr.Code, rr.Body.String(), tc.wantCode, tc.wantBody)
			}
			if tc.fail && strings.Contains(rr.Body.String(), "secret") {
				t.Error("the page left without its audit events")
			}
			if !recordedBeforeWrite {
				t.Error("the events were not recorded when the response started")
			}
		})
	}
}
