package api

import (
	"net/http"
	"time"

	"tend/internal/model"
	"tend/internal/services"
)

// Services (issue 16): what the practice's sessions are booked and billed as. Rates are integer cents.

type serviceJSON struct {
	ID              string     `json:"id"`
	Name            string     `json:"name"`
	Code            string     `json:"code"`
	DurationMinutes int        `json:"duration_minutes"`
	RateCents       int64      `json:"rate_cents"`
	Group           bool       `json:"group"`
	Archived        bool       `json:"archived"`
	ArchivedAt      *time.Time `json:"archived_at"`
	CreatedAt       time.Time  `json:"created_at"`
	UpdatedAt       time.Time  `json:"updated_at"`
}

func toService(sv model.Service) serviceJSON {
	return serviceJSON{ID: sv.ID, Name: sv.Name, Code: sv.Code, DurationMinutes: sv.DurationMinutes, RateCents: sv.RateCents, Group: sv.Group,
		Archived: sv.Archived(), ArchivedAt: timePtr(sv.ArchivedAt), CreatedAt: sv.CreatedAt, UpdatedAt: sv.UpdatedAt}
}

// serviceRequest is the body of creating or changing a service; absent fields stay as they are.
type serviceRequest struct {
	Name            *string `json:"name"`
	Code            *string `json:"code"`
	DurationMinutes *int    `json:"duration_minutes"`
	RateCents       *int64  `json:"rate_cents"`
	Group           *bool   `json:"group"`
	Archived        *bool   `json:"archived"`
}

func (in serviceRequest) input() model.ServiceInput {
	return model.ServiceInput{Name: in.Name, Code: in.Code, DurationMinutes: in.DurationMinutes, RateCents: in.RateCents, Group: in.Group,
		Archived: in.Archived}
}

type serviceList struct {
	Items     []serviceJSON `json:"items"`
	CanManage bool          `json:"can_manage"`
}

// listServices lists the practice's services; ?archived=true includes the archived ones.
func (s *Server) listServices(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	archived := r.URL.Query().Get("archived")
	if archived != "" && archived != "true" && archived != "false" {
		return model.FieldError("archived", "Use archived=true or archived=false.")
	}
	list, err := s.Services.List(r.Context(), p, archived == "true")
	if err != nil {
		return err
	}
	out := serviceList{Items: make([]serviceJSON, 0, len(list)), CanManage: services.CapsOf(p).Manage}
	for _, sv := range list {
		out.Items = append(out.Items, toService(sv))
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

func (s *Server) createService(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	var in serviceRequest
	if err := decode(w, r, &in); err != nil {
		return err
	}
	if in.Archived != nil {
		return model.FieldError("archived", "Create the service first, then archive it with PATCH.")
	}
	sv, err := s.Services.Create(r.Context(), p, in.input())
	if err != nil {
		return err
	}
	w.Header().Set("Location", "/api/v1/services/"+sv.ID)
	writeJSON(w, http.StatusCreated, toService(sv))
	return nil
}

func (s *Server) getService(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	sv, err := s.Services.Get(r.Context(), p, r.PathValue("id"))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, toService(sv))
	return nil
}

// updateService changes a service's fields, and archives or restores it with archived.
func (s *Server) updateService(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	var in serviceRequest
	if err := decode(w, r, &in); err != nil {
		return err
	}
	sv, err := s.Services.Update(r.Context(), p, r.PathValue("id"), in.input())
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, toService(sv))
	return nil
}
