package model

import "strings"

// Relationship is how a contact is related to the client (CT-1, MN-2).
type Relationship string

// The relationships offered; "other" comes with a free-text description.
const (
	RelParent        Relationship = "parent"
	RelLegalGuardian Relationship = "legal_guardian"
	RelGrandparent   Relationship = "grandparent"
	RelSpousePartner Relationship = "spouse_partner"
	RelOther         Relationship = "other"
)

// Relationships lists the relationships in display order.
func Relationships() []Relationship {
	return []Relationship{RelParent, RelLegalGuardian, RelGrandparent, RelSpousePartner, RelOther}
}

// Label is the relationship as people read it.
func (r Relationship) Label() string {
	switch r {
	case RelParent:
		return "Parent"
	case RelLegalGuardian:
		return "Legal guardian"
	case RelGrandparent:
		return "Grandparent"
	case RelSpousePartner:
		return "Spouse or partner"
	case RelOther:
		return "Other"
	}
	return "Not set"
}

// ContactFlags are what a contact does for the client (CT-2, MN-2).
type ContactFlags struct {
	HandlesBilling   bool // billing contact: is billed and receives billing documents
	MaySign          bool // may sign documents for the client
	Reminders        bool // receives appointment reminders
	SeesAppointments bool // may see upcoming appointments
	Emergency        bool // is an emergency contact
}

// Person is one human of a practice as a contact or a search result: identity only.
type Person struct {
	ID        string
	FirstName string
	LastName  string
	Email     string
	Phone     string
	// ChartID is the person's own individual or minor chart when they are also a client, else "".
	ChartID   string
	ChartKind ChartKind
	// ChartClinicianID is the own chart's assigned clinician, for deciding who may know of it.
	ChartClinicianID string
}

// Name is the person's chosen name.
func (p Person) Name() string { return strings.TrimSpace(p.FirstName + " " + p.LastName) }

// PersonSearchText is what a person is found by when linking them as a contact or member: names,
// email and phone digits, folded.
func PersonSearchText(first, last, email, phone string) string {
	var out []string
	for _, s := range []string{first, last, email, PhoneDigits(phone)} {
		if s = Fold(strings.TrimSpace(s)); s != "" {
			out = append(out, s)
		}
	}
	return strings.Join(out, " ")
}

// Contact is a person linked to a chart, with the relationship and what they do.
type Contact struct {
	ID                string
	ChartID           string
	Person            Person
	Relationship      Relationship
	RelationshipOther string
	ContactFlags
}

// RelationshipLabel is the relationship as shown, with the free text for "other".
func (c Contact) RelationshipLabel() string {
	if c.Relationship == RelOther && c.RelationshipOther != "" {
		return c.RelationshipOther
	}
	return c.Relationship.Label()
}

// NewPerson is a person typed in where a contact or member is added: a first and last name, and for
// a contact optionally an email and phone.
type NewPerson struct {
	FirstName, LastName, Email, Phone string
	// ConfirmDistinctEmail goes ahead with an email that looks like another record's (model.ConfusableEmailError).
	ConfirmDistinctEmail bool
}

// Clean trims and checks the fields, adding problems under prefix+field ("contacts.0.first_name").
func (n *NewPerson) Clean(p Problems, prefix string) {
	text := func(field string, v *string, max int, missing string) {
		s, msg := CleanText(*v, max)
		switch {
		case msg != "":
			p.Add(prefix+field, msg)
		case s == "" && missing != "":
			p.Add(prefix+field, missing)
		default:
			*v = s
		}
	}
	text("first_name", &n.FirstName, 100, "Enter a first name.")
	text("last_name", &n.LastName, 100, "Enter a last name.")
	n.Email = strings.TrimSpace(n.Email)
	ValidateEmail(p, prefix+"email", n.Email, false)
	if v, msg := cleanPhone(n.Phone); msg != "" {
		p.Add(prefix+"phone", msg)
	} else {
		n.Phone = v
	}
}

// ContactInput is a contact to add: an existing person (PersonID) or a new one, with the
// relationship and flags.
type ContactInput struct {
	PersonID          string
	New               NewPerson
	Relationship      Relationship
	RelationshipOther string
	ContactFlags
	// Invite enrols the contact as a portal user of the new chart at once, with the permissions their
	// flags give (MN-3, CT-4); only when a chart is created.
	Invite bool
}

// CleanLink checks the relationship part of a contact, adding problems under prefix.
func (in *ContactInput) CleanLink(p Problems, prefix string) {
	in.Relationship = Relationship(strings.TrimSpace(string(in.Relationship)))
	if !contains(Relationships(), in.Relationship) {
		p.Add(prefix+"relationship", "Choose how this person is related to the client.")
	}
	v, msg := CleanText(in.RelationshipOther, 60)
	switch {
	case msg != "":
		p.Add(prefix+"relationship_other", msg)
	case in.Relationship == RelOther && v == "":
		p.Add(prefix+"relationship_other", "Say how they are related, for example aunt or foster parent.")
	}
	if in.Relationship != RelOther {
		v = ""
	}
	in.RelationshipOther = v
}

// PortalDefaults are the permissions a contact is offered when they are enrolled as a portal user of
// the chart (CT-2, CT-4): "may sign" lets them complete and sign documents, "may see upcoming
// appointments" shows appointments. A parent or guardian of a minor also gets messaging, since when the
// guardian is the portal user all communication goes to them (MN-3). The billing flag marks who
// receives statements once billing is in Tend; it grants nothing in the portal now.
func (f ContactFlags) PortalDefaults(guardian bool) Features {
	var out Features
	if f.MaySign {
		out = append(out, FeatureDocuments)
	}
	if guardian {
		out = append(out, FeatureMessaging)
	}
	if f.SeesAppointments {
		out = append(out, FeatureAppointments)
	}
	return out.sorted()
}

// FlagMeaning says what a contact flag does, for the chart and the contact form (CT-2). The keys are the
// form's and the API's names of the flags.
func FlagMeaning(flag string) string {
	switch flag {
	case "handles_billing":
		return "Receives the client's statements and bills once billing is in Tend."
	case "may_sign":
		return "May complete and sign the client's documents: ticks “Complete and sign documents” when they are invited to the portal."
	case "receives_reminders":
		return "Gets appointment reminders by email once the calendar is in Tend."
	case "sees_appointments":
		return "May see upcoming appointments: ticks “View appointments” when they are invited to the portal."
	case "emergency":
		return "Shown to staff as someone to call in an emergency."
	}
	return ""
}
