package portal

import (
	"errors"
	"net/http"

	chartfiles "tend/internal/files"
	"tend/internal/httpx"
	"tend/internal/model"
)

// filesPage is a chart's files as its portal user sees them (FL-1, PT-6, PT-7, PT-12): the files the
// practice shared, the person's own uploads, and the upload form.
type filesPage struct {
	page
	L     chartfiles.PortalList
	Loc   model.Locale
	MaxMB int64
}

func (s *Server) renderFiles(w http.ResponseWriter, r *http.Request, pp model.PortalPrincipal, f httpx.Form, status int) error {
	l, err := s.Files.PortalList(r.Context(), pp, r.PathValue("id"), r.URL.Query().Get("page"))
	if err != nil {
		return err
	}
	s.render(w, r, status, "files", filesPage{page: page{Title: "Files", User: &pp, Notice: f.Values["notice"], Form: f}, L: l, Loc: l.Access.Loc,
		MaxMB: s.Files.Limit() >> 20})
	return nil
}

// files lists the chart's files for a portal user with the files permission; anyone else gets the
// not-found page.
func (s *Server) files(w http.ResponseWriter, r *http.Request, pp model.PortalPrincipal) error {
	f := httpx.NewForm()
	if r.URL.Query().Get("uploaded") == "1" {
		f.Values["notice"] = "Your file is uploaded. Only you and the practice see it."
	}
	return s.renderFiles(w, r, pp, f, http.StatusOK)
}

// fileUpload stores the person's upload to the chart; a refused file shows the page again with why.
func (s *Server) fileUpload(w http.ResponseWriter, r *http.Request, pp model.PortalPrincipal) error {
	access := r.PathValue("id")
	if err := s.Files.PortalMayUpload(r.Context(), pp, access); err != nil {
		return err
	}
	_, in, err := chartfiles.FromRequest(w, r, s.Files.Limit())
	if err == nil {
		if _, err = s.Files.PortalUpload(r.Context(), pp, access, in); err == nil {
			http.Redirect(w, r, "/portal/c/"+access+"/files?uploaded=1", http.StatusSeeOther)
			return nil
		}
	}
	f := httpx.NewForm()
	if !f.Absorb(err) {
		return err
	}
	w.Header().Set("Connection", "close") // the rest of a refused upload is not read
	return s.renderFiles(w, r, pp, f, http.StatusUnprocessableEntity)
}

// fileDownload sends a file shared with the person, or their own upload, as an attachment.
func (s *Server) fileDownload(w http.ResponseWriter, r *http.Request, pp model.PortalPrincipal) error {
	rd, err := s.Files.PortalOpen(r.Context(), pp, r.PathValue("id"), r.PathValue("file_id"))
	if errors.Is(err, chartfiles.ErrTampered) {
		return &model.ConflictError{Message: "This file's stored copy is damaged, so it is not served. Ask the practice to upload it again."}
	}
	if err != nil {
		return err
	}
	chartfiles.Serve(w, rd)
	return nil
}

// fileThumb sends a thumbnail Tend made of an image the person may see.
func (s *Server) fileThumb(w http.ResponseWriter, r *http.Request, pp model.PortalPrincipal) error {
	t, err := s.Files.PortalThumb(r.Context(), pp, r.PathValue("id"), r.PathValue("file_id"))
	if err != nil {
		return err
	}
	chartfiles.Headers(w, t.ContentType, "", int64(len(t.Bytes)))
	w.Write(t.Bytes)
	return nil
}
