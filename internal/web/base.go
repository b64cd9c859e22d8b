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
	return page{Title: title, Nav: nav, User: &p, Practice: pr, Loc: pr.Location(), Flash: s.takeFlash(w, r)}, nil
}

// validation returns the field messages and overall message of a validation or conflict error,
// or ok=false when err is something else (which the caller passes on).
func validation(err error, f *form) bool {
	ve, ce := asValidation(err)
	switch {
	case ve != nil:
		for k, v := range ve.Fields {
			f.Errors[k] = v
		}
		f.Message = ve.Message
		if f.Message == "" {
			f.Message = "Some fields need attention. Look for the messages below."
		}
		return true
	case ce != nil:
		if ce.Field != "" {
			f.Errors[ce.Field] = ce.Message
		}
		f.Message = ce.Message
		return true
	}
	return false
}
