package files

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
)

// DownloadCSP keeps a downloaded file from running anything even if a browser shows it.
const DownloadCSP = "default-src 'none'; sandbox"

// Headers sets what every file response carries: never shown inline from the app's origin, its type as
// Tend found it, no sniffing, a sandbox.
func Headers(w http.ResponseWriter, contentType, name string, size int64) {
	h := w.Header()
	h.Set("Content-Type", contentType)
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Content-Security-Policy", DownloadCSP)
	h.Set("Cache-Control", "no-store")
	if name != "" {
		h.Set("Content-Disposition", Disposition(name))
	}
	if size >= 0 {
		h.Set("Content-Length", strconv.FormatInt(size, 10))
	}
}

// Disposition is an attachment header with an ASCII fallback name and the exact name in filename*
// (RFC 6266, RFC 5987 percent-encoded UTF-8).
func Disposition(name string) string {
	fallback := strings.Map(func(r rune) rune {
		if r < 0x20 || r > 0x7e || r == '"' || r == '\\' || r == '%' || r == ';' {
			return '_'
		}
		return r
	}, name)
	var enc strings.Builder
	for _, b := range []byte(name) {
		if isAttrChar(b) {
			enc.WriteByte(b)
		} else {
			fmt.Fprintf(&enc, "%%%02X", b)
		}
	}
	return `attachment; filename="` + fallback + `"; filename*=UTF-8''` + enc.String()
}

func isAttrChar(b byte) bool {
	switch {
	case 'a' <= b && b <= 'z', 'A' <= b && b <= 'Z', '0' <= b && b <= '9':
		return true
	}
	return strings.IndexByte("!#$&+-.^_`|~", b) >= 0
}

// Serve sends a file as a download. The first chunk opened already (Open), so a file damaged from the
// start was refused before this; a chunk damaged later, or a content whose SHA-256 does not match, is
// found before its bytes are sent, and the response is cut off (the connection is aborted), so the
// browser reports a failed download instead of saving a wrong file.
func Serve(w http.ResponseWriter, r *Reader) {
	defer r.Close()
	Headers(w, r.File.ContentType, r.File.Name, r.File.Size)
	if _, err := io.Copy(w, r); err != nil {
		if errors.Is(err, ErrTampered) {
			panic(http.ErrAbortHandler)
		}
		// The client went away: nothing more to do.
		return
	}
}

// SizeLabel is a size in bytes as people read it: "830 bytes", "14 KB", "2.4 MB".
func SizeLabel(n int64) string {
	switch {
	case n < 1<<10:
		return strconv.FormatInt(n, 10) + " bytes"
	case n < 1<<20:
		return strconv.FormatInt((n+512)>>10, 10) + " KB"
	}
	return strconv.FormatFloat(float64(n)/(1<<20), 'f', 1, 64) + " MB"
}
