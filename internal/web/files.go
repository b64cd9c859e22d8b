package web

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"

	chartfiles "tend/internal/files"
	"tend/internal/model"
)

// filesTab is the chart's Files tab (FL-1, issue 17, item 2): the files newest first, paged by key,
// and the upload form (multipart, no script needed).
type filesTab struct {
	chartfiles.List
	Upload   form
	OlderURL string
	NewerURL string
	MaxMB    int64
}

// loadFilesTab reads a page of the chart's files (?page= pages older).
func (s *Server) loadFilesTab(r *http.Request, p model.Principal, chartID string, f form) (*filesTab, error) {
	page := r.URL.Query().Get("page")
	l, err := s.Files.List(r.Context(), p, chartID, page)
	if err != nil {
		return nil, err
	}
	t := &filesTab{List: l, Upload: f, MaxMB: s.Files.Limit() >> 20}
	if l.Next != "" {
		t.OlderURL = "/clients/" + chartID + "?" + url.Values{"tab": {"files"}, "page": {l.Next}}.Encode()
	}
	if page != "" {
		t.NewerURL = "/clients/" + chartID + "?tab=files"
	}
	return t, nil
}

func filesBack(chartID string) string { return "/clients/" + chartID + "?tab=files" }

// fileUpload stores an upload from the tab's form: the "shared" box comes before the file in the form, so
// it is read before the file streams in.
func (s *Server) fileUpload(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	chartID := r.PathValue("id")
	if err := s.Files.MayUpload(r.Context(), p, chartID); err != nil {
		return err
	}
	fields, in, err := chartfiles.FromRequest(w, r, s.Files.Limit())
	f := newForm()
	if err == nil {
		in.Shared = fields["shared"] == "on"
		f.Values["shared"] = fields["shared"]
		var up model.File
		if up, err = s.Files.Upload(r.Context(), p, chartID, in); err == nil {
			s.setFlash(w, fmt.Sprintf("%s is uploaded%s.", up.Name, map[bool]string{true: " and shared with the client", false: ""}[up.Shared]))
			http.Redirect(w, r, filesBack(chartID), http.StatusSeeOther)
			return nil
		}
	}
	if !validation(err, &f) {
		return err
	}
	// The rest of a refused upload is not read: the connection closes after this answer.
	w.Header().Set("Connection", "close")
	r2 := r.Clone(r.Context())
	r2.URL = &url.URL{Path: "/clients/" + chartID, RawQuery: "tab=files"}
	data, err := s.chartData(w, r2, p, "", newForm())
	if err != nil {
		return err
	}
	if data.Files == nil {
		return model.ErrNotFound
	}
	data.Files.Upload = f
	s.render(w, r, http.StatusUnprocessableEntity, "client_chart", data)
	return nil
}

// fileDownload sends a file as an attachment (see chartfiles.Serve for how a damaged file fails).
func (s *Server) fileDownload(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	rd, err := s.Files.Open(r.Context(), p, r.PathValue("id"), r.PathValue("file_id"))
	if errors.Is(err, chartfiles.ErrTampered) {
		return &model.ConflictError{Message: "This file's stored copy does not match what was uploaded (it was changed or damaged), so it is not served."}
	}
	if err != nil {
		return err
	}
	chartfiles.Serve(w, rd)
	return nil
}

// fileThumb sends a thumbnail Tend made of an image file: never the uploaded bytes.
func (s *Server) fileThumb(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	t, err := s.Files.Thumb(r.Context(), p, r.PathValue("id"), r.PathValue("file_id"))
	if err != nil {
		return err
	}
	serveThumb(w, t)
	return nil
}

func serveThumb(w http.ResponseWriter, t chartfiles.Thumb) {
	chartfiles.Headers(w, t.ContentType, "", int64(len(t.Bytes)))
	w.Header().Set("Cache-Control", "private, no-store")
	w.Write(t.Bytes)
}

// fileShare shares a file with the client (shared=on) or stops sharing it.
func (s *Server) fileShare(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	on := r.PostFormValue("shared") == "on"
	f, err := s.Files.SetShared(r.Context(), p, r.PathValue("id"), r.PathValue("file_id"), on)
	if err != nil {
		return err
	}
	if on {
		s.setFlash(w, f.Name+" is shared: portal users with the files permission see it now.")
	} else {
		s.setFlash(w, f.Name+" is no longer shared.")
	}
	http.Redirect(w, r, filesBack(f.ChartID), http.StatusSeeOther)
	return nil
}

// fileDeletePage asks before deleting a file.
type fileDeletePage struct {
	page
	ChartID string
	File    model.File
}

func (s *Server) fileDeleteForm(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	f, caps, err := s.Files.Get(r.Context(), p, r.PathValue("id"), r.PathValue("file_id"))
	if err != nil {
		return err
	}
	if !caps.Delete {
		return model.ErrForbidden
	}
	pg, err := s.base(w, r, p, "Delete "+f.Name+"?", "clients")
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "file_delete", fileDeletePage{page: pg, ChartID: f.ChartID, File: f})
	return nil
}

func (s *Server) fileDelete(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	chartID := r.PathValue("id")
	if err := s.Files.Delete(r.Context(), p, chartID, r.PathValue("file_id")); err != nil {
		return err
	}
	s.setFlash(w, "The file is deleted.")
	http.Redirect(w, r, filesBack(chartID), http.StatusSeeOther)
	return nil
}

// fileKind names a file's type for people.
func fileKind(contentType string) string {
	switch contentType {
	case chartfiles.TypePDF:
		return "PDF"
	case chartfiles.TypePNG:
		return "PNG image"
	case chartfiles.TypeJPEG:
		return "JPEG image"
	case chartfiles.TypeHEIC:
		return "HEIC image"
	case chartfiles.TypeDOCX:
		return "Word document"
	case chartfiles.TypeXLSX:
		return "Excel workbook"
	case chartfiles.TypeTXT:
		return "Text"
	}
	return contentType
}
