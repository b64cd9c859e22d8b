package web

import (
	"net/http"
	"strconv"
	"time"

	"tend/internal/model"
)

type settingsPage struct{ page }

// settingsIndex lists the settings the person may open.
func (s *Server) settingsIndex(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	pg, err := s.base(w, r, p, "Settings", "settings")
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "settings", settingsPage{pg})
	return nil
}

type practicePage struct {
	page
	Form      form
	TimeZones []string
	BaseURL   string // for the practice's portal address
}

func practiceForm(pr model.Practice) form {
	f := newForm()
	f.Values["name"] = pr.Name
	f.Values["time_zone"] = pr.TimeZone
	f.Values["idle_timeout_minutes"] = strconv.Itoa(int(pr.IdleTimeout / time.Minute))
	if pr.CliniciansSeeAll {
		f.Values["clinicians_see_all"] = "on"
	}
	if pr.SelfRegistration {
		f.Values["portal_self_registration"] = "on"
	}
	if pr.IntakeAsksLegalSex {
		f.Values["intake_asks_legal_sex"] = "on"
	}
	if pr.RequireTwoStep {
		f.Values["require_two_step"] = "on"
	}
	if pr.IntakeConfirmsOnFile {
		f.Values["intake_confirms_on_file"] = "on"
	}
	return f
}

// practiceForm shows the practice settings (owner and admin).
func (s *Server) practiceForm(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	if !s.Accounts.Capabilities(p).ChangePractice {
		return model.ErrForbidden
	}
	pg, err := s.base(w, r, p, "Practice settings", "settings")
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "practice", practicePage{page: pg, Form: practiceForm(pg.Practice), TimeZones: commonTimeZones, BaseURL: s.Accounts.BaseURL})
	return nil
}

// practiceSubmit saves the practice settings.
func (s *Server) practiceSubmit(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	f := formFrom(r, "name", "time_zone", "idle_timeout_minutes", "clinicians_see_all", "portal_self_registration", "intake_asks_legal_sex",
		"require_two_step", "intake_confirms_on_file")
	idle, err := strconv.Atoi(f.Get("idle_timeout_minutes"))
	if err != nil {
		idle = -1 // refused by validation with the range message
	}
	name, tz, seeAll, selfReg := f.Get("name"), f.Get("time_zone"), f.Get("clinicians_see_all") == "on", f.Get("portal_self_registration") == "on"
	legalSex, twoStep := f.Get("intake_asks_legal_sex") == "on", f.Get("require_two_step") == "on"
	ch := model.PracticeSettingsChange{
		Name: &name, TimeZone: &tz, IdleTimeoutMinutes: &idle, CliniciansSeeAll: &seeAll, SelfRegistration: &selfReg,
		IntakeAsksLegalSex: &legalSex, RequireTwoStep: &twoStep,
	}
	confirmOnFile := f.Get("intake_confirms_on_file") == "on"
	ch.IntakeConfirmsOnFile = &confirmOnFile
	_, err = s.Accounts.ChangePracticeSettings(r.Context(), p, ch)
	if err != nil {
		if !validation(err, &f) {
			return err
		}
		pg, err := s.base(w, r, p, "Practice settings", "settings")
		if err != nil {
			return err
		}
		s.render(w, r, http.StatusUnprocessableEntity, "practice", practicePage{page: pg, Form: f, TimeZones: commonTimeZones, BaseURL: s.Accounts.BaseURL})
		return nil
	}
	s.setFlash(w, "Practice settings saved.")
	http.Redirect(w, r, "/settings/practice", http.StatusSeeOther)
	return nil
}
