package api

import (
	"net/http"
	"time"

	"tend/internal/clients"
	"tend/internal/model"
)

// Insurance policies of a chart (CL-9, GR-2): the client's, or on a couple or family chart the
// identified patient's.

type policyJSON struct {
	ID                     string    `json:"id"`
	ClientID               string    `json:"client_id"`
	PersonID               string    `json:"person_id"`
	PersonName             string    `json:"person_name"`
	InUse                  bool      `json:"in_use"`
	Payer                  string    `json:"payer"`
	MemberID               string    `json:"member_id"`
	GroupNumber            string    `json:"group_number"`
	SubscriberName         string    `json:"subscriber_name"`
	SubscriberRelationship string    `json:"subscriber_relationship"`
	Priority               string    `json:"priority"`
	StartsOn               string    `json:"starts_on"`
	EndsOn                 string    `json:"ends_on"`
	CreatedAt              time.Time `json:"created_at"`
	UpdatedAt              time.Time `json:"updated_at"`
}

func toPolicy(p clients.PolicyView) policyJSON {
	return policyJSON{ID: p.ID, ClientID: p.ChartID, PersonID: p.PersonID, PersonName: p.PersonName, InUse: p.InUse, Payer: p.Payer,
		MemberID: p.MemberID, GroupNumber: p.GroupNumber, SubscriberName: p.SubscriberName, SubscriberRelationship: p.SubscriberRelationship,
		Priority: p.Priority, StartsOn: p.StartsOn, EndsOn: p.EndsOn, CreatedAt: p.CreatedAt, UpdatedAt: p.UpdatedAt}
}

type insuranceJSON struct {
	Items []policyJSON `json:"items"`
	// PersonID is whose policies new ones are: the client, or a group's identified patient (null when the
	// group has none yet).
	PersonID  *string `json:"person_id"`
	CanChange bool    `json:"can_change"`
}

type policyRequest struct {
	Payer                  string `json:"payer"`
	MemberID               string `json:"member_id"`
	GroupNumber            string `json:"group_number"`
	SubscriberName         string `json:"subscriber_name"`
	SubscriberRelationship string `json:"subscriber_relationship"`
	Priority               string `json:"priority"`
	StartsOn               string `json:"starts_on"`
	EndsOn                 string `json:"ends_on"`
}

func (in policyRequest) input() model.PolicyInput {
	return model.PolicyInput{Payer: in.Payer, MemberID: in.MemberID, GroupNumber: in.GroupNumber, SubscriberName: in.SubscriberName,
		SubscriberRelationship: in.SubscriberRelationship, Priority: in.Priority, StartsOn: in.StartsOn, EndsOn: in.EndsOn}
}

func (s *Server) listInsurance(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	v, err := s.Clients.Insurance(r.Context(), p, r.PathValue("id"))
	if err != nil {
		return err
	}
	out := insuranceJSON{Items: make([]policyJSON, 0, len(v.Policies)), PersonID: optional(v.PersonID), CanChange: v.CanChange}
	for _, pol := range v.Policies {
		out.Items = append(out.Items, toPolicy(pol))
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

// writePolicy answers with the stored policy as the chart's list shows it.
func (s *Server) writePolicy(w http.ResponseWriter, r *http.Request, p model.Principal, status int, policyID string) error {
	pol, err := s.Clients.Policy(r.Context(), p, r.PathValue("id"), policyID)
	if err != nil {
		return err
	}
	writeJSON(w, status, toPolicy(pol))
	return nil
}

func (s *Server) addInsurance(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	var in policyRequest
	if err := decode(w, r, &in); err != nil {
		return err
	}
	pol, err := s.Clients.AddPolicy(r.Context(), p, r.PathValue("id"), in.input())
	if err != nil {
		return err
	}
	w.Header().Set("Location", "/api/v1/clients/"+pol.ChartID+"/insurance/"+pol.ID)
	return s.writePolicy(w, r, p, http.StatusCreated, pol.ID)
}

func (s *Server) updateInsurance(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	var in policyRequest
	if err := decode(w, r, &in); err != nil {
		return err
	}
	pol, err := s.Clients.UpdatePolicy(r.Context(), p, r.PathValue("id"), r.PathValue("policy"), in.input())
	if err != nil {
		return err
	}
	return s.writePolicy(w, r, p, http.StatusOK, pol.ID)
}

func (s *Server) removeInsurance(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	if err := s.Clients.RemovePolicy(r.Context(), p, r.PathValue("id"), r.PathValue("policy")); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}
