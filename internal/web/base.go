package web

import (
	"net/http"

	"tend/internal/model"
)

// base fills the part every signed-in page shares: the person, their practice, a pending notice.
func (s *Server) base(w http.ResponseWriter, r *http.Request, p model.Principal, title, nav string) (page, error) {
	pr, err := s.Accounts.Practice(r.Context(), p)
	if err != nil {
		return page{}, err
	}
	return page{Title: title, Nav: nav, User: &p, Practice: pr, Loc: pr.Locale(), Flash: s.takeFlash(w, r),
		Can: s.Accounts.Capabilities(p)}, nil
}

// validation puts a validation or conflict error's messages on the form, or returns false when err is
// something else (which the caller passes on).
func validation(err error, f *form) bool { return f.Absorb(err) }
