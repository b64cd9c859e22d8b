package httpx

import (
	"errors"
	"net/http"
	"strconv"
	"strings"
	"unicode/utf8"
)

// RejectInvalidText refuses requests whose query string or form carries text that is not valid UTF-8
// or holds a NUL byte. Such bytes are never typed by a person; PostgreSQL refuses them, so letting them
// reach the use cases would turn a typo-free request into a 500. JSON bodies need no check: decoding
// replaces invalid bytes.
func RejectInvalidText(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		bad := invalid(r.URL.Query())
		if !bad && r.Method == http.MethodPost && strings.HasPrefix(r.Header.Get("Content-Type"), "application/x-www-form-urlencoded") {
			err := r.ParseForm()
			var tooLarge *http.MaxBytesError
			if errors.As(err, &tooLarge) {
				http.Error(w, "The form is larger than Tend accepts. Shorten what you typed and send it again.", http.StatusRequestEntityTooLarge)
				return
			}
			if err == nil {
				bad = invalid(r.PostForm)
			}
		}
		if !bad {
			next.ServeHTTP(w, r)
			return
		}
		msg := "The request holds characters that are not text. Remove them and try again."
		if strings.HasPrefix(r.URL.Path, "/api/") {
			w.Header().Set("Content-Type", "application/json; charset=utf-8")
			w.WriteHeader(http.StatusBadRequest)
			_, _ = w.Write([]byte(`{"error":{"code":"bad_request","message":"` + msg + `"}}` + "\n"))
			return
		}
		http.Error(w, msg, http.StatusBadRequest)
	})
}

func invalid(values map[string][]string) bool {
	for k, vs := range values {
		if !utf8.ValidString(k) || strings.ContainsRune(k, 0) {
			return true
		}
		for _, v := range vs {
			if !utf8.ValidString(v) || strings.ContainsRune(v, 0) {
				return true
			}
		}
	}
	return false
}

// WritePDF sends a PDF as a download.
func WritePDF(w http.ResponseWriter, name string, b []byte) {
	w.Header().Set("Content-Type", "application/pdf")
	w.Header().Set("Content-Disposition", `attachment; filename="`+name+`"`)
	w.Header().Set("Content-Length", strconv.Itoa(len(b)))
	_, _ = w.Write(b)
}
