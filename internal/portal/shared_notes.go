package portal

import (
	"net/http"

	"tend/internal/model"
	"tend/internal/reflections"
)

// sharedNotesPage is a chart's shared notes (PT-6, PT-9): reflections the clinician shared.
type sharedNotesPage struct {
	page
	L   reflections.PortalList
	Loc model.Locale
}

// sharedNotes lists the reflections shared on the chart, for a portal user with the shared-notes
// permission; anyone else gets the not-found page.
func (s *Server) sharedNotes(w http.ResponseWriter, r *http.Request, pp model.PortalPrincipal) error {
	l, err := s.Reflections.PortalList(r.Context(), pp, r.PathValue("id"), r.URL.Query().Get("page"))
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "shared_notes", sharedNotesPage{page: page{Title: "Shared notes", User: &pp}, L: l, Loc: l.Access.Loc})
	return nil
}

// sharedNotePage is one shared reflection.
type sharedNotePage struct {
	page
	V   reflections.PortalView
	Loc model.Locale
}

// sharedNote shows one shared reflection; once unshared it is gone (404) on the next request.
func (s *Server) sharedNote(w http.ResponseWriter, r *http.Request, pp model.PortalPrincipal) error {
	v, err := s.Reflections.PortalGet(r.Context(), pp, r.PathValue("id"), r.PathValue("ref"))
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "shared_note", sharedNotePage{page: page{Title: v.Title, User: &pp}, V: v, Loc: v.Access.Loc})
	return nil
}
