package api

import (
	"errors"
	"fmt"
	"net/http"
	"time"

	"tend/internal/files"
	"tend/internal/model"
)

// fileJSON is a file on a chart (FL-1): what it is, never its content (GET …/content downloads it).
type fileJSON struct {
	ID                  string    `json:"id"`
	ClientID            string    `json:"client_id"`
	Name                string    `json:"name"`
	ContentType         string    `json:"content_type"`
	Size                int64     `json:"size"`
	SHA256              string    `json:"sha256"`
	Shared              bool      `json:"shared"`
	UploadedByStaffID   string    `json:"uploaded_by_staff_id,omitempty"`
	UploadedByAccountID string    `json:"uploaded_by_account_id,omitempty"`
	CreatedAt           time.Time `json:"created_at"`
	UpdatedAt           time.Time `json:"updated_at"`
}

func toFile(f model.File) fileJSON {
	return fileJSON{f.ID, f.ChartID, f.Name, f.ContentType, f.Size, f.SHA256, f.Shared, f.UploadedByStaffID, f.UploadedByAccountID, f.CreatedAt, f.UpdatedAt}
}

type fileCapsJSON struct {
	Upload bool `json:"upload"`
	Change bool `json:"change"`
	Delete bool `json:"delete"`
}

func (s *Server) listFiles(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	l, err := s.Files.List(r.Context(), p, r.PathValue("id"), r.URL.Query().Get("page"))
	if err != nil {
		return err
	}
	out := struct {
		Items    []fileJSON   `json:"items"`
		NextPage string       `json:"next_page"`
		Can      fileCapsJSON `json:"can"`
	}{Items: make([]fileJSON, 0, len(l.Items)), NextPage: l.Next, Can: fileCapsJSON{l.Caps.Upload, l.Caps.Change, l.Caps.Delete}}
	for _, f := range l.Items {
		out.Items = append(out.Items, toFile(f))
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

// uploadFile takes multipart/form-data: an optional "shared" field (true/false) before the "file" part.
func (s *Server) uploadFile(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	if err := s.Files.MayUpload(r.Context(), p, r.PathValue("id")); err != nil {
		return err
	}
	fields, in, err := files.FromRequest(w, r, s.Files.Limit())
	if err != nil {
		return err
	}
	switch fields["shared"] {
	case "", "false", "0", "off":
	case "true", "1", "on":
		in.Shared = true
	default:
		return model.FieldError("shared", "Send true or false.")
	}
	f, err := s.Files.Upload(r.Context(), p, r.PathValue("id"), in)
	if err != nil {
		return err
	}
	w.Header().Set("Location", "/api/v1/files/"+f.ID)
	writeJSON(w, http.StatusCreated, toFile(f))
	return nil
}

func (s *Server) getFile(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	f, _, err := s.Files.Get(r.Context(), p, "", r.PathValue("id"))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, toFile(f))
	return nil
}

func (s *Server) patchFile(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	var in struct {
		Shared *bool `json:"shared"`
	}
	if err := decode(w, r, &in); err != nil {
		return err
	}
	if in.Shared == nil {
		return model.FieldError("shared", "Send shared: true or false.")
	}
	f, err := s.Files.SetShared(r.Context(), p, "", r.PathValue("id"), *in.Shared)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, toFile(f))
	return nil
}

func (s *Server) deleteFile(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	if err := s.Files.Delete(r.Context(), p, "", r.PathValue("id")); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// errTampered answers a stored file that failed its check before anything was sent.
func errTampered(err error) error {
	if errors.Is(err, files.ErrTampered) {
		return &model.ConflictError{Message: "This file's stored copy does not match what was uploaded (it was changed or damaged), so it is not served."}
	}
	return err
}

func (s *Server) fileContent(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	rd, err := s.Files.Open(r.Context(), p, "", r.PathValue("id"))
	if err != nil {
		return errTampered(err)
	}
	files.Serve(w, rd)
	return nil
}

func (s *Server) portalFiles(w http.ResponseWriter, r *http.Request, pp model.PortalPrincipal) error {
	l, err := s.Files.PortalList(r.Context(), pp, r.PathValue("id"), r.URL.Query().Get("page"))
	if err != nil {
		return err
	}
	out := struct {
		Items     []fileJSON `json:"items"`
		NextPage  string     `json:"next_page"`
		CanUpload bool       `json:"can_upload"`
	}{Items: make([]fileJSON, 0, len(l.Items)), NextPage: l.Next, CanUpload: l.CanUpload}
	for _, f := range l.Items {
		out.Items = append(out.Items, toFile(f))
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

func (s *Server) portalUploadFile(w http.ResponseWriter, r *http.Request, pp model.PortalPrincipal) error {
	if err := s.Files.PortalMayUpload(r.Context(), pp, r.PathValue("id")); err != nil {
		return err
	}
	_, in, err := files.FromRequest(w, r, s.Files.Limit())
	if err != nil {
		return err
	}
	f, err := s.Files.PortalUpload(r.Context(), pp, r.PathValue("id"), in)
	if err != nil {
		return err
	}
	w.Header().Set("Location", fmt.Sprintf("/api/v1/portal/charts/%s/files/%s", r.PathValue("id"), f.ID))
	writeJSON(w, http.StatusCreated, toFile(f))
	return nil
}

func (s *Server) portalFile(w http.ResponseWriter, r *http.Request, pp model.PortalPrincipal) error {
	f, err := s.Files.PortalGet(r.Context(), pp, r.PathValue("id"), r.PathValue("file_id"))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, toFile(f))
	return nil
}

func (s *Server) portalFileContent(w http.ResponseWriter, r *http.Request, pp model.PortalPrincipal) error {
	rd, err := s.Files.PortalOpen(r.Context(), pp, r.PathValue("id"), r.PathValue("file_id"))
	if err != nil {
		return errTampered(err)
	}
	files.Serve(w, rd)
	return nil
}
