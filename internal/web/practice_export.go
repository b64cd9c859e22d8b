package web

import (
	"net/http"

	"tend/internal/archive"
	"tend/internal/model"
)

// practiceExport is Settings → Export: what the archive holds, and the button that downloads it (owners only, IM-2).
func (s *Server) practiceExport(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	if err := archive.MayExport(p); err != nil {
		return err
	}
	pg, err := s.base(w, r, p, "Export the practice", "settings")
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "practice_export", pg)
	return nil
}

// practiceExportDownload streams the practice's archive to the browser; psychotherapy notes only when
// the box was ticked. The export is audited, with that choice.
func (s *Server) practiceExportDownload(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	pr, err := s.Accounts.Practice(r.Context(), p)
	if err != nil {
		return err
	}
	return s.Archive.Serve(r.Context(), w, p, pr.Slug, r.PostFormValue("psychotherapy_notes") == "on")
}
