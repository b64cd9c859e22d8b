package api

import (
	"fmt"
	"net/http"
	"time"

	"tend/internal/clients"
	"tend/internal/model"
)

type addressJSON struct {
	Line1      string `json:"line1"`
	Line2      string `json:"line2"`
	City       string `json:"city"`
	Region     string `json:"region"`
	PostalCode string `json:"postal_code"`
	Country    string `json:"country"`
}

type emergencyJSON struct {
	Name         string `json:"name"`
	Relationship string `json:"relationship"`
	Phone        string `json:"phone"`
	Email        string `json:"email"`
}

type tagJSON struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

// clientJSON is a client as the API shows it.
type clientJSON struct {
	ID                  string        `json:"id"`
	Kind                string        `json:"kind"`
	Name                string        `json:"name"` // the chosen name, or a group chart's name
	MemberCount         *int          `json:"member_count,omitempty"`
	IdentifiedPatient   *string       `json:"identified_patient,omitempty"`
	BillingContact      *string       `json:"billing_contact,omitempty"`
	FirstName           string        `json:"first_name"`
	LastName            string        `json:"last_name"`
	LegalFirstName      string        `json:"legal_first_name"`
	LegalLastName       string        `json:"legal_last_name"`
	Pronouns            string        `json:"pronouns"`
	Email               string        `json:"email"`
	Phone               string        `json:"phone"`
	DateOfBirth         *string       `json:"date_of_birth"`
	Sex                 string        `json:"sex"`
	GenderIdentity      string        `json:"gender_identity"`
	Address             addressJSON   `json:"address"`
	EmergencyContact    emergencyJSON `json:"emergency_contact"`
	BillingType         *string       `json:"billing_type"`
	DefaultServiceID    *string       `json:"default_service_id"`
	BalanceCents        int64         `json:"balance_cents"` // what the client owes, in cents (PY-1); negative is a credit
	MessagingOn         bool          `json:"messaging_on"`
	Tags                []tagJSON     `json:"tags"`
	AssignedClinicianID *string       `json:"assigned_clinician_id"`
	Status              string        `json:"status"` // active, pending, inactive, archived: about care (ST-1)
	Portal              string        `json:"portal"` // none, invited, registered, disabled: the portal state, apart from status
	SetupComplete       bool          `json:"setup_complete"`
	Attention           attentionJSON `json:"attention"`
	CreatedAt           time.Time     `json:"created_at"`
	UpdatedAt           time.Time     `json:"updated_at"`
}

// attentionJSON is what waits on a client (LS-4), as the list's badges show it. The document counts are
// of finished documents nobody has reviewed, and are 0 for staff who may not read documents (billing).
type attentionJSON struct {
	DocumentsToReview int  `json:"documents_to_review"`
	Flagged           int  `json:"flagged"`
	SetupIncomplete   bool `json:"setup_incomplete"`
}

