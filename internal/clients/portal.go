package clients

import (
	"context"
	"errors"
	"fmt"
	"time"

	"tend/internal/model"
	"tend/internal/store"
)

// PortalUser is one person who can be given portal access to a chart: the client, a contact, or a
// group member, with their access when they have one.
type PortalUser struct {
	PersonID  string
	Name      string
	Email     string
	Role      model.AccessRole
	ContactID string // set for a contact of the chart
	MemberID  string // set for a member of a group chart: their own chart's id
	Access    *model.PortalAccess
	// Flags are a contact's flags (CT-2): what they may do decides their default permissions.
	Flags *model.ContactFlags
}

// Suggested is what the invitation form ticks for the user before anyone chooses, and what an
// invitation without a choice grants: their current permissions, else the default features for the
// client themself, and for a contact what their flags allow (CT-2); members' staff choose one by one.
func (u PortalUser) Suggested() model.Features {
	switch {
	case u.Access != nil:
		return u.Access.Permissions
	case u.Role == model.AccessSelf:
		return model.DefaultFeatures()
	case u.Flags != nil:
		return u.Flags.PortalDefaults(u.Role == model.AccessGuardian)
	}
	return nil
}

// PortalView is a chart's Portal tab: who may use the portal for it and where each one stands.
type PortalView struct {
	Chart     model.Client
	Users     []PortalUser
	CanChange bool
}

// Portal lists the chart's possible portal users with their access and invitations, and audits the read.
func (s *Service) Portal(ctx context.Context, p model.Principal, chartID string) (PortalView, error) {
	a, err := s.accessFor(ctx, s.Store.R(), p)
	if err != nil {
		return PortalView{}, err
	}
	c, err := s.load(ctx, s.Store.R(), a, chartID)
	if err != nil {
		return PortalView{}, fmt.Errorf("clients: portal: %w", s.auditDenied(ctx, p, "chart.portal.view", chartID, err))
	}
	users, err := portalUsers(ctx, s.Store.R(), c)
	if err != nil {
		return PortalView{}, err
	}
	v := PortalView{Chart: c, Users: users, CanChange: a.canChange(c)}
	return v, s.recordRead(ctx, s.event(p, "chart.portal.view", chartID))
}

// portalUsers lists who may be given access to chart c (MN-3, CT-4, GR-5), joined with their access.
func portalUsers(ctx context.Context, q store.Q, c model.Client) ([]PortalUser, error) {
	var users []PortalUser
	if c.IsGroup() {
		members, err := store.MembersOf(ctx, q, c.ID)
		if err != nil {
			return nil, err
		}
		for _, m := range members {
			users = append(users, PortalUser{PersonID: m.Client.PersonID, Name: m.Client.Name(), Email: m.Client.Email,
				Role: model.AccessMember, MemberID: m.Client.ID})
		}
	} else {
		users = append(users, PortalUser{PersonID: c.PersonID, Name: c.Name(), Email: c.Email, Role: model.AccessSelf})
		contacts, err := store.ContactsOf(ctx, q, c.ID)
		if err != nil {
			return nil, err
		}
		for _, ct := range contacts {
			flags := ct.ContactFlags
			users = append(users, PortalUser{PersonID: ct.Person.ID, Name: ct.Person.Name(), Email: ct.Person.Email,
				Role: contactRole(c, ct.Relationship), ContactID: ct.ID, Flags: &flags})
		}
	}
	access, err := store.PortalAccessOfChart(ctx, q, c.ID)
	if err != nil {
		return nil, err
	}
	for i := range users {
		for j := range access {
			if access[j].PersonID == users[i].PersonID {
				users[i].Access = &access[j]
			}
		}
	}
	return users, nil
}

// contactRole is a contact's portal role on a chart: a parent or legal guardian of a minor is a guardian
// (MN-3), anyone else a contact (CT-4).
func contactRole(c model.Client, rel model.Relationship) model.AccessRole {
	if c.IsMinor() && (rel == model.RelParent || rel == model.RelLegalGuardian) {
		return model.AccessGuardian
	}
	return model.AccessContact
}

// syncAccessRole keeps a contact's portal role in step with their relationship, so a former guardian
// loses what only guardians see.
func syncAccessRole(ctx context.Context, q store.Q, c model.Client, ct model.Contact, at time.Time) error {
	acc, err := store.PortalAccessOfPerson(ctx, q, c.ID, ct.Person.ID)
	if errors.Is(err, model.ErrNotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	if role := contactRole(c, ct.Relationship); role != acc.Role {
		acc.Role = role
		return store.UpdatePortalAccess(ctx, q, acc, at)
	}
	return nil
}
