package api

import (
	"net/http"
	"time"

	"tend/internal/clients"
	"tend/internal/model"
)

// invitationJSON is the latest invitation of a portal user. Whether it went out as a link or as a
// connection request to an existing account is not shown: staff must not learn who has an account.
type invitationJSON struct {
	ID        string     `json:"id"`
	SentAt    time.Time  `json:"sent_at"`
	ExpiresAt time.Time  `json:"expires_at"`
	UsedAt    *time.Time `json:"used_at"`
}

// portalAccessJSON is one person's portal access to a chart.
type portalAccessJSON struct {
	ID          string          `json:"id"`
	PersonID    string          `json:"person_id"`
	Name        string          `json:"name"`
	Role        string          `json:"role"`
	Email       string          `json:"email"`
	State       string          `json:"state"`
	Permissions []string        `json:"permissions"`
	Invitation  *invitationJSON `json:"invitation"`
	CreatedAt   time.Time       `json:"created_at"`
}

func toAccess(a model.PortalAccess) portalAccessJSON {
	state := a.State
	if state == model.AccessRequested {
		state = model.AccessInvited // see invitationJSON
	}
	out := portalAccessJSON{ID: a.ID, PersonID: a.PersonID, Name: a.PersonName, Role: string(a.Role), Email: a.Email,
		State: string(state), Permissions: a.Permissions.Strings(), CreatedAt: a.CreatedAt}
	if inv := a.Invitation; inv != nil {
		out.Invitation = &invitationJSON{ID: inv.ID, SentAt: inv.SentAt, ExpiresAt: inv.ExpiresAt}
		if !inv.UsedAt.IsZero() {
			out.Invitation.UsedAt = &inv.UsedAt
		}
	}
	return out
}

// portalUserJSON is someone who can be given portal access to a chart, with their access if any.
type portalUserJSON struct {
	PersonID  string            `json:"person_id"`
	Name      string            `json:"name"`
	Email     string            `json:"email"`
	Role      string            `json:"role"`
	ContactID string            `json:"contact_id,omitempty"`
	MemberID  string            `json:"member_id,omitempty"`
	Access    *portalAccessJSON `json:"access"`
	// Suggested is what an invitation without features grants (CT-2 for a contact).
	Suggested []string `json:"suggested_permissions"`
}

// chartPortalJSON is a chart's portal: its status and its possible users.
type chartPortalJSON struct {
	ClientID string           `json:"client_id"`
	Status   string           `json:"status"`
	Users    []portalUserJSON `json:"users"`
}

// getPortal shows a chart's portal users, invitations and status.
func (s *Server) getPortal(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	v, err := s.Clients.Portal(r.Context(), p, r.PathValue("id"))
	if err != nil {
		return err
	}
	out := chartPortalJSON{ClientID: v.Chart.ID, Status: string(v.Chart.Status()), Users: []portalUserJSON{}}
	for _, u := range v.Users {
		pu := portalUserJSON{PersonID: u.PersonID, Name: u.Name, Email: u.Email, Role: string(u.Role), ContactID: u.ContactID, MemberID: u.MemberID,
			Suggested: u.Suggested().Strings()}
		if u.Access != nil {
			a := toAccess(*u.Access)
			pu.Access = &a
		}
		out.Users = append(out.Users, pu)
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

// inviteRequest invites someone to a chart's portal: the client when no person, member or contact is named.
type inviteRequest struct {
	Email                string   `json:"email"`
	Features             []string `json:"features"`
	PersonID             string   `json:"person_id"`
	MemberID             string   `json:"member_id"`
	ContactID            string   `json:"contact_id"`
	ConfirmDistinctEmail bool     `json:"confirm_distinct_email"` // go ahead with an email that looks like another record's
	TemplateIDs          []string `json:"template_ids"`           // documents requested with the invitation (PT-2)
}

// invite sends a portal invitation, or a connection request to an existing account.
func (s *Server) invite(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	var in inviteRequest
	if err := decode(w, r, &in); err != nil {
		return err
	}
	// Without features the person gets their defaults: the client's, or what a contact's flags allow (CT-2).
	a, err := s.Clients.Invite(r.Context(), p, r.PathValue("id"), clients.InviteInput{Email: in.Email, Features: in.Features,
		DefaultFeatures: in.Features == nil, TemplateIDs: in.TemplateIDs,
		PersonID: in.PersonID, MemberID: in.MemberID, ContactID: in.ContactID, ConfirmDistinctEmail: in.ConfirmDistinctEmail})
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, toAccess(a))
	return nil
}

// enrollRequest makes a contact a portal user of the chart with permissions (CT-4, PT-7).
type enrollRequest struct {
	Email                string   `json:"email"`
	Permissions          []string `json:"permissions"`            // absent: what the contact's flags allow (CT-2)
	ConfirmDistinctEmail bool     `json:"confirm_distinct_email"` // go ahead with an email that looks like another record's
	TemplateIDs          []string `json:"template_ids"`           // documents requested with the invitation (PT-2)
}

// enrollContact invites a contact to the chart's portal.
func (s *Server) enrollContact(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	var in enrollRequest
	if err := decode(w, r, &in); err != nil {
		return err
	}
	a, err := s.Clients.Invite(r.Context(), p, r.PathValue("id"), clients.InviteInput{Email: in.Email, Features: in.Permissions,
		DefaultFeatures: in.Permissions == nil, TemplateIDs: in.TemplateIDs,
		ContactID: r.PathValue("contact_id"), ConfirmDistinctEmail: in.ConfirmDistinctEmail})
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, toAccess(a))
	return nil
}

// resendInvitation sends an invitation again with a new link.
func (s *Server) resendInvitation(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	a, err := s.Clients.ResendInvitation(r.Context(), p, "", r.PathValue("id"))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, toAccess(a))
	return nil
}

// deleteInvitation withdraws an open invitation.
func (s *Server) deleteInvitation(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	if err := s.Clients.DeleteInvitation(r.Context(), p, "", r.PathValue("id")); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// setPortalUser disables or enables a registered person's access.
func (s *Server) setPortalUser(enabled bool) handler {
	return func(w http.ResponseWriter, r *http.Request, p model.Principal) error {
		a, err := s.Clients.SetPortalEnabled(r.Context(), p, r.PathValue("id"), r.PathValue("user_id"), enabled)
		if err != nil {
			return err
		}
		writeJSON(w, http.StatusOK, toAccess(a))
		return nil
	}
}

// permissionsRequest replaces a portal user's permissions.
type permissionsRequest struct {
	Permissions *[]string `json:"permissions"`
}

// updatePortalUser changes a portal user's permissions.
func (s *Server) updatePortalUser(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	var in permissionsRequest
	if err := decode(w, r, &in); err != nil {
		return err
	}
	if in.Permissions == nil {
		return model.FieldError("permissions", "Send the full list of permissions (an empty list leaves basic access only).")
	}
	a, err := s.Clients.UpdatePortalPermissions(r.Context(), p, r.PathValue("id"), r.PathValue("user_id"), *in.Permissions)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, toAccess(a))
	return nil
}
