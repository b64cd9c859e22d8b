package httpx

import (
	"mime"
	"net/http"
	"strings"
)

// MaxPageBody is the largest body a page (not API) request may carry: the longest form, a template
// with many questions, is far smaller.
const MaxPageBody = 2 << 20

// LimitPageBodies bounds the body of every page request and refuses multipart bodies, which no page
// takes yet. Parsing a multipart body spills large parts into temporary files, and when a handler parses
// a copy of the request (every middleware that adds to the context makes one) net/http never removes
// them: anyone could fill the disk through the sign-in page. The JSON API limits its bodies itself.
// Put it outermost, before anything copies the request.
func LimitPageBodies(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasPrefix(r.URL.Path, "/api/") || r.Body == nil || r.Body == http.NoBody {
			next.ServeHTTP(w, r)
			return
		}
		if ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); strings.HasPrefix(ct, "multipart/") {
			http.Error(w, "This page takes no file uploads. Send the form as it is, without files.", http.StatusUnsupportedMediaType)
			return
		}
		r.Body = http.MaxBytesReader(w, r.Body, MaxPageBody)
		next.ServeHTTP(w, r)
	})
}
