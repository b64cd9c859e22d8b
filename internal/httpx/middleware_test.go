package httpx

import (
	"net/http"
	"net/http/httptest"
	"testing"
)

// Issue 12, item 4: Strict-Transport-Security goes out exactly when the public address is https; the
// other security headers always do.
func TestSecurityHeadersHSTS(t *testing.T) {
	t.Parallel()
	ok := http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(http.StatusNoContent) })
	for _, https := range []bool{false, true} {
		rec := httptest.NewRecorder()
		SecurityHeaders(ok, https).ServeHTTP(rec, httptest.NewRequest("GET", "/", nil))
		hsts := rec.Header().Get("Strict-Transport-Security")
		if https && hsts != "max-age=31536000; includeSubDomains" {
			t.Errorf("https: Strict-Transport-Security %q", hsts)
		}
		if !https && hsts != "" {
			t.Errorf("http: Strict-Transport-Security %q, want none", hsts)
		}
		if rec.Header().Get("Content-Security-Policy") == "" || rec.Header().Get("X-Content-Type-Options") != "nosniff" {
			t.Errorf("https=%v: the other security headers are missing", https)
		}
	}
}
