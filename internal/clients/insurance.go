package clients

import (
	"context"
	"fmt"

	"tend/internal/id"
	"tend/internal/model"
	"tend/internal/store"
)

// Insurance (CL-9, GR-2): a chart's insurance policies, kept in Details beside the billing type and in
// the setup wizard's billing step. On an individual or minor chart a policy is the client's; on a couple
// or family chart it is the identified patient's, whose insurance the chart uses. They follow the
// chart's rules (authz.Charts): whoever may change the chart's details, billing staff included, keeps
// its insurance, so billing type and policies are changed by the same people.

// InsuranceView is a chart's insurance as a person sees it.
type InsuranceView struct {
	Policies []PolicyView
	// PersonID and PersonName are whose policies new ones are: the client, or a group's identified
	// patient; "" on a group chart that has none yet (NeedsPatient).
	PersonID, PersonName string
	NeedsPatient         bool
	CanChange            bool
}

// PolicyView is a policy with whose it is, and whether the chart uses it (on a group chart, the policies
// of a member who is no longer the identified patient are kept but not used).
type PolicyView struct {
	model.InsurancePolicy
	PersonName string
	InUse      bool
}

// noPatient is the message of a group chart without an identified patient.
const noPatient = "Choose the identified patient on the Members tab first: a couple or family chart uses their insurance."

// Insurance returns a chart's policies and audits the read.
func (s *Service) Insurance(ctx context.Context, p model.Principal, chartID string) (InsuranceView, error) {
	a, err := s.accessFor(ctx, s.Store.R(), p)
	if err != nil {
		return InsuranceView{}, err
	}
	c, err := s.load(ctx, s.Store.R(), a, chartID)
	if err != nil {
		return InsuranceView{}, fmt.Errorf("clients: insurance: %w", s.auditDenied(ctx, p, "chart.insurance.view", chartID, err))
	}
	v, err := s.insuranceOf(ctx, s.Store.R(), c)
	if err != nil {
		return InsuranceView{}, fmt.Errorf("clients: insurance: %w", err)
	}
	v.CanChange = a.canChange(c)
	if err := s.recordRead(ctx, s.event(p, "chart.insurance.view", c.ID)); err != nil {
		return InsuranceView{}, fmt.Errorf("clients: insurance: %w", err)
	}
	return v, nil
}

// insuranceOf reads the chart's policies and names whose each one is.
func (s *Service) insuranceOf(ctx context.Context, q store.Q, c model.Client) (InsuranceView, error) {
	names := map[string]string{}
	var v InsuranceView
	if c.IsGroup() {
		members, err := store.MembersOf(ctx, q, c.ID)
		if err != nil {
			return v, err
		}
		for _, m := range members {
			names[m.Client.PersonID] = m.Client.Name()
			if m.IdentifiedPatient {
				v.PersonID, v.PersonName = m.Client.PersonID, m.Client.Name()
			}
		}
		v.NeedsPatient = v.PersonID == ""
	} else {
		v.PersonID, v.PersonName = c.PersonID, c.Name()
		names[c.PersonID] = c.Name()
	}
	pols, err := store.PoliciesOfChart(ctx, q, c.PracticeID, c.ID)
	if err != nil {
		return v, err
	}
	for _, pol := range pols {
		name, ok := names[pol.PersonID]
		if !ok {
			name = "A former member"
		}
		v.Policies = append(v.Policies, PolicyView{InsurancePolicy: pol, PersonName: name, InUse: pol.PersonID == v.PersonID})
	}
	return v, nil
}

// AddPolicy records a policy on a chart, for the client or (GR-2) the group's identified patient. A
// person has at most one primary and one secondary policy on the chart.
func (s *Service) AddPolicy(ctx context.Context, p model.Principal, chartID string, in model.PolicyInput) (model.InsurancePolicy, error) {
	var out model.InsurancePolicy
	err := s.changeInsurance(ctx, p, chartID, "chart.insurance.add", func(q store.Q, c model.Client, v InsuranceView) (string, error) {
		if v.NeedsPatient {
			return "", &model.ValidationError{Message: noPatient, Fields: map[string]string{}}
		}
		now := s.Now().UTC()
		pol := model.InsurancePolicy{ID: id.New(), PracticeID: c.PracticeID, ChartID: c.ID, PersonID: v.PersonID, CreatedAt: now, UpdatedAt: now}
		if err := checkPolicy(in, &pol, v.Policies); err != nil {
			return "", err
		}
		out = pol
		return pol.ID, store.InsertPolicy(ctx, q, pol)
	})
	return out, err
}

