package web

import (
	"net/http"

	"tend/internal/model"
)

type passwordPage struct {
	page
	Form form
}

func (s *Server) passwordForm(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	pg, err := s.base(w, r, p, "Change password", "settings")
	if err != nil {
		return err
	}
	f := newForm()
	f.Values["revoke_tokens"] = "on" // offered, and on unless the person unticks it
	s.render(w, r, http.StatusOK, "password", passwordPage{page: pg, Form: f})
	return nil
}

// passwordSubmit changes the person's own password; the confirmation guards against a typo.
func (s *Server) passwordSubmit(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	f := formFrom(r, "current_password", "new_password", "confirm_password", "revoke_tokens")
	var err error
	if f.Get("new_password") != f.Get("confirm_password") {
		err = model.FieldError("confirm_password", "The two new passwords are not the same. Type them again.")
	} else {
		err = s.Accounts.ChangePassword(r.Context(), p, f.Get("current_password"), f.Get("new_password"), f.Get("revoke_tokens") != "on")
	}
	if err != nil {
		if !validation(err, &f) {
			return err
		}
		pg, err := s.base(w, r, p, "Change password", "settings")
		if err != nil {
			return err
		}
		s.render(w, r, http.StatusUnprocessableEntity, "password", passwordPage{page: pg, Form: f})
		return nil
	}
	s.setFlash(w, "Your password is changed. Your other sessions were signed out.")
	http.Redirect(w, r, "/", http.StatusSeeOther)
	return nil
}
