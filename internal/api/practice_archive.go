package api

import (
	"net/http"

	"tend/internal/model"
)

// practiceArchive streams the signed-in owner's practice as an archive (IM-2); psychotherapy notes
// only with ?psychotherapy_notes=true.
func (s *Server) practiceArchive(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	psych := r.URL.Query().Get("psychotherapy_notes")
	if psych != "" && psych != "true" && psych != "false" {
		return model.FieldError("psychotherapy_notes", "Say true or false.")
	}
	pr, err := s.Accounts.Practice(r.Context(), p)
	if err != nil {
		return err
	}
	return s.Archive.Serve(r.Context(), w, p, pr.Slug, psych == "true")
}
