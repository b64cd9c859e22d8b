package clients

import (
	"context"
	"errors"
	"fmt"

	"tend/internal/id"
	"tend/internal/model"
	"tend/internal/store"
)

// Contacts lists a chart's contacts (CT-1), and audits the read.
func (s *Service) Contacts(ctx context.Context, p model.Principal, chartID string) ([]model.Contact, error) {
	a, err := s.accessFor(ctx, s.Store.R(), p)
	if err != nil {
		return nil, err
	}
	if _, err := s.load(ctx, s.Store.R(), a, chartID); err != nil {
		return nil, fmt.Errorf("clients: contacts: %w", s.auditDenied(ctx, p, "chart.contacts.view", chartID, err))
	}
	out, err := store.ContactsOf(ctx, s.Store.R(), chartID)
	if err != nil {
		return nil, err
	}
	return a.visibleContacts(out), s.recordRead(ctx, s.event(p, "chart.contacts.view", chartID))
}

// AddContact links a new or existing person to an individual or minor chart (CT-1, CT-2).
func (s *Service) AddContact(ctx context.Context, p model.Principal, chartID string, in model.ContactInput) (model.Contact, error) {
	var out model.Contact
	err := s.Store.Tx(ctx, func(q store.Q) error {
		var err error
		out, err = s.AddContactIn(ctx, q, p, chartID, in)
		return err
	})
	if err != nil {
		return model.Contact{}, fmt.Errorf("clients: add contact: %w", s.auditDenied(ctx, p, "chart.contact.add", chartID, err))
	}
	return out, nil
}

// AddContactIn is AddContact inside q, with all its rules, for use cases that add contacts in their own
// transaction (the FHIR import). Pass an error to AuditDenied after the transaction.
func (s *Service) AddContactIn(ctx context.Context, q store.Q, p model.Principal, chartID string, in model.ContactInput) (model.Contact, error) {
	a, c, err := s.changeable(ctx, q, p, chartID)
	if err != nil {
		return model.Contact{}, err
	}
	if c.IsGroup() {
		return model.Contact{}, model.FieldError("person_id", "Contacts belong on each member's own chart, not on a couple or family chart.")
	}
	problems := model.Problems{}
	link, err := s.prepareContact(ctx, q, a, c, &in, "", problems)
	if err != nil {
		return model.Contact{}, err
	}
	if err := problems.Err(); err != nil {
		return model.Contact{}, err
	}
	return s.insertContact(ctx, q, a, link, in.New, "")
}

// ContactChange is an edit of a contact: the relationship and flags, and for a person who is only a
// contact (not a client) their name, email and phone. A client's own details are edited on their chart.
type ContactChange struct {
	Relationship      model.Relationship
	RelationshipOther string
	Flags             model.ContactFlags
	Person            *model.NewPerson
}

