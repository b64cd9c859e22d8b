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
// them: anyone could fill the disk through the sign-in page. The JSON API limits its bodies itself, and so
// do the few upload pages (IsUpload), which stream their parts.
// Put it outermost, before anything copies the request.
func LimitPageBodies(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasPrefix(r.URL.Path, "/api/") || r.Body == nil || r.Body == http.NoBody {
			next.ServeHTTP(w, r)
			return
		}
		if ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); strings.HasPrefix(ct, "multipart/") {
			if r.Method == http.MethodPost && IsUpload(r.URL.Path) {
				// Package files streams the parts itself (never ParseMultipartForm, so no temporary files)
				// and caps the body at the upload limit.
				next.ServeHTTP(w, r)
				return
			}
			http.Error(w, "This page takes no file uploads. Send the form as it is, without files.", http.StatusUnsupportedMediaType)
			return
		}
		r.Body = http.MaxBytesReader(w, r.Body, MaxPageBody)
		next.ServeHTTP(w, r)
	})
}

// IsUpload reports whether a page path takes a file upload (issue 17): a chart's files, staff's
// (/clients/{id}/files) or the portal's (/portal/c/{id}/files), and a message with its attachment
// (/messages/{id}, /portal/c/{id}/messages).
func IsUpload(path string) bool {
	parts := strings.Split(strings.Trim(path, "/"), "/")
	switch {
	case len(parts) == 3 && parts[0] == "clients" && parts[2] == "files":
		return true
	case len(parts) == 2 && parts[0] == "clients" && parts[1] == "import":
		return true // the CSV client import (issue 18), streamed by package imports
	case len(parts) == 2 && parts[0] == "messages":
		return true
	case len(parts) == 4 && parts[0] == "portal" && parts[1] == "c" && (parts[3] == "files" || parts[3] == "messages"):
		return true
	}
	return false
}
