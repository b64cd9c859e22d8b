package httpx_test

import (
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"tend/internal/httpx"
)

// Review of issue 5: one client cannot make Tend mail many typed addresses; other routes and other
// clients are not affected; the window passes.
func TestMailLimiter(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	l := &httpx.MailLimiter{Max: 3, Window: time.Hour, Now: func() time.Time { return now }}
	h := l.Wrap(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusAccepted) }))
	do := func(method, path, ip string) int {
		r := httptest.NewRequest(method, path, nil)
		r.RemoteAddr = ip + ":1234"
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		return w.Code
	}
	for i := range 3 {
		if c := do("POST", "/portal/forgot", "203.0.113.7"); c != http.StatusAccepted {
			t.Fatalf("request %d: %d", i, c)
		}
	}
	if c := do("POST", "/api/v1/portal/join/harbor", "203.0.113.7"); c != http.StatusTooManyRequests {
		t.Fatalf("over the limit: %d", c)
	}
	if c := do("POST", "/portal/join/harbor/complete", "203.0.113.7"); c != http.StatusAccepted {
		t.Fatalf("completing a registration sends no mail and is not limited: %d", c)
	}
	if c := do("POST", "/portal/forgot", "198.51.100.9"); c != http.StatusAccepted {
		t.Fatalf("another client: %d", c)
	}
	now = now.Add(time.Hour + time.Second)
	if c := do("POST", "/login/forgot", "203.0.113.7"); c != http.StatusAccepted {
		t.Fatalf("after the window: %d", c)
	}
}
