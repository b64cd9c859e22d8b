package clients

import (
	"context"
	"fmt"

	"tend/internal/model"
	"tend/internal/store"
)

// GroupInput is a new couple, family or conjoint chart (GR-1, GR-2). IdentifiedPatient and
// BillingContact name an existing member's client id; a member's own flags may say it instead (for
// new members, who have no id yet). Left out, both default to the first member.
type GroupInput struct {
	Change            model.ClientChange // the name (GroupName), billing type, clinician
	Members           []model.MemberInput
	IdentifiedPatient string
	BillingContact    string
}

// CreateGroup adds a group chart with two or more members, new or existing clients, in one transaction.
// Problems with a member are reported under "members.N.field".
func (s *Service) CreateGroup(ctx context.Context, p model.Principal, in GroupInput) (model.Client, error) {
	var out model.Client
	err := s.Store.Tx(ctx, func(q store.Q) error {
		a, err := s.accessFor(ctx, q, p)
		if err != nil {
			return err
		}
		g, problems, err := s.newClient(ctx, q, a, model.KindGroup, in.Change)
		if err != nil {
			return err
		}
		// The setup wizard is about one person; a group's members have their own (CL-4).
		g.SetupCompletedAt = g.CreatedAt
		switch {
		case len(in.Members) < 2:
			problems.Add("members", "Add at least two members: a couple or family chart is about two or more people.")
		case len(in.Members) > maxLinks:
			return model.FieldError("members", fmt.Sprintf("Add at most %d members at once; add more from the chart.", maxLinks))
		}
		members, err := s.prepareMembers(ctx, q, a, g, in.Members, problems)
		if err != nil {
			return err
		}
		patient := chooseRole(in.IdentifiedPatient, in.Members, members, func(m model.MemberInput) bool { return m.IdentifiedPatient },
			"identified_patient", "Choose one member as the identified patient.", problems)
		billing := chooseRole(in.BillingContact, in.Members, members, func(m model.MemberInput) bool { return m.BillingContact },
			"billing_contact", "Choose one member as the billing contact.", problems)
		if err := problems.Err(); err != nil {
			return err
		}
		for i := range members {
			if in.Members[i].ClientID == "" {
				if err := s.insertClient(ctx, q, a, members[i].Client, fmt.Sprintf("members.%d.email", i),
					in.Members[i].New.ConfirmDistinctEmail); err != nil {
					return memberEmailConflict(err, i)
				}
			}
			g.MemberNames = append(g.MemberNames, members[i].Client.FirstName, members[i].Client.LastName,
				members[i].Client.LegalFirstName, members[i].Client.LegalLastName)
		}
		g.IdentifiedPatientID, g.BillingMemberID = members[patient].Client.ID, members[billing].Client.ID
		if err := store.InsertGroup(ctx, q, g); err != nil {
			return err
		}
		if err := s.Audit.Append(ctx, q, s.event(p, "chart.create", g.ID)); err != nil {
			return err
		}
		for _, m := range members {
			m.GroupID = g.ID
			if err := s.insertMember(ctx, q, a, m); err != nil {
				return err
			}
		}
		g.MemberCount = len(members)
		out = g
		return nil
	})
	if err != nil {
		return model.Client{}, fmt.Errorf("clients: create group: %w", s.auditDenied(ctx, p, "chart.create", "", err))
	}
	return out, nil
}

// prepareMembers checks members to add to group g: an existing client must be an individual or minor
// chart the principal may see (else not found); a new one needs a first and last name.
func (s *Service) prepareMembers(ctx context.Context, q store.Q, a access, g model.Client, ins []model.MemberInput, problems model.Problems) ([]model.Member, error) {
	seen := map[string]bool{}
	out := make([]model.Member, len(ins))
	for i, in := range ins {
		prefix := fmt.Sprintf("members.%d.", i)
		m, err := s.prepareMember(ctx, q, a, g, in, prefix, problems)
		if err != nil {
			return nil, err
		}
		if in.ClientID != "" && seen[in.ClientID] {
			problems.Add(prefix+"client_id", "This client is already a member above; add each person once.")
		}
		seen[in.ClientID] = true
		out[i] = m
	}
	return out, nil
}

// prepareMember checks one member to add to group g; a new member becomes a new individual client
// with the group's clinician (stored by the caller).
func (s *Service) prepareMember(ctx context.Context, q store.Q, a access, g model.Client, in model.MemberInput, prefix string, problems model.Problems) (model.Member, error) {
	m := model.Member{GroupID: g.ID, Reminders: in.Reminders, Bridging: in.Bridging}
	if in.ClientID != "" {
		c, err := s.load(ctx, q, a, in.ClientID)
		if err != nil {
			return m, err
		}
		if c.IsGroup() {
			problems.Add(prefix+"client_id", "Choose a person's own chart; a couple or family chart cannot be a member.")
		}
		if c.ID == g.ID {
			problems.Add(prefix+"client_id", "A chart cannot be a member of itself.")
		}
		m.Client = c
		return m, nil
	}
	n := in.New
	n.Clean(problems, prefix)
	ch := model.ClientChange{FirstName: &n.FirstName, LastName: &n.LastName, Email: &n.Email, Phone: &n.Phone,
		AssignedClinicianID: &g.AssignedClinicianID}
	c, more, err := s.newClient(ctx, q, a, model.KindIndividual, ch)
	if err != nil {
		return m, err
	}
	for k, v := range more {
		problems.Add(prefix+k, v)
	}
	m.Client = c
	return m, nil
}

// chooseRole picks which member holds a role: the one whose client id is named, or the one whose input
// flag is set, or the first. It adds a problem when the choice is not exactly one member.
func chooseRole(named string, ins []model.MemberInput, members []model.Member, flag func(model.MemberInput) bool, field, msg string, problems model.Problems) int {
	if len(members) == 0 {
		return 0
	}
	if named != "" {
		for i, m := range members {
			if ins[i].ClientID != "" && m.Client.ID == named {
				return i
			}
		}
		problems.Add(field, "The "+roleName(field)+" must be one of this chart's members.")
		return 0
	}
	chosen := -1
	for i, in := range ins {
		if flag(in) {
			if chosen >= 0 {
				problems.Add(field, msg)
			}
			chosen = i
		}
	}
	return max(chosen, 0)
}

func roleName(field string) string {
	if field == "billing_contact" {
		return "billing contact"
	}
	return "identified patient"
}

// insertMember stores a membership and audits it on the group chart.
func (s *Service) insertMember(ctx context.Context, q store.Q, a access, m model.Member) error {
	if err := store.InsertMember(ctx, q, a.p.PracticeID, m, s.Now().UTC()); err != nil {
		if isConflict(err) {
			return &model.ConflictError{Field: "client_id", Message: "This client is already a member of this chart."}
		}
		return err
	}
	e := s.event(a.p, "chart.member.add", m.GroupID)
	e.Detail = m.Client.ID
	return s.Audit.Append(ctx, q, e)
}

// memberEmailConflict explains a new member whose email another client already has.
func memberEmailConflict(err error, i int) error {
	if isConflict(err) {
		return &model.ConflictError{Field: fmt.Sprintf("members.%d.email", i), Message: "Another client in this practice already has this email. " +
			"Choose them as an existing client instead, or leave the email empty."}
	}
	return err
}
