package clients

import (
	"context"
	"fmt"

	"tend/internal/id"
	"tend/internal/model"
	"tend/internal/store"
)

// MemberView is a group member as the principal sees them: CanOpen says whether their own chart opens.
type MemberView struct {
	model.Member
	CanOpen bool
}

// Members lists a group chart's members (GR-3), and audits the read.
func (s *Service) Members(ctx context.Context, p model.Principal, groupID string) ([]MemberView, error) {
	a, err := s.accessFor(ctx, s.Store.R(), p)
	if err != nil {
		return nil, err
	}
	g, err := s.load(ctx, s.Store.R(), a, groupID)
	if err != nil {
		return nil, fmt.Errorf("clients: members: %w", s.auditDenied(ctx, p, "chart.members.view", groupID, err))
	}
	if !g.IsGroup() {
		return nil, fmt.Errorf("clients: members of a %s chart: %w", g.Kind, model.ErrNotFound)
	}
	out, err := s.memberViews(ctx, a, g.ID)
	if err != nil {
		return nil, err
	}
	return out, s.recordRead(ctx, s.event(p, "chart.members.view", g.ID))
}

// memberViews reads a group's members with whether the principal may open each one's chart.
func (s *Service) memberViews(ctx context.Context, a access, groupID string) ([]MemberView, error) {
	members, err := store.MembersOf(ctx, s.Store.R(), groupID)
	if err != nil {
		return nil, err
	}
	out := make([]MemberView, len(members))
	for i, m := range members {
		out[i] = MemberView{Member: m, CanOpen: a.canSee(m.Client)}
	}
	return out, nil
}

// AddMember adds a new or existing client to a group chart (GR-1).
func (s *Service) AddMember(ctx context.Context, p model.Principal, groupID string, in model.MemberInput) (model.Member, error) {
	var out model.Member
	err := s.Store.Tx(ctx, func(q store.Q) error {
		a, g, err := s.changeableGroup(ctx, q, p, groupID)
		if err != nil {
			return err
		}
		problems := model.Problems{}
		m, err := s.prepareMember(ctx, q, a, g, in, "", problems)
		if err != nil {
			return err
		}
		if err := problems.Err(); err != nil {
			return err
		}
		if in.ClientID == "" {
			if err := s.insertClient(ctx, q, a, m.Client, "email", in.New.ConfirmDistinctEmail); err != nil {
				return err
			}
		}
		if err := s.insertMember(ctx, q, a, m); err != nil {
			return err
		}
		if in.IdentifiedPatient {
			g.IdentifiedPatientID = m.Client.ID
		}
		if in.BillingContact {
			g.BillingMemberID = m.Client.ID
		}
		if err := s.refreshGroup(ctx, q, g); err != nil {
			return err
		}
		out = m
		return nil
	})
	if err != nil {
		return model.Member{}, fmt.Errorf("clients: add member: %w", s.auditDenied(ctx, p, "chart.member.add", groupID, err))
	}
	return out, nil
}

// MemberChange edits a member's place in a group: nil fields stay. IdentifiedPatient or BillingContact
// set to true moves that role to this member; a role is moved, never left empty (GR-2).
type MemberChange struct {
	Reminders, Bridging               *bool
	IdentifiedPatient, BillingContact *bool
}

// UpdateMember changes a member's settings (GR-4) or gives them the identified-patient or billing role.
func (s *Service) UpdateMember(ctx context.Context, p model.Principal, groupID, memberID string, ch MemberChange) (MemberView, error) {
	var out MemberView
	err := s.Store.Tx(ctx, func(q store.Q) error {
		a, g, err := s.changeableGroup(ctx, q, p, groupID)
		if err != nil {
			return err
		}
		m, err := memberOf(ctx, q, g.ID, memberID)
		if err != nil {
			return err
		}
		problems := model.Problems{}
		if ch.IdentifiedPatient != nil && !*ch.IdentifiedPatient && m.IdentifiedPatient {
			problems.Add("identified_patient", "Make another member the identified patient instead: the chart always has one.")
		}
		if ch.BillingContact != nil && !*ch.BillingContact && m.BillingContact {
			problems.Add("billing_contact", "Make another member the billing contact instead: the chart always has one.")
		}
		if err := problems.Err(); err != nil {
			return err
		}
		if ch.Reminders != nil {
			m.Reminders = *ch.Reminders
		}
		if ch.Bridging != nil {
			m.Bridging = *ch.Bridging
		}
		if err := store.UpdateMember(ctx, q, m); err != nil {
			return err
		}
		if ch.IdentifiedPatient != nil && *ch.IdentifiedPatient {
			g.IdentifiedPatientID, m.IdentifiedPatient = m.Client.ID, true
		}
		if ch.BillingContact != nil && *ch.BillingContact {
			g.BillingMemberID, m.BillingContact = m.Client.ID, true
		}
		if err := s.refreshGroup(ctx, q, g); err != nil {
			return err
		}
		e := s.event(a.p, "chart.member.update", g.ID)
		e.Detail = m.Client.ID
		out = MemberView{Member: m, CanOpen: a.canSee(m.Client)}
		return s.Audit.Append(ctx, q, e)
	})
	if err != nil {
		return MemberView{}, fmt.Errorf("clients: update member: %w", s.auditDenied(ctx, p, "chart.member.update", groupID, err))
	}
	return out, nil
}

