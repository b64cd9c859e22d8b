package web

import (
	"net/http"

	"tend/internal/httpx"
)

type resetPage struct {
	page
	Form    form
	Token   string
	Sent    bool
	Bad     string // why the link cannot be used
	Welcome bool   // an invitation: the person chooses their first password
}

// forgotForm asks for the email of the account whose password is forgotten.
func (s *Server) forgotForm(w http.ResponseWriter, r *http.Request) error {
	s.render(w, r, http.StatusOK, "password_forgot", resetPage{page: page{Title: "Forgot your password?"}, Form: newForm()})
	return nil
}

// forgotSubmit sends a reset link when the email belongs to someone, and says the same either way.
func (s *Server) forgotSubmit(w http.ResponseWriter, r *http.Request) error {
	f := formFrom(r, "email")
	if err := s.Accounts.RequestPasswordReset(r.Context(), f.Get("email"), httpx.ClientIP(r)); err != nil {
		if !validation(err, &f) {
			return err
		}
		s.render(w, r, http.StatusUnprocessableEntity, "password_forgot", resetPage{page: page{Title: "Forgot your password?"}, Form: f})
		return nil
	}
	s.render(w, r, http.StatusOK, "password_forgot", resetPage{page: page{Title: "Check your email"}, Form: f, Sent: true})
	return nil
}

// resetForm asks for a new password when the link can still be used, and says what to do when not.
func (s *Server) resetForm(w http.ResponseWriter, r *http.Request) error {
	token := r.URL.Query().Get("t")
	data := resetPage{page: page{Title: "Choose a new password"}, Form: newForm(), Token: token}
	purpose, err := s.Accounts.CheckPasswordReset(r.Context(), token)
	if err != nil {
		f := newForm()
		if !validation(err, &f) {
			return err
		}
		data.Bad = f.Errors["token"]
		s.render(w, r, http.StatusGone, "password_reset", data)
		return nil
	}
	if purpose == "invite" {
		data.Title, data.Welcome = "Welcome to Tend", true
	}
	s.render(w, r, http.StatusOK, "password_reset", data)
	return nil
}

// resetSubmit sets the new password, then sends the person to sign in with it.
func (s *Server) resetSubmit(w http.ResponseWriter, r *http.Request) error {
	token := r.PostFormValue("t")
	f := newForm()
	err := s.Accounts.ResetPassword(r.Context(), token, r.PostFormValue("password"), httpx.ClientIP(r))
	if err == nil {
		s.setFlash(w, "Your password is changed. Sign in with it now; any other sign-ins of yours have ended.")
		http.Redirect(w, r, "/login", http.StatusSeeOther)
		return nil
	}
	if !validation(err, &f) {
		return err
	}
	data := resetPage{page: page{Title: "Choose a new password"}, Form: f, Token: token, Bad: f.Errors["token"]}
	status := http.StatusUnprocessableEntity
	if data.Bad != "" {
		status = http.StatusGone
	}
	s.render(w, r, status, "password_reset", data)
	return nil
}
