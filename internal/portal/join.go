package portal

import (
	"net/http"

	"tend/internal/clientportal"
	"tend/internal/httpx"
	"tend/internal/model"
)

// joinPage is the practice's own portal address, where people register on their own (ST-2).
type joinPage struct {
	page
	Practice model.Practice
	Token    string
	Email    string
	Sent     bool
	BadLink  string
}

// joinForm asks for the email to register with; a practice that takes no registrations is not found.
func (s *Server) joinForm(w http.ResponseWriter, r *http.Request) error {
	pr, err := s.Portal.JoinPractice(r.Context(), r.PathValue("slug"))
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "join", joinPage{page: page{Title: "Register", Form: httpx.NewForm()}, Practice: pr})
	return nil
}

// joinSubmit sends the link that proves the email; the answer does not say whether it has an account.
func (s *Server) joinSubmit(w http.ResponseWriter, r *http.Request) error {
	f := httpx.FormFrom(r, "email")
	pr, err := s.Portal.JoinPractice(r.Context(), r.PathValue("slug"))
	if err != nil {
		return err
	}
	pg := joinPage{page: page{Title: "Register", Form: f}, Practice: pr}
	if err := s.Portal.RequestRegistration(r.Context(), pr.Slug, f.Get("email"), httpx.ClientIP(r)); err != nil {
		if !pg.Form.Absorb(err) {
			return err
		}
		s.render(w, r, http.StatusUnprocessableEntity, "join", pg)
		return nil
	}
	pg.Sent, pg.Title = true, "Check your email"
	s.render(w, r, http.StatusOK, "join", pg)
	return nil
}

// joinCompleteForm asks for the name and password, once the link proved the email.
func (s *Server) joinCompleteForm(w http.ResponseWriter, r *http.Request) error {
	token := r.URL.Query().Get("t")
	j, err := s.Portal.CheckRegistration(r.Context(), r.PathValue("slug"), token)
	pg := joinPage{page: page{Title: "Finish registering", Form: httpx.NewForm()}, Practice: j.Practice, Token: token, Email: j.Email}
	if err != nil {
		if !pg.Form.Absorb(err) {
			return err
		}
		pg.BadLink = pg.Form.Errors["token"]
		s.render(w, r, http.StatusGone, "join_complete", pg)
		return nil
	}
	s.render(w, r, http.StatusOK, "join_complete", pg)
	return nil
}

// joinCompleteSubmit creates the account and opens the portal.
func (s *Server) joinCompleteSubmit(w http.ResponseWriter, r *http.Request) error {
	token := r.PostFormValue("token")
	f := httpx.FormFrom(r, "first_name", "last_name")
	j, err := s.Portal.CheckRegistration(r.Context(), r.PathValue("slug"), token)
	pg := joinPage{page: page{Title: "Finish registering", Form: f}, Practice: j.Practice, Token: token, Email: j.Email}
	var res clientportal.JoinResult
	switch {
	case err != nil:
	case r.PostFormValue("password") != r.PostFormValue("password_again"):
		pg.Form.Errors["password_again"] = "The two passwords are not the same. Type the same password twice."
		pg.Form.Message = "Some fields need attention. Look for the messages below."
	default:
		res, err = s.Portal.CompleteRegistration(r.Context(), r.PathValue("slug"), token, f.Get("first_name"), f.Get("last_name"),
			r.PostFormValue("password"), httpx.ClientIP(r), s.Cookies.Token(r))
		if err == nil {
			s.Cookies.Set(w, res.Token)
			http.Redirect(w, r, "/portal", http.StatusSeeOther)
			return nil
		}
	}
	if err != nil && !pg.Form.Absorb(err) {
		return err
	}
	status := http.StatusUnprocessableEntity
	if pg.BadLink = pg.Form.Errors["token"]; pg.BadLink == "" {
		pg.BadLink = pg.Form.Errors["email"]
	}
	if pg.BadLink != "" {
		status = http.StatusGone
	}
	s.render(w, r, status, "join_complete", pg)
	return nil
}