// RemoveMember takes a client out of a group chart; their own chart stays. A group keeps at least two
// members (GR-1); a role the member held moves to the first remaining member.
func (s *Service) RemoveMember(ctx context.Context, p model.Principal, groupID, memberID string) error {
	err := s.Store.Tx(ctx, func(q store.Q) error {
		a, g, err := s.changeableGroup(ctx, q, p, groupID)
		if err != nil {
			return err
		}
		m, err := memberOf(ctx, q, g.ID, memberID)
		if err != nil {
			return err
		}
		if g.MemberCount <= 2 {
			return model.FieldError("members", "A couple or family chart needs at least two members. Add another member first, or archive or delete the chart.")
		}
		// Their access to the group chart ends; access to their own chart stays (GR-5).
		if err := store.DeletePortalAccessOfPerson(ctx, q, g.ID, m.Client.PersonID); err != nil {
			return err
		}
		if err := store.DeleteMember(ctx, q, g.ID, m.Client.ID); err != nil {
			return err
		}
		if err := s.refreshGroup(ctx, q, g); err != nil {
			return err
		}
		if err := store.RefreshPortalState(ctx, q, g.ID); err != nil {
			return err
		}
		e := s.event(a.p, "chart.member.remove", g.ID)
		e.Detail = m.Client.ID
		return s.Audit.Append(ctx, q, e)
	})
	if err != nil {
		return fmt.Errorf("clients: remove member: %w", s.auditDenied(ctx, p, "chart.member.remove", groupID, err))
	}
	return nil
}

// changeableGroup loads a group chart the principal may change.
func (s *Service) changeableGroup(ctx context.Context, q store.Q, p model.Principal, groupID string) (access, model.Client, error) {
	a, g, err := s.changeable(ctx, q, p, groupID)
	if err == nil && !g.IsGroup() {
		err = fmt.Errorf("clients: chart %s is not a group: %w", groupID, model.ErrNotFound)
	}
	return a, g, err
}

// memberOf returns one member of a group, or model.ErrNotFound.
func memberOf(ctx context.Context, q store.Q, groupID, memberID string) (model.Member, error) {
	if !id.Valid(memberID) {
		return model.Member{}, fmt.Errorf("clients: malformed member id: %w", model.ErrNotFound)
	}
	members, err := store.MembersOf(ctx, q, groupID)
	if err != nil {
		return model.Member{}, err
	}
	for _, m := range members {
		if m.Client.ID == memberID {
			return m, nil
		}
	}
	return model.Member{}, fmt.Errorf("clients: %s is not a member of %s: %w", memberID, groupID, model.ErrNotFound)
}

// refreshGroup stores a group chart after its members changed: the identified patient and billing
// contact stay members (a role whose holder left moves to the first member), and its search text
// holds the members' current names.
func (s *Service) refreshGroup(ctx context.Context, q store.Q, g model.Client) error {
	members, err := store.MembersOf(ctx, q, g.ID)
	if err != nil {
		return err
	}
	g.MemberNames = nil
	isMember := map[string]bool{}
	for _, m := range members {
		isMember[m.Client.ID] = true
		g.MemberNames = append(g.MemberNames, m.Client.FirstName, m.Client.LastName, m.Client.LegalFirstName, m.Client.LegalLastName)
	}
	first := ""
	if len(members) > 0 {
		first = members[0].Client.ID
	}
	if !isMember[g.IdentifiedPatientID] {
		g.IdentifiedPatientID = first
	}
	if !isMember[g.BillingMemberID] {
		g.BillingMemberID = first
	}
	g.MemberCount = len(members)
	g.UpdatedAt = s.Now().UTC()
	return store.UpdateClient(ctx, q, g)
}

// refreshGroupsOf refreshes every group the client belongs to, after their name changed or they left.
func (s *Service) refreshGroupsOf(ctx context.Context, q store.Q, practiceID string, groups []model.GroupSummary) error {
	for _, gs := range groups {
		g, err := store.ClientByID(ctx, q, practiceID, gs.ID)
		if isNotFound(err) {
			continue // deleted in the same bulk action
		}
		if err != nil {
			return err
		}
		if err := s.refreshGroup(ctx, q, g); err != nil {
			return err
		}
	}
	return nil
}
