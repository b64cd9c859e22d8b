package httpx_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"tend/internal/httpx"
)

// Issue 17, item 2: multipart bodies reach only the upload pages (a chart's files, staff's and the
// portal's), which stream them themselves; every other page still refuses them.
// Proves FL-1.
func TestMultipartOnlyOnUploadPages(t *testing.T) {
	t.Parallel()
	h := httpx.LimitPageBodies(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusNoContent) }))
	for path, want := range map[string]int{
		"/clients/abc/files":             http.StatusNoContent,
		"/portal/c/abc/files":            http.StatusNoContent,
		"/login":                         http.StatusUnsupportedMediaType,
		"/clients/abc/files/xyz/share":   http.StatusUnsupportedMediaType,
		"/clients/abc/notes":             http.StatusUnsupportedMediaType,
		"/portal/c/abc/files/xyz/delete": http.StatusUnsupportedMediaType,
		"/clients/abc/files/../../login": http.StatusUnsupportedMediaType,
	} {
		r := httptest.NewRequest("POST", path, strings.NewReader("--x--\r\n"))
		r.Header.Set("Content-Type", "multipart/form-data; boundary=x")
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		if w.Code != want {
			t.Errorf("%s: %d, want %d", path, w.Code, want)
		}
	}
}
