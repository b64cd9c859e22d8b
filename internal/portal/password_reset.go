package portal

import (
	"net/http"

	"tend/internal/httpx"
)

// resetPage is the forgot-password and new-password pages.
type resetPage struct {
	page
	Token   string
	Sent    bool
	BadLink string
}

func (s *Server) forgotForm(w http.ResponseWriter, r *http.Request) error {
	s.render(w, r, http.StatusOK, "forgot", resetPage{page: page{Title: "Forgot your password?", Form: httpx.NewForm()}})
	return nil
}

// forgotSubmit sends a link when the email has an account; the answer is the same either way.
func (s *Server) forgotSubmit(w http.ResponseWriter, r *http.Request) error {
	f := httpx.FormFrom(r, "email")
	if err := s.Portal.RequestPasswordReset(r.Context(), f.Get("email"), httpx.ClientIP(r)); err != nil {
		if !f.Absorb(err) {
			return err
		}
		s.render(w, r, http.StatusUnprocessableEntity, "forgot", resetPage{page: page{Title: "Forgot your password?", Form: f}})
		return nil
	}
	s.render(w, r, http.StatusOK, "forgot", resetPage{page: page{Title: "Check your email", Form: f}, Sent: true})
	return nil
}

func (s *Server) resetForm(w http.ResponseWriter, r *http.Request) error {
	token := r.URL.Query().Get("t")
	pg := resetPage{page: page{Title: "Choose a new password", Form: httpx.NewForm()}, Token: token}
	if err := s.Portal.CheckPasswordReset(r.Context(), token); err != nil {
		if !pg.Form.Absorb(err) {
			return err
		}
		pg.BadLink = pg.Form.Errors["token"]
		s.render(w, r, http.StatusGone, "reset", pg)
		return nil
	}
	s.render(w, r, http.StatusOK, "reset", pg)
	return nil
}

func (s *Server) resetSubmit(w http.ResponseWriter, r *http.Request) error {
	token := r.PostFormValue("token")
	pg := resetPage{page: page{Title: "Choose a new password", Form: httpx.NewForm()}, Token: token}
	pw := r.PostFormValue("password")
	if pw != r.PostFormValue("password_again") {
		pg.Form.Errors["password_again"] = "The two passwords are not the same. Type the same password twice."
		s.render(w, r, http.StatusUnprocessableEntity, "reset", pg)
		return nil
	}
	if err := s.Portal.ResetPassword(r.Context(), token, pw, httpx.ClientIP(r)); err != nil {
		if !pg.Form.Absorb(err) {
			return err
		}
		pg.BadLink = pg.Form.Errors["token"]
		s.render(w, r, http.StatusUnprocessableEntity, "reset", pg)
		return nil
	}
	http.Redirect(w, r, "/portal/login?reset=1", http.StatusSeeOther)
	return nil
}
