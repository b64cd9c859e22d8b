package clients

import (
	"context"
	"errors"
	"fmt"

	"tend/internal/authz"
	"tend/internal/id"
	"tend/internal/model"
	"tend/internal/store"
)

// Create adds an individual client (CL-1): first and last name are required, the rest optional. A
// clinician or supervisor who creates a client is their clinician unless another is chosen by someone
// allowed to assign. A duplicate email is a *model.ConflictError on "email" (CL-2).
func (s *Service) Create(ctx context.Context, p model.Principal, ch model.ClientChange) (model.Client, error) {
	return s.create(ctx, p, model.KindIndividual, ch, nil, nil)
}

// CreateMinor adds a minor's chart with at least one contact, a parent or guardian (MN-1, MN-2), all in
// one transaction. Problems with a contact are reported under "contacts.N.field". A contact marked Invite
// is enrolled in the portal in the same transaction, with the permissions their flags give (MN-3, CT-4),
// and templateIDs are requested with that invitation (PT-2).
func (s *Service) CreateMinor(ctx context.Context, p model.Principal, ch model.ClientChange, contacts []model.ContactInput, templateIDs ...string) (model.Client, error) {
	return s.create(ctx, p, model.KindMinor, ch, contacts, templateIDs)
}

func (s *Service) create(ctx context.Context, p model.Principal, kind model.ChartKind, ch model.ClientChange, contacts []model.ContactInput, templateIDs []string) (model.Client, error) {
	var out model.Client
	err := s.Store.Tx(ctx, func(q store.Q) error {
		var err error
		out, err = s.createIn(ctx, q, p, kind, ch, contacts, templateIDs)
		return err
	})
	if err != nil {
		return model.Client{}, fmt.Errorf("clients: create: %w", s.auditDenied(ctx, p, "chart.create", "", err))
	}
	return out, nil
}

// CreateChart adds an individual client inside q, with every rule of Create: other use cases (the FHIR
// import) call it so that a chart they make is checked and audited like any other, in their own
// transaction. Pass an error to AuditDenied after the transaction.
func (s *Service) CreateChart(ctx context.Context, q store.Q, p model.Principal, ch model.ClientChange) (model.Client, error) {
	return s.createIn(ctx, q, p, model.KindIndividual, ch, nil, nil)
}

// createIn is create inside q.
func (s *Service) createIn(ctx context.Context, q store.Q, p model.Principal, kind model.ChartKind, ch model.ClientChange, contacts []model.ContactInput, templateIDs []string) (model.Client, error) {
	var out model.Client
	err := func() error {
		a, err := s.accessFor(ctx, q, p)
		if err != nil {
			return err
		}
		c, problems, err := s.newClient(ctx, q, a, kind, ch)
		if err != nil {
			return err
		}
		switch {
		case kind == model.KindMinor && len(contacts) == 0:
			problems.Add("contacts", "Add at least one parent or guardian as a contact: a minor's chart needs one.")
		case len(contacts) > maxLinks:
			return model.FieldError("contacts", fmt.Sprintf("Add at most %d contacts at once; add more from the chart.", maxLinks))
		}
		links := make([]model.Contact, len(contacts))
		inviting := false
		for i := range contacts {
			prefix := fmt.Sprintf("contacts.%d.", i)
			if links[i], err = s.prepareContact(ctx, q, a, c, &contacts[i], prefix, problems); err != nil {
				return err
			}
			if contacts[i].Invite {
				inviting = true
				switch {
				case links[i].Person.Email != "":
				case contacts[i].PersonID != "":
					problems.Add(prefix+"invite", "They have no email in Tend yet: add it to their details first, or invite them later from the Portal tab.")
				default:
					problems.Add(prefix+"email", "Add their email to invite them to the portal; the invitation goes there.")
				}
			}
		}
		if len(templateIDs) > 0 && !inviting {
			problems.Add("template_ids", "Invite a parent or guardian to the portal to send documents with the invitation, or send them later from the Portal tab.")
		}
		if err := problems.Err(); err != nil {
			return err
		}
		if err := s.insertClient(ctx, q, a, c, "email", ch.ConfirmDistinctEmail); err != nil {
			return err
		}
		for i := range links {
			if _, err := s.insertContact(ctx, q, a, links[i], contacts[i].New, fmt.Sprintf("contacts.%d.", i)); err != nil {
				return err
			}
		}
		if inviting {
			if err := s.inviteNewContacts(ctx, q, a, c, contacts, links, templateIDs); err != nil {
				return err
			}
		}
		out = c
		return nil
	}()
	return out, err
}

