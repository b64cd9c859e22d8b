package api

import (
	"net/http"
	"time"

	"tend/internal/model"
)

// practice returns the signed-in person's practice and its settings.
func (s *Server) practice(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	pr, err := s.Accounts.Practice(r.Context(), p)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, toPractice(pr))
	return nil
}

type practicePatchRequest struct {
	Name               *string `json:"name"`
	TimeZone           *string `json:"time_zone"`
	IdleTimeoutMinutes *int    `json:"idle_timeout_minutes"`
	CliniciansSeeAll   *bool   `json:"clinicians_see_all"`
}

// updatePractice changes practice settings; absent fields stay as they are.
func (s *Server) updatePractice(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	var in practicePatchRequest
	if err := decode(w, r, &in); err != nil {
		return err
	}
	if !p.Role.ManagesPractice() {
		return model.ErrForbidden
	}
	cur, err := s.Accounts.Practice(r.Context(), p)
	if err != nil {
		return err
	}
	set := model.PracticeSettings{Name: cur.Name, TimeZone: cur.TimeZone, IdleTimeoutMinutes: int(cur.IdleTimeout / time.Minute), CliniciansSeeAll: cur.CliniciansSeeAll}
	if in.Name != nil {
		set.Name = *in.Name
	}
	if in.TimeZone != nil {
		set.TimeZone = *in.TimeZone
	}
	if in.IdleTimeoutMinutes != nil {
		set.IdleTimeoutMinutes = *in.IdleTimeoutMinutes
	}
	if in.CliniciansSeeAll != nil {
		set.CliniciansSeeAll = *in.CliniciansSeeAll
	}
	pr, err := s.Accounts.UpdatePracticeSettings(r.Context(), p, set)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, toPractice(pr))
	return nil
}