// UpdateContact changes a contact's relationship and flags, and a contact-only person's details.
func (s *Service) UpdateContact(ctx context.Context, p model.Principal, chartID, contactID string, ch ContactChange) (model.Contact, error) {
	var out model.Contact
	err := s.Store.Tx(ctx, func(q store.Q) error {
		a, c, err := s.changeable(ctx, q, p, chartID)
		if err != nil {
			return err
		}
		ct, err := loadContact(ctx, q, c.ID, contactID)
		if err != nil {
			return err
		}
		in := model.ContactInput{Relationship: ch.Relationship, RelationshipOther: ch.RelationshipOther}
		problems := model.Problems{}
		in.CleanLink(problems, "")
		if ch.Person != nil {
			if ct.Person.ChartID != "" {
				problems.Add("first_name", "This contact is also a client: change their details on their own chart.")
			}
			ch.Person.Clean(problems, "")
		}
		if err := problems.Err(); err != nil {
			return err
		}
		now := s.Now().UTC()
		if ch.Person != nil && model.NormalizeEmail(ch.Person.Email) != model.NormalizeEmail(ct.Person.Email) {
			if err := s.checkLookalike(ctx, q, a, "email", ch.Person.Email, ct.Person.ID, ch.Person.ConfirmDistinctEmail); err != nil {
				return err
			}
		}
		if ch.Person != nil {
			if err := store.UpdatePerson(ctx, q, a.p.PracticeID, ct.Person.ID, *ch.Person, now); err != nil {
				return contactEmailConflict(err, "")
			}
			ct.Person.FirstName, ct.Person.LastName = ch.Person.FirstName, ch.Person.LastName
			ct.Person.Email, ct.Person.Phone = ch.Person.Email, ch.Person.Phone
		}
		ct.Relationship, ct.RelationshipOther, ct.ContactFlags = in.Relationship, in.RelationshipOther, ch.Flags
		if err := store.UpdateContact(ctx, q, ct, now); err != nil {
			return err
		}
		if err := syncAccessRole(ctx, q, c, ct, now); err != nil {
			return err
		}
		out = a.visibleContacts([]model.Contact{ct})[0]
		e := s.event(a.p, "chart.contact.update", c.ID)
		e.Detail = ct.ID
		return s.Audit.Append(ctx, q, e)
	})
	if err != nil {
		return model.Contact{}, fmt.Errorf("clients: update contact: %w", s.auditDenied(ctx, p, "chart.contact.update", chartID, err))
	}
	return out, nil
}

// RemoveContact unlinks a contact from a chart. A minor's last contact stays until another is added (MN-1).
func (s *Service) RemoveContact(ctx context.Context, p model.Principal, chartID, contactID string) error {
	err := s.Store.Tx(ctx, func(q store.Q) error {
		a, c, err := s.changeable(ctx, q, p, chartID)
		if err != nil {
			return err
		}
		ct, err := loadContact(ctx, q, c.ID, contactID)
		if err != nil {
			return err
		}
		if c.IsMinor() {
			all, err := store.ContactsOf(ctx, q, c.ID)
			if err != nil {
				return err
			}
			if len(all) <= 1 {
				return model.FieldError("contacts", "A minor needs at least one parent or guardian. Add another contact before removing this one.")
			}
		}
		// The person's portal access to this chart ends with the link (CT-4).
		if err := store.DeletePortalAccessOfPerson(ctx, q, c.ID, ct.Person.ID); err != nil {
			return err
		}
		if err := store.RefreshPortalState(ctx, q, c.ID); err != nil {
			return err
		}
		if err := store.DeleteContact(ctx, q, a.p.PracticeID, ct); err != nil {
			return err
		}
		e := s.event(a.p, "chart.contact.remove", c.ID)
		e.Detail = ct.ID
		return s.Audit.Append(ctx, q, e)
	})
	if err != nil {
		return fmt.Errorf("clients: remove contact: %w", s.auditDenied(ctx, p, "chart.contact.remove", chartID, err))
	}
	return nil
}

// changeable loads a chart the principal may change, with their access.
func (s *Service) changeable(ctx context.Context, q store.Q, p model.Principal, chartID string) (access, model.Client, error) {
	a, err := s.accessFor(ctx, q, p)
	if err != nil {
		return a, model.Client{}, err
	}
	c, err := s.load(ctx, q, a, chartID)
	if err != nil {
		return a, c, err
	}
	if !a.canChange(c) {
		return a, c, model.ErrForbidden
	}
	return a, c, nil
}

func loadContact(ctx context.Context, q store.Q, chartID, contactID string) (model.Contact, error) {
	if !id.Valid(contactID) {
		return model.Contact{}, fmt.Errorf("clients: malformed contact id: %w", model.ErrNotFound)
	}
	return store.ContactByID(ctx, q, chartID, contactID)
}

