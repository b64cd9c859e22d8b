package httpx

import (
	"net/http"
)

// Download is a response body streamed as a file: its headers (type, attachment name) are set on the
// first write, so an error found before any byte was written can still be answered as an error page.
type Download struct {
	w           http.ResponseWriter
	contentType string
	filename    string
	started     bool
}

// NewDownload streams a file of contentType named filename to w.
func NewDownload(w http.ResponseWriter, contentType, filename string) *Download {
	return &Download{w: w, contentType: contentType, filename: filename}
}

// Write sends the headers before the first bytes, then the bytes.
func (d *Download) Write(b []byte) (int, error) {
	if !d.started {
		d.started = true
		h := d.w.Header()
		h.Set("Content-Type", d.contentType)
		h.Set("Content-Disposition", `attachment; filename="`+d.filename+`"`)
		h.Set("X-Content-Type-Options", "nosniff")
		d.w.WriteHeader(http.StatusOK)
	}
	return d.w.Write(b)
}

// Fail answers err: as it is while nothing was sent (the caller's error page), and by aborting the
// connection once the file has begun, so a download cut short never looks complete.
func (d *Download) Fail(err error) error {
	if err == nil || !d.started {
		return err
	}
	panic(http.ErrAbortHandler)
}
