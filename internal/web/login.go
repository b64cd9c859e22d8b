package web

import (
	"errors"
	"net/http"
	"net/url"

	"tend/internal/account"
	"tend/internal/httpx"
	"tend/internal/model"
)

type loginPage struct {
	page
	Form form
	Next string
}

func (s *Server) loginForm(w http.ResponseWriter, r *http.Request) error {
	f := newForm()
	s.render(w, r, http.StatusOK, "login", loginPage{page: page{Title: "Sign in", Flash: s.takeFlash(w, r)}, Form: f, Next: safeNext(r.URL.Query().Get("next"))})
	return nil
}

// loginSubmit signs in; wrong email and wrong password get the same message, and the email stays typed.
func (s *Server) loginSubmit(w http.ResponseWriter, r *http.Request) error {
	f := formFrom(r, "email", "password")
	next := safeNext(r.PostFormValue("next"))
	res, err := s.Accounts.Login(r.Context(), f.Get("email"), f.Get("password"), httpx.ClientIP(r), s.Cookies.Token(r), s.Cookies.Device(r))
	if err != nil {
		var te *model.ThrottledError
		status := http.StatusUnprocessableEntity
		switch {
		case errors.Is(err, account.ErrBadCredentials):
			f.Message = "The email or password is incorrect."
			status = http.StatusUnauthorized
		case errors.As(err, &te):
			f.Message = httpx.ThrottleMessage(te)
			status = http.StatusTooManyRequests
		case validation(err, &f):
		default:
			return err
		}
		s.render(w, r, status, "login", loginPage{page: page{Title: "Sign in"}, Form: f, Next: next})
		return nil
	}
	if res.SecondStep { // the old session ended with the password step; the new one starts after the code
		s.Cookies.Clear(w)
		s.Cookies.SetWaiting(w, res.Token)
		http.Redirect(w, r, "/login/two-step?next="+url.QueryEscape(next), http.StatusSeeOther)
		return nil
	}
	s.Cookies.Set(w, res.Token)
	s.Cookies.SetDevice(w, res.Device)
	http.Redirect(w, r, next, http.StatusSeeOther)
	return nil
}

// logout ends the session and returns to the sign-in page.
func (s *Server) logout(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	if err := s.Accounts.Logout(r.Context(), p); err != nil {
		return err
	}
	s.Cookies.Clear(w)
	s.setFlash(w, "You are signed out.")
	http.Redirect(w, r, "/login", http.StatusSeeOther)
	return nil
}
