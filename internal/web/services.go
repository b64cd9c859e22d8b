package web

import (
	"net/http"
	"strconv"
	"strings"

	"tend/internal/model"
	"tend/internal/services"
)

// Settings → Services (issue 16): the practice's services, with their codes, lengths and rates.

type servicesPage struct {
	page
	Services     []model.Service
	ShowArchived bool
	CanManage    bool
	Form         form   // the add form, or the edit form of EditID
	EditID       string // the service being edited, or ""
}

// serviceFields are the form fields of a service.
var serviceFields = []string{"name", "code", "duration_minutes", "rate", "group"}

func (s *Server) servicesData(w http.ResponseWriter, r *http.Request, p model.Principal, f form, editID string) (servicesPage, error) {
	pg, err := s.base(w, r, p, "Services", "settings")
	if err != nil {
		return servicesPage{}, err
	}
	data := servicesPage{page: pg, Form: f, EditID: editID, CanManage: services.CapsOf(p).Manage,
		ShowArchived: r.URL.Query().Get("archived") == "1" || editID != ""}
	data.Services, err = s.Services.List(r.Context(), p, data.ShowArchived)
	return data, err
}

// serviceList shows Settings → Services.
func (s *Server) serviceList(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	data, err := s.servicesData(w, r, p, newForm(), "")
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "services", data)
	return nil
}

// serviceInput reads the form into a service change; the rate is parsed to cents without floats.
func serviceInput(r *http.Request) (model.ServiceInput, form) {
	f := formFrom(r, serviceFields...)
	name, code, rate := f.Get("name"), f.Get("code"), f.Get("rate")
	dur, err := strconv.Atoi(strings.TrimSpace(f.Get("duration_minutes")))
	if err != nil {
		dur = 0 // refused with the duration's message
	}
	group := f.Get("group") == "on"
	return model.ServiceInput{Name: &name, Code: &code, DurationMinutes: &dur, RateText: &rate, Group: &group}, f
}

// serviceCreate adds a service.
func (s *Server) serviceCreate(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	in, f := serviceInput(r)
	_, err := s.Services.Create(r.Context(), p, in)
	return s.serviceResult(w, r, p, err, f, "", "Service added.")
}

// serviceEdit shows a service's edit form.
func (s *Server) serviceEdit(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	if !services.CapsOf(p).Manage {
		return model.ErrForbidden
	}
	sv, err := s.Services.Get(r.Context(), p, r.PathValue("id"))
	if err != nil {
		return err
	}
	f := newForm()
	f.Values = map[string]string{"name": sv.Name, "code": sv.Code, "duration_minutes": strconv.Itoa(sv.DurationMinutes), "rate": model.MoneyPlain(sv.RateCents)}
	if sv.Group {
		f.Values["group"] = "on"
	}
	data, err := s.servicesData(w, r, p, f, sv.ID)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "services", data)
	return nil
}

// serviceUpdate saves a service's edit form.
func (s *Server) serviceUpdate(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	in, f := serviceInput(r)
	_, err := s.Services.Update(r.Context(), p, r.PathValue("id"), in)
	return s.serviceResult(w, r, p, err, f, r.PathValue("id"), "Service saved.")
}

// serviceArchive archives (or, with restore, restores) a service.
func (s *Server) serviceArchive(archived bool) func(http.ResponseWriter, *http.Request, model.Principal) error {
	return func(w http.ResponseWriter, r *http.Request, p model.Principal) error {
		_, err := s.Services.SetArchived(r.Context(), p, r.PathValue("id"), archived)
		msg := "Service restored."
		if archived {
			msg = "Service archived. It stays on the charts and appointments that use it."
		}
		return s.serviceResult(w, r, p, err, newForm(), "", msg)
	}
}

// serviceResult goes back to the list after a change, or shows the form again with its messages.
func (s *Server) serviceResult(w http.ResponseWriter, r *http.Request, p model.Principal, err error, f form, editID, done string) error {
	if err == nil {
		s.setFlash(w, done)
		http.Redirect(w, r, "/settings/services", http.StatusSeeOther)
		return nil
	}
	if !validation(err, &f) {
		return err
	}
	data, err := s.servicesData(w, r, p, f, editID)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusUnprocessableEntity, "services", data)
	return nil
}
