package clients

import (
	"context"
	"errors"
	"fmt"
	"tend/internal/authz"

	"tend/internal/model"
	"tend/internal/store"
)

// View is a chart as a person sees it, with what they may do to it.
type View struct {
	model.Client
	CanChange bool
	CanAssign bool
	CanDelete bool
	// SeesClinical and ChangesClinical: the chart's clinical information (CL-8; the Clinical tab).
	SeesClinical, ChangesClinical bool
	Contacts                      []model.Contact      // individual and minor charts (CT-1)
	Groups                        []model.GroupSummary // the group charts this client belongs to (GR-3)
	Members                       []MemberView         // group charts (GR-3)
	// Lookalike is set while setup is not done when the client's email looks like another person's in
	// the practice: a client who registered themselves through the portal may already have a record.
	Lookalike *model.ConfusableEmailError
	// WhatsNext is the chart's checklist after it was created (CL-5), each item ticked when done.
	WhatsNext []NextStep
	// SeesPsychotherapy and SeesReflections show the chart's Psychotherapy notes tab (the viewer's own
	// notes) and Reflections tab (issue 14, items 4 and 5).
	SeesPsychotherapy, SeesReflections bool
	// ExportsRecord offers the chart's whole record as one PDF for a records request (IM-2, package records).
	ExportsRecord bool
}

// Get opens a chart and audits the view. A chart of another practice, or one the principal may not
// see, is model.ErrNotFound.
func (s *Service) Get(ctx context.Context, p model.Principal, chartID string) (View, error) {
	a, err := s.accessFor(ctx, s.Store.R(), p)
	if err != nil {
		return View{}, err
	}
	c, err := s.load(ctx, s.Store.R(), a, chartID)
	if err != nil {
		return View{}, fmt.Errorf("clients: get: %w", s.auditDenied(ctx, p, "chart.view", chartID, err))
	}
	v := View{Client: c, CanChange: a.canChange(c), CanAssign: a.canAssign() && a.canChange(c), CanDelete: a.canDelete()}
	v.SeesClinical, v.ChangesClinical = a.can(authz.View, authz.ClinicalInfo, c), a.can(authz.Change, authz.ClinicalInfo, c)
	v.SeesPsychotherapy, v.SeesReflections = a.privateTabs(c)
	v.ExportsRecord = a.can(authz.Export, authz.Records, c)
	if c.IsGroup() {
		if v.Members, err = s.memberViews(ctx, a, c.ID); err != nil {
			return View{}, err
		}
	} else {
		if v.Contacts, err = store.ContactsOf(ctx, s.Store.R(), c.ID); err != nil {
			return View{}, err
		}
		if v.Groups, err = store.GroupsOf(ctx, s.Store.R(), c.ID); err != nil {
			return View{}, err
		}
		v.Contacts, v.Groups = a.visibleContacts(v.Contacts), a.visibleGroups(v.Groups)
		if c.SetupCompletedAt.IsZero() {
			err := s.checkLookalike(ctx, s.Store.R(), a, "email", c.Email, c.PersonID, false)
			if !errors.As(err, &v.Lookalike) && err != nil {
				return View{}, fmt.Errorf("clients: get: %w", err)
			}
		}
	}
	if v.WhatsNext, err = s.whatsNext(ctx, s.Store.R(), a, c); err != nil {
		return View{}, fmt.Errorf("clients: get: %w", err)
	}
	one := []model.Client{v.Client}
	if _, err := s.addAttention(ctx, a, one, false); err != nil {
		return View{}, fmt.Errorf("clients: get: %w", err)
	}
	v.Client = one[0]
	if err := s.recordRead(ctx, s.event(p, "chart.view", c.ID)); err != nil {
		return View{}, fmt.Errorf("clients: get: %w", err)
	}
	return v, nil
}