// prepareContact checks a contact to add to chart c, adding problems under prefix. An existing person
// must be of the practice and, when they are a client, one the principal may see (else not found).
func (s *Service) prepareContact(ctx context.Context, q store.Q, a access, c model.Client, in *model.ContactInput, prefix string, problems model.Problems) (model.Contact, error) {
	in.CleanLink(problems, prefix)
	link := model.Contact{ID: id.New(), ChartID: c.ID, Relationship: in.Relationship, RelationshipOther: in.RelationshipOther, ContactFlags: in.ContactFlags}
	if in.PersonID == "" {
		in.New.Clean(problems, prefix)
		link.Person = model.Person{FirstName: in.New.FirstName, LastName: in.New.LastName, Email: in.New.Email, Phone: in.New.Phone}
		return link, nil
	}
	if !id.Valid(in.PersonID) {
		return link, fmt.Errorf("clients: malformed person id: %w", model.ErrNotFound)
	}
	person, err := store.PersonByID(ctx, q, a.p.PracticeID, in.PersonID)
	if err != nil {
		return link, err
	}
	if person.ChartID != "" {
		if _, err := s.load(ctx, q, a, person.ChartID); err != nil {
			return link, err
		}
	} else if ok, err := store.PersonVisible(ctx, q, a.p.PracticeID, person.ID, a.visibility()); err != nil {
		return link, err
	} else if !ok {
		// A contact of charts this person may not see is as unknown to them as a missing one.
		return link, fmt.Errorf("clients: person %s is not visible: %w", person.ID, model.ErrNotFound)
	}
	if person.ID == c.PersonID {
		problems.Add(prefix+"person_id", "A client cannot be their own contact. Choose someone else.")
	}
	link.Person = person
	return link, nil
}

// insertContact stores a prepared contact, and first its person when they are new.
func (s *Service) insertContact(ctx context.Context, q store.Q, a access, link model.Contact, n model.NewPerson, prefix string) (model.Contact, error) {
	now := s.Now().UTC()
	if link.Person.ID == "" {
		if err := s.checkLookalike(ctx, q, a, prefix+"email", n.Email, "", n.ConfirmDistinctEmail); err != nil {
			return link, err
		}
		link.Person.ID = id.New()
		if err := store.InsertPerson(ctx, q, a.p.PracticeID, link.Person.ID, n, now); err != nil {
			return link, contactEmailConflict(err, prefix)
		}
	}
	if err := store.InsertContact(ctx, q, a.p.PracticeID, link, now); err != nil {
		if errors.Is(err, model.ErrConflict) {
			return link, &model.ConflictError{Field: prefix + "person_id", Message: "This person is already a contact on this chart."}
		}
		return link, err
	}
	e := s.event(a.p, "chart.contact.add", link.ChartID)
	e.Detail = link.ID
	return link, s.Audit.Append(ctx, q, e)
}

// contactEmailConflict explains a new contact whose email someone in the practice already has.
func contactEmailConflict(err error, prefix string) error {
	if errors.Is(err, model.ErrConflict) {
		return &model.ConflictError{Field: prefix + "email", Message: "Someone in this practice already has this email. " +
			"Choose them as an existing person instead, or leave the email empty."}
	}
	return err
}

// Contact returns one contact of a chart the principal may see.
func (s *Service) Contact(ctx context.Context, p model.Principal, chartID, contactID string) (model.Contact, error) {
	a, err := s.accessFor(ctx, s.Store.R(), p)
	if err != nil {
		return model.Contact{}, err
	}
	if _, err := s.load(ctx, s.Store.R(), a, chartID); err != nil {
		return model.Contact{}, fmt.Errorf("clients: contact: %w", s.auditDenied(ctx, p, "chart.contacts.view", chartID, err))
	}
	c, err := loadContact(ctx, s.Store.R(), chartID, contactID)
	if err != nil {
		return c, err
	}
	c = a.visibleContacts([]model.Contact{c})[0]
	return c, s.recordRead(ctx, s.event(p, "chart.contacts.view", chartID))
}
