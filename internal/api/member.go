package api

import (
	"fmt"
	"net/http"

	"tend/internal/clients"
	"tend/internal/model"
)

// memberJSON is a member of a group chart (GR-2, GR-4).
type memberJSON struct {
	ClientID          string `json:"client_id"`
	FirstName         string `json:"first_name"`
	LastName          string `json:"last_name"`
	Pronouns          string `json:"pronouns"`
	Status            string `json:"status"`
	IdentifiedPatient bool   `json:"identified_patient"`
	BillingContact    bool   `json:"billing_contact"`
	ReceivesReminders bool   `json:"receives_reminders"`
	ReceivesBridging  bool   `json:"receives_bridging"`
}

// toMember shows a member; one whose own chart the caller may not open shows only their name.
func toMember(m model.Member, canOpen bool) memberJSON {
	c := m.Client
	out := memberJSON{c.ID, c.FirstName, c.LastName, c.Pronouns, string(c.Status()), m.IdentifiedPatient, m.BillingContact, m.Reminders, m.Bridging}
	if !canOpen {
		out.Pronouns, out.Status = "", ""
	}
	return out
}

// memberRequest adds a member: client_id for an existing client, or a new client's names. Reminders
// and questionnaires default to on. On PATCH, absent fields stay as they are.
type memberRequest struct {
	ClientID             *string `json:"client_id"`
	FirstName            *string `json:"first_name"`
	LastName             *string `json:"last_name"`
	Email                *string `json:"email"`
	Phone                *string `json:"phone"`
	IdentifiedPatient    *bool   `json:"identified_patient"`
	BillingContact       *bool   `json:"billing_contact"`
	ReceivesReminders    *bool   `json:"receives_reminders"`
	ReceivesBridging     *bool   `json:"receives_bridging"`
	ConfirmDistinctEmail bool    `json:"confirm_distinct_email"` // go ahead with an email that looks like another record's
}

// input reads a member to add; prefix names the fields in problems ("members.0.").
func (in memberRequest) input(prefix string, problems model.Problems) model.MemberInput {
	on := func(v *bool) bool { return v == nil || *v }
	out := model.MemberInput{ClientID: val(in.ClientID), IdentifiedPatient: val(in.IdentifiedPatient), BillingContact: val(in.BillingContact),
		Reminders: on(in.ReceivesReminders), Bridging: on(in.ReceivesBridging),
		New: model.NewPerson{FirstName: val(in.FirstName), LastName: val(in.LastName), Email: val(in.Email), Phone: val(in.Phone),
			ConfirmDistinctEmail: in.ConfirmDistinctEmail}}
	if out.ClientID != "" && (in.FirstName != nil || in.LastName != nil || in.Email != nil || in.Phone != nil) {
		problems.Add(prefix+"client_id", "Give either client_id for an existing client or the names of a new one, not both.")
	}
	return out
}

// listMembers lists a group chart's members.
func (s *Server) listMembers(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	ms, err := s.Clients.Members(r.Context(), p, r.PathValue("id"))
	if err != nil {
		return err
	}
	out := items[memberJSON]{Items: make([]memberJSON, 0, len(ms))}
	for _, m := range ms {
		out.Items = append(out.Items, toMember(m.Member, m.CanOpen))
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

// addMember adds a new or existing client to a group chart.
func (s *Server) addMember(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	var in memberRequest
	if err := decode(w, r, &in); err != nil {
		return err
	}
	problems := model.Problems{}
	mi := in.input("", problems)
	if err := problems.Err(); err != nil {
		return err
	}
	m, err := s.Clients.AddMember(r.Context(), p, r.PathValue("id"), mi)
	if err != nil {
		return err
	}
	w.Header().Set("Location", fmt.Sprintf("/api/v1/clients/%s/members/%s", r.PathValue("id"), m.Client.ID))
	writeJSON(w, http.StatusCreated, toMember(m, true))
	return nil
}

// updateMember changes a member's settings or gives them a role.
func (s *Server) updateMember(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	var in memberRequest
	if err := decode(w, r, &in); err != nil {
		return err
	}
	if in.ClientID != nil || in.FirstName != nil || in.LastName != nil || in.Email != nil || in.Phone != nil {
		return model.FieldError("client_id", "A member's details are changed on their own chart; here only roles, reminders and questionnaires.")
	}
	m, err := s.Clients.UpdateMember(r.Context(), p, r.PathValue("id"), r.PathValue("client_id"), clients.MemberChange{
		Reminders: in.ReceivesReminders, Bridging: in.ReceivesBridging, IdentifiedPatient: in.IdentifiedPatient, BillingContact: in.BillingContact})
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, toMember(m.Member, m.CanOpen))
	return nil
}

// removeMember takes a client out of a group chart.
func (s *Server) removeMember(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	if err := s.Clients.RemoveMember(r.Context(), p, r.PathValue("id"), r.PathValue("client_id")); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}