// UpdatePolicy replaces a policy's fields; it stays the person's it was recorded for.
func (s *Service) UpdatePolicy(ctx context.Context, p model.Principal, chartID, policyID string, in model.PolicyInput) (model.InsurancePolicy, error) {
	var out model.InsurancePolicy
	err := s.changeInsurance(ctx, p, chartID, "chart.insurance.update", func(q store.Q, c model.Client, v InsuranceView) (string, error) {
		pol, err := policyOf(v, policyID)
		if err != nil {
			return "", err
		}
		if err := checkPolicy(in, &pol, v.Policies); err != nil {
			return "", err
		}
		pol.UpdatedAt = s.Now().UTC()
		out = pol
		return pol.ID, store.UpdatePolicy(ctx, q, pol)
	})
	return out, err
}

// RemovePolicy deletes a policy of the chart.
func (s *Service) RemovePolicy(ctx context.Context, p model.Principal, chartID, policyID string) error {
	return s.changeInsurance(ctx, p, chartID, "chart.insurance.remove", func(q store.Q, c model.Client, v InsuranceView) (string, error) {
		pol, err := policyOf(v, policyID)
		if err != nil {
			return "", err
		}
		return pol.ID, store.DeletePolicy(ctx, q, c.PracticeID, c.ID, pol.ID)
	})
}

// Policy returns one policy of the chart as the person sees it.
func (s *Service) Policy(ctx context.Context, p model.Principal, chartID, policyID string) (PolicyView, error) {
	v, err := s.Insurance(ctx, p, chartID)
	if err != nil {
		return PolicyView{}, err
	}
	for _, pol := range v.Policies {
		if pol.ID == policyID {
			return pol, nil
		}
	}
	return PolicyView{}, fmt.Errorf("clients: policy %s: %w", policyID, model.ErrNotFound)
}

func policyOf(v InsuranceView, policyID string) (model.InsurancePolicy, error) {
	for _, pol := range v.Policies {
		if pol.ID == policyID {
			return pol.InsurancePolicy, nil
		}
	}
	return model.InsurancePolicy{}, fmt.Errorf("clients: policy %s: %w", policyID, model.ErrNotFound)
}

// checkPolicy applies the input to pol and refuses a second primary (or secondary) of the same person.
func checkPolicy(in model.PolicyInput, pol *model.InsurancePolicy, others []PolicyView) error {
	problems := in.Apply(pol)
	for _, o := range others {
		if o.ID != pol.ID && o.PersonID == pol.PersonID && o.Priority == pol.Priority {
			problems.Add("priority", fmt.Sprintf("%s already has a %s policy (%s). Make this one %s, or change that one first.",
				o.PersonName, pol.Priority, o.Payer, otherPriority(pol.Priority)))
			break
		}
	}
	return problems.Err()
}

func otherPriority(pr string) string {
	if pr == model.PolicyPrimary {
		return model.PolicySecondary
	}
	return model.PolicyPrimary
}

// changeInsurance runs one change of a chart's insurance in a transaction with its audit event (the
// policy's id as record): the chart must be one the person may change.
func (s *Service) changeInsurance(ctx context.Context, p model.Principal, chartID, action string,
	do func(q store.Q, c model.Client, v InsuranceView) (string, error)) error {
	err := s.Store.Tx(ctx, func(q store.Q) error {
		a, err := s.accessFor(ctx, q, p)
		if err != nil {
			return err
		}
		c, err := s.load(ctx, q, a, chartID)
		if err != nil {
			return err
		}
		if !a.canChange(c) {
			return model.ErrForbidden
		}
		v, err := s.insuranceOf(ctx, q, c)
		if err != nil {
			return err
		}
		policyID, err := do(q, c, v)
		if err != nil {
			return err
		}
		e := s.event(p, action, c.ID)
		e.RecordType, e.RecordID = "insurance_policy", policyID
		return s.Audit.Append(ctx, q, e)
	})
	if err != nil {
		return fmt.Errorf("clients: %s: %w", action, s.auditDenied(ctx, p, action, chartID, err))
	}
	return nil
}