// maxLinks bounds the contacts or members given when a chart is created (one transaction).
const maxLinks = 20

// newClient builds a new individual or minor client from ch, with the problems found; nothing is stored.
func (s *Service) newClient(ctx context.Context, q store.Q, a access, kind model.ChartKind, ch model.ClientChange) (model.Client, model.Problems, error) {
	now := s.Now().UTC()
	p := a.p
	c := model.Client{
		ID: id.New(), PersonID: id.New(), PracticeID: p.PracticeID, Kind: kind,
		State: model.StateActive, MessagingOn: true, CreatedAt: now, UpdatedAt: now,
	}
	empty := ""
	switch {
	case kind == model.KindGroup:
		c.PersonID = ""
		if ch.GroupName == nil {
			ch.GroupName = &empty
		}
	default:
		if ch.FirstName == nil {
			ch.FirstName = &empty
		}
		if ch.LastName == nil {
			ch.LastName = &empty
		}
	}
	if !a.canAssign() {
		ch.AssignedClinicianID = nil
	}
	problems := ch.Apply(&c, s.today(a.practice))
	if c.AssignedClinicianID == "" && authz.SelfAssigns(p) && ch.AssignedClinicianID == nil {
		c.AssignedClinicianID = p.StaffID
	}
	if err := checkClinician(ctx, q, p.PracticeID, c.AssignedClinicianID, problems); err != nil {
		return c, problems, err
	}
	if err := checkService(ctx, q, p.PracticeID, c.DefaultServiceID, problems); err != nil {
		return c, problems, err
	}
	return c, problems, nil
}

// insertClient stores a new individual or minor client and audits it. An email that looks like another
// person's is refused under field unless confirmed.
func (s *Service) insertClient(ctx context.Context, q store.Q, a access, c model.Client, field string, confirmed bool) error {
	if err := s.checkLookalike(ctx, q, a, field, c.Email, "", confirmed); err != nil {
		return err
	}
	if err := store.InsertClient(ctx, q, c); err != nil {
		return isEmailConflict(err)
	}
	return s.Audit.Append(ctx, q, s.event(a.p, "chart.create", c.ID))
}

// inviteNewContacts enrols the contacts of a new chart marked Invite in the portal, each with the
// permissions their flags give (MN-3, CT-4), and requests templateIDs once for the chart (PT-2).
func (s *Service) inviteNewContacts(ctx context.Context, q store.Q, a access, c model.Client, contacts []model.ContactInput, links []model.Contact, templateIDs []string) error {
	var signer *PortalUser
	for i := range contacts {
		if !contacts[i].Invite {
			continue
		}
		prefix := fmt.Sprintf("contacts.%d.", i)
		acc, err := s.invite(ctx, q, a.p, c.ID, InviteInput{ContactID: links[i].ID, DefaultFeatures: true,
			ConfirmDistinctEmail: contacts[i].New.ConfirmDistinctEmail})
		if err != nil {
			return withPrefix(err, prefix)
		}
		if signer == nil && acc.Permissions.Has(model.FeatureDocuments) {
			signer = &PortalUser{PersonID: acc.PersonID, Name: acc.PersonName}
		}
	}
	if len(templateIDs) == 0 {
		return nil
	}
	if signer == nil {
		return model.FieldError("template_ids", "Tick “May sign documents” for someone you invite, or nobody can fill in these documents.")
	}
	return s.requestDocuments(ctx, q, a.p, c, *signer, templateIDs)
}

// withPrefix moves the field names of a validation, look-alike or conflict error under prefix, for a
// problem of one row of a form ("contacts.0.email").
func withPrefix(err error, prefix string) error {
	var ve *model.ValidationError
	var le *model.ConfusableEmailError
	var ce *model.ConflictError
	switch {
	case errors.As(err, &le):
		moved := *le
		moved.Field = prefix + le.Field
		return &moved
	case errors.As(err, &ve):
		fields := make(map[string]string, len(ve.Fields))
		for k, v := range ve.Fields {
			fields[prefix+k] = v
		}
		return &model.ValidationError{Message: ve.Message, Fields: fields}
	case errors.As(err, &ce) && ce.Field != "":
		return &model.ConflictError{Field: prefix + ce.Field, Message: ce.Message}
	}
	return err
}
