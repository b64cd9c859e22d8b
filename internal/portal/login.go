package portal

import (
	"errors"
	"fmt"
	"net/http"

	"tend/internal/account"
	"tend/internal/httpx"
	"tend/internal/model"
)

// loginForm shows the portal's sign-in.
func (s *Server) loginForm(w http.ResponseWriter, r *http.Request) error {
	pg := page{Title: "Sign in", Form: httpx.NewForm()}
	switch {
	case r.URL.Query().Get("ended") != "":
		pg.Notice = "You were signed out. Sign in again to continue."
	case r.URL.Query().Get("reset") != "":
		pg.Notice = "Your password is changed. Sign in with it now."
	case r.URL.Query().Get("email") != "":
		pg.Notice = "Your email is changed. Sign in with the new address."
	}
	s.render(w, r, http.StatusOK, "login", pg)
	return nil
}

// loginSubmit signs the person in and opens the portal home.
func (s *Server) loginSubmit(w http.ResponseWriter, r *http.Request) error {
	f := httpx.FormFrom(r, "email")
	res, err := s.Portal.Login(r.Context(), f.Get("email"), r.PostFormValue("password"), httpx.ClientIP(r), s.Cookies.Token(r), s.Cookies.Device(r))
	var throttled *model.ThrottledError
	switch {
	case errors.As(err, &throttled):
		f.Message = fmt.Sprintf("Too many attempts for this email. Wait %d minutes and try again, or reset your password.", throttled.Minutes())
	case errors.Is(err, account.ErrBadCredentials):
		f.Message = "The email or password is not right. Check both and try again."
	case err != nil && !f.Absorb(err):
		return err
	}
	if err != nil {
		s.render(w, r, http.StatusUnprocessableEntity, "login", page{Title: "Sign in", Form: f})
		return nil
	}
	s.Cookies.Set(w, res.Token)
	s.Cookies.SetDevice(w, res.Device)
	http.Redirect(w, r, "/portal", http.StatusSeeOther)
	return nil
}

// logout ends the portal session.
func (s *Server) logout(w http.ResponseWriter, r *http.Request, pp model.PortalPrincipal) error {
	if err := s.Portal.Logout(r.Context(), pp); err != nil {
		return err
	}
	s.Cookies.Clear(w)
	http.Redirect(w, r, "/portal/login", http.StatusSeeOther)
	return nil
}
