package web

import (
	"errors"
	"net/http"

	"tend/internal/account"
	"tend/internal/httpx"
)

type setupPage struct {
	page
	Form      form
	TimeZones []string
}

// commonTimeZones is offered as suggestions; any IANA zone name is accepted.
var commonTimeZones = []string{
	"America/New_York", "America/Chicago", "America/Denver", "America/Phoenix", "America/Los_Angeles",
	"America/Anchorage", "Pacific/Honolulu", "America/Toronto", "America/Vancouver", "America/Halifax",
	"America/St_Johns", "America/Mexico_City", "America/Sao_Paulo", "America/Argentina/Buenos_Aires",
	"Europe/London", "Europe/Dublin", "Europe/Lisbon", "Europe/Paris", "Europe/Berlin", "Europe/Amsterdam",
	"Europe/Madrid", "Europe/Rome", "Europe/Stockholm", "Europe/Warsaw", "Europe/Athens", "Europe/Helsinki",
	"Africa/Johannesburg", "Africa/Lagos", "Africa/Nairobi", "Asia/Jerusalem", "Asia/Dubai", "Asia/Kolkata",
	"Asia/Singapore", "Asia/Hong_Kong", "Asia/Tokyo", "Australia/Perth", "Australia/Adelaide",
	"Australia/Brisbane", "Australia/Sydney", "Australia/Melbourne", "Pacific/Auckland", "UTC",
}

var setupFields = []string{"practice_name", "time_zone", "name", "email", "password"}

func (s *Server) setupForm(w http.ResponseWriter, r *http.Request) error {
	s.render(w, r, http.StatusOK, "setup", setupPage{page: page{Title: "Set up Tend"}, Form: newForm(), TimeZones: commonTimeZones})
	return nil
}

// setupSubmit creates the practice and its owner, then signs the owner in.
func (s *Server) setupSubmit(w http.ResponseWriter, r *http.Request) error {
	f := formFrom(r, setupFields...)
	in := account.PracticeInput{
		PracticeName: f.Get("practice_name"), TimeZone: f.Get("time_zone"),
		OwnerName: f.Get("name"), OwnerEmail: f.Get("email"), Password: f.Get("password"),
	}
	_, owner, err := s.Accounts.Setup(r.Context(), in, httpx.ClientIP(r))
	if errors.Is(err, account.ErrAlreadySetUp) {
		s.setupDone.Store(true)
		http.Redirect(w, r, "/login", http.StatusSeeOther)
		return nil
	}
	if err != nil {
		if validation(err, &f) {
			s.render(w, r, http.StatusUnprocessableEntity, "setup", setupPage{page: page{Title: "Set up Tend"}, Form: f, TimeZones: commonTimeZones})
			return nil
		}
		return err
	}
	s.setupDone.Store(true)
	res, err := s.Accounts.Login(r.Context(), owner.Email, in.Password, httpx.ClientIP(r), s.Cookies.Token(r), s.Cookies.Device(r))
	if err != nil {
		return err
	}
	s.Cookies.Set(w, res.Token)
	s.Cookies.SetDevice(w, res.Device)
	s.setFlash(w, "Your practice is ready. Next, add your colleagues under Settings → Staff.")
	http.Redirect(w, r, "/", http.StatusSeeOther)
	return nil
}
