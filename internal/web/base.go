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
	pg := page{Title: title, Nav: nav, User: &p, Practice: pr, Loc: pr.Locale(), Flash: s.takeFlash(w, r),
		Can: s.Accounts.Capabilities(p)}
	if s.Messages != nil { // the policy's answer with the practice's settings (admins: CL-8's opt-in)
		if pg.SeesMessages, pg.Unread, err = s.Messages.Badge(r.Context(), p); err != nil {
			return page{}, err
		}
	}
	return pg, nil
}

// validation puts a validation or conflict error's messages on the form, or returns false when err is
// something else (which the caller passes on).
func validation(err error, f *form) bool { return f.Absorb(err) }