func optional(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

func toClient(c model.Client) clientJSON {
	tags := make([]tagJSON, 0, len(c.Tags))
	for _, t := range c.Tags {
		tags = append(tags, tagJSON{t.ID, t.Name})
	}
	a, e := c.Address, c.Emergency
	var members *int
	if c.IsGroup() {
		members = &c.MemberCount
	}
	return clientJSON{
		ID: c.ID, Kind: string(c.Kind), Name: c.Name(), MemberCount: members,
		IdentifiedPatient: optional(c.IdentifiedPatientID), BillingContact: optional(c.BillingMemberID), FirstName: c.FirstName, LastName: c.LastName,
		LegalFirstName: c.LegalFirstName, LegalLastName: c.LegalLastName, Pronouns: c.Pronouns, Email: c.Email,
		Phone: c.Phone, DateOfBirth: optional(c.DateOfBirth), Sex: c.Sex, GenderIdentity: c.GenderIdentity,
		Address:          addressJSON{a.Line1, a.Line2, a.City, a.Region, a.PostalCode, a.Country},
		EmergencyContact: emergencyJSON{e.Name, e.Relationship, e.Phone, e.Email},
		BillingType:      optional(string(c.BillingType)), DefaultServiceID: optional(c.DefaultServiceID), MessagingOn: c.MessagingOn, Tags: tags,
		BalanceCents:        c.BalanceCents,
		AssignedClinicianID: optional(c.AssignedClinicianID), Status: string(c.Status()), Portal: c.PortalKey(),
		SetupComplete: c.SetupComplete(), CreatedAt: c.CreatedAt, UpdatedAt: c.UpdatedAt,
		Attention: attentionJSON{DocumentsToReview: c.ToReview, Flagged: c.Flagged, SetupIncomplete: !c.SetupComplete()},
	}
}

// clientRequest is the body of creating or changing a client; absent fields stay as they are.
type clientRequest struct {
	Kind                 *string          `json:"kind"`
	Name                 *string          `json:"name"`
	Contacts             []contactRequest `json:"contacts"`
	Members              []memberRequest  `json:"members"`
	IdentifiedPatient    *string          `json:"identified_patient"`
	BillingContact       *string          `json:"billing_contact"`
	FirstName            *string          `json:"first_name"`
	LastName             *string          `json:"last_name"`
	LegalFirstName       *string          `json:"legal_first_name"`
	LegalLastName        *string          `json:"legal_last_name"`
	Pronouns             *string          `json:"pronouns"`
	Email                *string          `json:"email"`
	Phone                *string          `json:"phone"`
	DateOfBirth          *string          `json:"date_of_birth"`
	Sex                  *string          `json:"sex"`
	GenderIdentity       *string          `json:"gender_identity"`
	Address              *addressJSON     `json:"address"`
	EmergencyContact     *emergencyJSON   `json:"emergency_contact"`
	BillingType          *string          `json:"billing_type"`
	DefaultServiceID     *string          `json:"default_service_id"` // "" clears it
	MessagingOn          *bool            `json:"messaging_on"`
	AssignedClinicianID  *string          `json:"assigned_clinician_id"`
	TagIDs               *[]string        `json:"tag_ids"`
	ConfirmDistinctEmail bool             `json:"confirm_distinct_email"` // go ahead with an email that looks like another record's
	ConfirmAdultMinor    bool             `json:"confirm_adult_minor"`    // keep a minor's date of birth that makes them an adult
	TemplateIDs          []string         `json:"template_ids"`           // a new minor's: documents sent with the contacts' invitations (PT-2)
}

func (in clientRequest) change() model.ClientChange {
	ch := model.ClientChange{
		GroupName: in.Name, FirstName: in.FirstName, LastName: in.LastName, LegalFirstName: in.LegalFirstName, LegalLastName: in.LegalLastName,
		Pronouns: in.Pronouns, Email: in.Email, Phone: in.Phone, DateOfBirth: in.DateOfBirth, Sex: in.Sex,
		GenderIdentity: in.GenderIdentity, MessagingOn: in.MessagingOn, AssignedClinicianID: in.AssignedClinicianID, DefaultServiceID: in.DefaultServiceID,
		ConfirmDistinctEmail: in.ConfirmDistinctEmail, ConfirmAdultMinor: in.ConfirmAdultMinor,
	}
	if a := in.Address; a != nil {
		ch.Address = &model.Address{Line1: a.Line1, Line2: a.Line2, City: a.City, Region: a.Region, PostalCode: a.PostalCode, Country: a.Country}
	}
	if e := in.EmergencyContact; e != nil {
		ch.Emergency = &model.EmergencyContact{Name: e.Name, Relationship: e.Relationship, Phone: e.Phone, Email: e.Email}
	}
	if in.BillingType != nil {
		b := model.BillingType(*in.BillingType)
		ch.BillingType = &b
	}
	return ch
}

// createClient adds an individual client, a minor with contacts, or a group chart with members.
func (s *Server) createClient(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	var in clientRequest
	if err := decode(w, r, &in); err != nil {
		return err
	}
	problems := model.Problems{}
	if in.TagIDs != nil {
		problems.Add("tag_ids", "Create the client first, then set tags with PATCH.")
	}
	kind := model.ChartKind(val(in.Kind))
	if kind == "" {
		kind = model.KindIndividual
	}
	if kind != model.KindGroup && (in.Members != nil || in.IdentifiedPatient != nil || in.BillingContact != nil || in.Name != nil) {
		problems.Add("members", "Members, name, identified_patient and billing_contact belong to a group chart (kind \"group\").")
	}
	if kind != model.KindMinor && in.Contacts != nil {
		problems.Add("contacts", "Add contacts when creating a minor, or afterwards with POST /api/v1/clients/{id}/contacts.")
	}
	if kind != model.KindMinor && in.TemplateIDs != nil {
		problems.Add("template_ids", "Send documents with POST /api/v1/clients/{id}/invitations or PUT /api/v1/clients/{id}/documents.")
	}
	var c model.Client
	var err error
	switch kind {
	case model.KindIndividual:
		if err := problems.Err(); err != nil {
			return err
		}
		c, err = s.Clients.Create(r.Context(), p, in.change())
	case model.KindMinor:
		contacts := make([]model.ContactInput, len(in.Contacts))
		for i, ct := range in.Contacts {
			contacts[i] = ct.input(fmt.Sprintf("contacts.%d.", i), problems)
		}
		if err := problems.Err(); err != nil {
			return err
		}
		c, err = s.Clients.CreateMinor(r.Context(), p, in.change(), contacts, in.TemplateIDs...)
	case model.KindGroup:
		if in.FirstName != nil || in.LastName != nil || in.Email != nil {
			problems.Add("name", "A group chart has a name and members; each member's details live on their own chart.")
		}
		g := clients.GroupInput{Change: in.change(), IdentifiedPatient: val(in.IdentifiedPatient), BillingContact: val(in.BillingContact)}
		for i, m := range in.Members {
			g.Members = append(g.Members, m.input(fmt.Sprintf("members.%d.", i), problems))
		}
		if err := problems.Err(); err != nil {
			return err
		}
		c, err = s.Clients.CreateGroup(r.Context(), p, g)
	default:
		return model.FieldError("kind", "Choose individual, minor or group.")
	}
	if err != nil {
		return err
	}
	w.Header().Set("Location", "/api/v1/clients/"+c.ID)
	writeJSON(w, http.StatusCreated, toClient(c))
	return nil
}

// clientListJSON is one page of the client list: paged by key (page: the next_page or prev_page of
// another page), its matches counted up to a cap.
type clientListJSON struct {
	Items       []clientJSON `json:"items"`
	Total       int          `json:"total"`        // how many match, counted up to store.CountCap
	TotalCapped bool         `json:"total_capped"` // more than total match
	Page        int          `json:"page"`         // the page's number, from its first position and per_page
	First       int          `json:"first"`        // the position of the first item in the list, from 1
	PerPage     int          `json:"per_page"`
	NextPage    string       `json:"next_page"`
	PrevPage    string       `json:"prev_page"`
}

// listClients lists and searches the clients the caller may see.
func (s *Server) listClients(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	v := r.URL.Query()
	problems := model.Problems{}
	lq := listFilters(v)
	lq.Page, lq.PerPage = v.Get("page"), queryInt(problems, v.Get("per_page"), "per_page")
	if err := problems.Err(); err != nil {
		return err
	}
	res, err := s.Clients.List(r.Context(), p, lq)
	if err != nil {
		return err
	}
	out := clientListJSON{Items: make([]clientJSON, 0, len(res.Clients)), Total: res.Total, TotalCapped: res.Capped,
		Page: (res.First-1)/res.PerPage + 1, First: res.First, PerPage: res.PerPage, NextPage: res.Next, PrevPage: res.Prev}
	for _, c := range res.Clients {
		out.Items = append(out.Items, toClient(c))
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

// getClient returns one client.
func (s *Server) getClient(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	v, err := s.Clients.Get(r.Context(), p, r.PathValue("id"))
	if err != nil {
		return err
	}
	out := clientViewJSON{clientJSON: toClient(v.Client), WhatsNext: make([]nextStepJSON, 0, len(v.WhatsNext))}
	for _, st := range v.WhatsNext {
		out.WhatsNext = append(out.WhatsNext, nextStepJSON{st.Key, st.Label, st.Done})
	}
	if l := v.Lookalike; l != nil && l.RecordID != "" {
		out.EmailLookalike = &lookalikeJSON{l.Field, l.RecordType, l.RecordID, l.Name}
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

// clientViewJSON is one client as GET /clients/{id} shows it: while their setup is not done, with the
// record whose email theirs looks like, if any (a client who registered through the portal may have one).
type clientViewJSON struct {
	clientJSON
	EmailLookalike *lookalikeJSON `json:"email_lookalike,omitempty"`
	// WhatsNext is the chart's checklist (CL-5), each item done or not.
	WhatsNext []nextStepJSON `json:"whats_next"`
}

// nextStepJSON is one item of What's next (CL-5).
type nextStepJSON struct {
	Key   string `json:"key"`
	Label string `json:"label"`
	Done  bool   `json:"done"`
}

// updateClient changes some of a client's fields.
func (s *Server) updateClient(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	var in clientRequest
	if err := decode(w, r, &in); err != nil {
		return err
	}
	problems := model.Problems{}
	if in.Kind != nil {
		problems.Add("kind", "A chart's kind is set when it is created.")
	}
	if in.Contacts != nil {
		problems.Add("contacts", "Change contacts with /api/v1/clients/{id}/contacts.")
	}
	if in.TemplateIDs != nil {
		problems.Add("template_ids", "Send documents with PUT /api/v1/clients/{id}/documents.")
	}
	if in.Members != nil || in.IdentifiedPatient != nil || in.BillingContact != nil {
		problems.Add("members", "Change members and their roles with /api/v1/clients/{id}/members/{client_id}.")
	}
	if err := problems.Err(); err != nil {
		return err
	}
	c, err := s.Clients.Update(r.Context(), p, r.PathValue("id"), in.change(), in.TagIDs)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, toClient(c))
	return nil
}

// deleteClient deletes a client for good.
func (s *Server) deleteClient(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	if err := s.Clients.Delete(r.Context(), p, r.PathValue("id")); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// clientState returns a handler that applies one lifecycle action.
func (s *Server) clientState(action string) handler {
	return func(w http.ResponseWriter, r *http.Request, p model.Principal) error {
		c, err := s.Clients.SetState(r.Context(), p, r.PathValue("id"), action)
		if err != nil {
			return err
		}
		writeJSON(w, http.StatusOK, toClient(c))
		return nil
	}
}

type bulkRequest struct {
	Action  string   `json:"action"`
	IDs     []string `json:"ids"`
	Confirm int      `json:"confirm"`
	TagID   string   `json:"tag_id"`
}

type bulkJSON struct {
	Action  string `json:"action"`
	Changed int    `json:"changed"`
}

// bulkOperationJSON is a bulk action running in the background, and how far it got.
type bulkOperationJSON struct {
	ID        string    `json:"id"`
	Action    string    `json:"action"`
	State     string    `json:"state"`
	Total     int       `json:"total"`
	Done      int       `json:"done"`
	Changed   int       `json:"changed"`
	Error     string    `json:"error,omitempty"`
	StatusURL string    `json:"status_url"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

func toBulkOperation(o model.BulkOperation) bulkOperationJSON {
	return bulkOperationJSON{ID: o.ID, Action: o.Action, State: string(o.State), Total: o.Total, Done: o.Done, Changed: o.Changed,
		Error: o.Error, StatusURL: "/api/v1/bulk-operations/" + o.ID, CreatedAt: o.CreatedAt, UpdatedAt: o.UpdatedAt}
}

// bulkClients applies one action to many clients: a few hundred at once, all or nothing (200); more
// in the background (202 with the operation, whose progress GET /bulk-operations/{id} answers).
func (s *Server) bulkClients(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	var in bulkRequest
	if err := decode(w, r, &in); err != nil {
		return err
	}
	var res clients.BulkResult
	var err error
	switch in.Action {
	case clients.ActionDeactivate, clients.ActionArchive, clients.ActionDelete, clients.ActionReactivate, clients.ActionRestore:
		res, err = s.Clients.Bulk(r.Context(), p, in.Action, in.IDs, in.Confirm)
	case clients.ActionTag, clients.ActionUntag:
		res, err = s.Clients.Tag(r.Context(), p, in.TagID, in.IDs, in.Action == clients.ActionUntag)
	default:
		return model.FieldError("action", "Choose deactivate, reactivate, archive, restore, delete, tag or untag.")
	}
	if err != nil {
		return err
	}
	if res.Operation != nil {
		w.Header().Set("Location", "/api/v1/bulk-operations/"+res.Operation.ID)
		writeJSON(w, http.StatusAccepted, toBulkOperation(*res.Operation))
		return nil
	}
	writeJSON(w, http.StatusOK, bulkJSON{in.Action, res.Changed})
	return nil
}

// bulkOperation answers how far a bulk action running in the background got.
func (s *Server) bulkOperation(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	op, err := s.Clients.BulkOperation(r.Context(), p, r.PathValue("id"))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, toBulkOperation(op))
	return nil
}
