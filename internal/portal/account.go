package portal

import (
	"net/http"

	"tend/internal/httpx"
	"tend/internal/model"
)

// accountPage is the person's own account: password and email.
type accountPage struct {
	page
	PasswordForm httpx.Form
	EmailForm    httpx.Form
	EmailSent    string
}

func (s *Server) accountForm(w http.ResponseWriter, r *http.Request, pp model.PortalPrincipal) error {
	pg := accountPage{page: page{Title: "Your account", User: &pp}, PasswordForm: httpx.NewForm(), EmailForm: httpx.NewForm()}
	if r.URL.Query().Get("saved") != "" {
		pg.Notice = "Your password is changed. Other devices were signed out."
	}
	s.render(w, r, http.StatusOK, "account", pg)
	return nil
}

// accountPassword changes the password.
func (s *Server) accountPassword(w http.ResponseWriter, r *http.Request, pp model.PortalPrincipal) error {
	pg := accountPage{page: page{Title: "Your account", User: &pp}, PasswordForm: httpx.NewForm(), EmailForm: httpx.NewForm()}
	next := r.PostFormValue("new_password")
	if next != r.PostFormValue("new_password_again") {
		pg.PasswordForm.Errors["new_password_again"] = "The two passwords are not the same. Type the same password twice."
		s.render(w, r, http.StatusUnprocessableEntity, "account", pg)
		return nil
	}
	if err := s.Portal.ChangePassword(r.Context(), pp, r.PostFormValue("current_password"), next); err != nil {
		if !pg.PasswordForm.Absorb(err) {
			return err
		}
		s.render(w, r, http.StatusUnprocessableEntity, "account", pg)
		return nil
	}
	http.Redirect(w, r, "/portal/account?saved=1", http.StatusSeeOther)
	return nil
}

// accountEmail asks for an email change; a link goes to the new address.
func (s *Server) accountEmail(w http.ResponseWriter, r *http.Request, pp model.PortalPrincipal) error {
	pg := accountPage{page: page{Title: "Your account", User: &pp}, PasswordForm: httpx.NewForm(), EmailForm: httpx.FormFrom(r, "email")}
	// The field has its own name: the password form on the same page has a current_password too.
	if err := s.Portal.RequestEmailChange(r.Context(), pp, r.PostFormValue("email_current_password"), pg.EmailForm.Get("email")); err != nil {
		if !pg.EmailForm.Absorb(err) {
			return err
		}
		if msg, ok := pg.EmailForm.Errors["current_password"]; ok {
			pg.EmailForm.Errors["email_current_password"] = msg
		}
		s.render(w, r, http.StatusUnprocessableEntity, "account", pg)
		return nil
	}
	pg.EmailSent = pg.EmailForm.Get("email")
	pg.EmailForm = httpx.NewForm()
	s.render(w, r, http.StatusOK, "account", pg)
	return nil
}

// emailConfirmForm asks the person to confirm the change a link carries (a GET changes nothing).
func (s *Server) emailConfirmForm(w http.ResponseWriter, r *http.Request) error {
	s.render(w, r, http.StatusOK, "email_confirm", resetPage{page: page{Title: "Confirm your new email", Form: httpx.NewForm()},
		Token: r.URL.Query().Get("t")})
	return nil
}

// emailConfirm makes the change and sends the person to sign in with the new address.
func (s *Server) emailConfirm(w http.ResponseWriter, r *http.Request) error {
	pg := resetPage{page: page{Title: "Confirm your new email", Form: httpx.NewForm()}, Token: r.PostFormValue("token")}
	if _, err := s.Portal.ConfirmEmailChange(r.Context(), pg.Token, httpx.ClientIP(r)); err != nil {
		if !pg.Form.Absorb(err) {
			return err
		}
		pg.BadLink = pg.Form.Errors["token"]
		if pg.BadLink == "" {
			pg.BadLink = pg.Form.Errors["email"]
		}
		s.render(w, r, http.StatusGone, "email_confirm", pg)
		return nil
	}
	s.Cookies.Clear(w)
	http.Redirect(w, r, "/portal/login?email=1", http.StatusSeeOther)
	return nil
}
