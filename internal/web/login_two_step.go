package web

import (
	"errors"
	"net/http"

	"tend/internal/account"
	"tend/internal/httpx"
	"tend/internal/model"
)

// loginTwoStepForm asks a person who passed the password for the code from their authenticator app.
// Only the browser that passed the password sees it; others start again at /login.
func (s *Server) loginTwoStepForm(w http.ResponseWriter, r *http.Request) error {
	if err := s.Accounts.SecondStepWaiting(r.Context(), s.Cookies.WaitingToken(r)); err != nil {
		return s.signInAgain(w, r, err)
	}
	s.render(w, r, http.StatusOK, "login_two_step", loginPage{page: page{Title: "Two-step sign-in", Flash: s.takeFlash(w, r)},
		Form: newForm(), Next: safeNext(r.URL.Query().Get("next"))})
	return nil
}

// loginTwoStepSubmit checks the code and, when it is right, starts the session under a new id.
func (s *Server) loginTwoStepSubmit(w http.ResponseWriter, r *http.Request) error {
	f := formFrom(r, "code")
	next := safeNext(r.PostFormValue("next"))
	res, err := s.Accounts.VerifySecondStep(r.Context(), s.Cookies.WaitingToken(r), f.Get("code"), httpx.ClientIP(r), s.Cookies.Token(r), s.Cookies.Device(r))
	if err != nil {
		var te *model.ThrottledError
		status := http.StatusUnprocessableEntity
		switch {
		case errors.Is(err, account.ErrSignInExpired):
			return s.signInAgain(w, r, err)
		case errors.As(err, &te):
			f.Message = account.TwoStepThrottleMessage(te)
			status = http.StatusTooManyRequests
		case validation(err, &f):
			f.Values["code"] = "" // a code is typed afresh, like a password
		default:
			return err
		}
		s.render(w, r, status, "login_two_step", loginPage{page: page{Title: "Two-step sign-in"}, Form: f, Next: next})
		return nil
	}
	s.Cookies.ClearWaiting(w)
	s.Cookies.Set(w, res.Token)
	s.Cookies.SetDevice(w, res.Device)
	http.Redirect(w, r, next, http.StatusSeeOther)
	return nil
}

// signInAgain sends a browser whose waiting sign-in ended back to the password.
func (s *Server) signInAgain(w http.ResponseWriter, r *http.Request, err error) error {
	if !errors.Is(err, account.ErrSignInExpired) {
		return err
	}
	s.Cookies.ClearWaiting(w)
	s.setFlash(w, "Sign in again: the code was not entered within five minutes.")
	http.Redirect(w, r, "/login", http.StatusSeeOther)
	return nil
}
