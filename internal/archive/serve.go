package archive

import (
	"context"
	"fmt"
	"net/http"

	"tend/internal/model"
)

// Serve streams p's practice archive as a download (Settings → Export and the API): the headers go
// out with the first byte, so a refusal before it (forbidden, a missing practice) is still answered
// as an error by the caller; a failure after it aborts the connection, so the browser reports a failed
// download rather than keeping a cut-off archive.
func (s *Service) Serve(ctx context.Context, w http.ResponseWriter, p model.Principal, slug string, psychotherapyNotes bool) error {
	if err := MayExport(p); err != nil {
		return err
	}
	dw := &downloadWriter{w: w, name: FileName(slug, s.now())}
	_, err := s.ExportFor(ctx, dw, p, psychotherapyNotes)
	if err != nil && dw.started {
		panic(http.ErrAbortHandler)
	}
	if err != nil {
		return fmt.Errorf("archive: download: %w", err)
	}
	return nil
}

// downloadWriter sends the download's headers before its first byte.
type downloadWriter struct {
	w       http.ResponseWriter
	name    string
	started bool
}

func (d *downloadWriter) Write(b []byte) (int, error) {
	if !d.started {
		d.started = true
		h := d.w.Header()
		h.Set("Content-Type", "application/zip")
		h.Set("Content-Disposition", `attachment; filename="`+d.name+`"`)
		h.Set("Cache-Control", "private, no-store")
		h.Set("X-Content-Type-Options", "nosniff")
		d.w.WriteHeader(http.StatusOK)
	}
	return d.w.Write(b)
}
