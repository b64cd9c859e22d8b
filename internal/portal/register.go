package portal

import (
	"net/http"

	"tend/internal/clientportal"
	"tend/internal/httpx"
)

// registerPage is the registration through an invitation link.
type registerPage struct {
	page
	Token   string
	Invite  clientportal.Invite
	BadLink string // why the link cannot be used, with what to do instead
}

// registerForm shows who is invited where, or a page that says why the link does not work.
func (s *Server) registerForm(w http.ResponseWriter, r *http.Request) error {
	token := r.URL.Query().Get("t")
	inv, err := s.Portal.CheckInvitation(r.Context(), token)
	pg := registerPage{page: page{Title: "Create your account", Form: httpx.NewForm()}, Token: token, Invite: inv}
	if err != nil {
		if !pg.Form.Absorb(err) {
			return err
		}
		pg.BadLink, pg.Title = pg.Form.Errors["token"], "This link does not work"
		s.render(w, r, http.StatusGone, "register", pg)
		return nil
	}
	s.render(w, r, http.StatusOK, "register", pg)
	return nil
}

// registerSubmit creates the account and opens the portal.
func (s *Server) registerSubmit(w http.ResponseWriter, r *http.Request) error {
	token := r.PostFormValue("token")
	pw := r.PostFormValue("password")
	pg := registerPage{page: page{Title: "Create your account", Form: httpx.NewForm()}, Token: token}
	if pw != r.PostFormValue("password_again") {
		pg.Form.Errors["password_again"] = "The two passwords are not the same. Type the same password twice."
		pg.Form.Message = "Some fields need attention. Look for the messages below."
	} else {
		res, err := s.Portal.Register(r.Context(), token, pw, httpx.ClientIP(r), s.Cookies.Token(r))
		if err == nil {
			s.Cookies.Set(w, res.Token)
			http.Redirect(w, r, "/portal", http.StatusSeeOther)
			return nil
		}
		if !pg.Form.Absorb(err) {
			return err
		}
	}
	if msg := pg.Form.Errors["email"]; msg != "" { // the email has an account: the invitation became a request
		pg.BadLink, pg.Title = msg, "Sign in to connect"
		s.render(w, r, http.StatusConflict, "register", pg)
		return nil
	}
	if msg := pg.Form.Errors["token"]; msg != "" {
		pg.BadLink, pg.Title = msg, "This link does not work"
		s.render(w, r, http.StatusGone, "register", pg)
		return nil
	}
	inv, err := s.Portal.CheckInvitation(r.Context(), token)
	if err != nil && !pg.Form.Absorb(err) {
		return err
	}
	pg.Invite, pg.BadLink = inv, pg.Form.Errors["token"]
	s.render(w, r, http.StatusUnprocessableEntity, "register", pg)
	return nil
}
