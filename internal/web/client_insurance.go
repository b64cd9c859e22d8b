package web

import (
	"net/http"

	"tend/internal/clients"
	"tend/internal/model"
)

// A chart's billing settings beside the billing type (CL-4, CL-9, GR-2): the default service, and the
// insurance policies when the billing type is Insurance. Details (a group's Members tab) and the setup
// wizard's billing step show them.

// insuranceBlock is the Insurance panel: the chart's policies and the add or edit form.
type insuranceBlock struct {
	View          clients.InsuranceView
	Form          form
	EditID        string // the policy being edited, or ""
	Return        string // "setup" when shown in the wizard
	Relationships []string
	Priorities    []string
}

// policyFields are the form fields of a policy.
var policyFields = []string{"payer", "member_id", "group_number", "subscriber_name", "subscriber_relationship", "priority", "starts_on", "ends_on"}

// loadBilling fills the page's services (for the default service) and, on an Insurance chart, its
// policies with the insurance form f (nil: a fresh add form).
func (s *Server) loadBilling(r *http.Request, p model.Principal, data *chartPage, f *form, editID, ret string) error {
	all, err := s.Services.List(r.Context(), p, true)
	if err != nil {
		return err
	}
	data.Services, data.DefaultService = nil, nil
	for _, sv := range all {
		if sv.ID == data.C.DefaultServiceID {
			data.DefaultService = &sv
		}
		if !sv.Archived() || sv.ID == data.C.DefaultServiceID {
			data.Services = append(data.Services, sv)
		}
	}
	if data.C.BillingType != model.BillingInsurance && editID == "" && f == nil {
		return nil
	}
	v, err := s.Clients.Insurance(r.Context(), p, data.C.ID)
	if err != nil {
		return err
	}
	b := &insuranceBlock{View: v, Form: newForm(), EditID: editID, Return: ret, Relationships: model.SubscriberRelationships(), Priorities: model.PolicyPriorities()}
	if f != nil {
		b.Form = *f
	}
	data.Insurance = b
	return nil
}

// insuranceBack is where a change of the policies returns to: the wizard's billing step or Details.
func insuranceBack(r *http.Request, c string) string {
	if r.PostFormValue("return") == "setup" || r.URL.Query().Get("return") == "setup" {
		return "/clients/" + c + "/setup/billing#insurance"
	}
	return "/clients/" + c + "?tab=details#insurance"
}

func policyInput(r *http.Request) (model.PolicyInput, form) {
	f := formFrom(r, append(policyFields, "return")...)
	return model.PolicyInput{Payer: f.Get("payer"), MemberID: f.Get("member_id"), GroupNumber: f.Get("group_number"),
		SubscriberName: f.Get("subscriber_name"), SubscriberRelationship: f.Get("subscriber_relationship"), Priority: f.Get("priority"),
		StartsOn: f.Get("starts_on"), EndsOn: f.Get("ends_on")}, f
}

// policyAdd records a policy from the Insurance panel.
func (s *Server) policyAdd(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	in, f := policyInput(r)
	_, err := s.Clients.AddPolicy(r.Context(), p, r.PathValue("id"), in)
	return s.policyResult(w, r, p, err, f, "", "Insurance policy added.")
}

// policyEdit shows a policy's edit form in the Insurance panel.
func (s *Server) policyEdit(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	pol, err := s.Clients.Policy(r.Context(), p, r.PathValue("id"), r.PathValue("policy"))
	if err != nil {
		return err
	}
	f := newForm()
	f.Values = map[string]string{"payer": pol.Payer, "member_id": pol.MemberID, "group_number": pol.GroupNumber, "subscriber_name": pol.SubscriberName,
		"subscriber_relationship": pol.SubscriberRelationship, "priority": pol.Priority, "starts_on": pol.StartsOn, "ends_on": pol.EndsOn,
		"return": r.URL.Query().Get("return")}
	return s.renderInsurance(w, r, p, http.StatusOK, f, pol.ID)
}

// policyUpdate saves a policy's edit form.
func (s *Server) policyUpdate(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	in, f := policyInput(r)
	_, err := s.Clients.UpdatePolicy(r.Context(), p, r.PathValue("id"), r.PathValue("policy"), in)
	return s.policyResult(w, r, p, err, f, r.PathValue("policy"), "Insurance policy saved.")
}

// policyDelete removes a policy.
func (s *Server) policyDelete(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	err := s.Clients.RemovePolicy(r.Context(), p, r.PathValue("id"), r.PathValue("policy"))
	return s.policyResult(w, r, p, err, formFrom(r, "return"), "", "Insurance policy removed.")
}

func (s *Server) policyResult(w http.ResponseWriter, r *http.Request, p model.Principal, err error, f form, editID, done string) error {
	if err == nil {
		s.setFlash(w, done)
		http.Redirect(w, r, insuranceBack(r, r.PathValue("id")), http.StatusSeeOther)
		return nil
	}
	if !validation(err, &f) {
		return err
	}
	return s.renderInsurance(w, r, p, http.StatusUnprocessableEntity, f, editID)
}

// renderInsurance shows the chart's Details (or the wizard's billing step) with the Insurance panel's form.
func (s *Server) renderInsurance(w http.ResponseWriter, r *http.Request, p model.Principal, status int, f form, editID string) error {
	if f.Get("return") == "setup" {
		data, err := s.setupData(w, r, p, "billing", nil)
		if err != nil {
			return err
		}
		if err := s.loadBilling(r, p, &data.chartPage, &f, editID, "setup"); err != nil {
			return err
		}
		s.render(w, r, status, "client_setup", data)
		return nil
	}
	data, err := s.chartData(w, r, p, "insurance", newForm())
	if err != nil {
		return err
	}
	if err := s.loadBilling(r, p, &data, &f, editID, ""); err != nil {
		return err
	}
	s.render(w, r, status, "client_chart", data)
	return nil
}
