package fhir

import (
	"strings"

	"tend/internal/model"
)

// The parts of incoming resources the import reads, and how they become Tend's inputs.

// patientJSON is an incoming Patient.
type patientJSON struct {
	ID         string           `json:"id"`
	Identifier []Identifier     `json:"identifier"`
	Name       []HumanName      `json:"name"`
	Telecom    []ContactPoint   `json:"telecom"`
	Gender     string           `json:"gender"`
	BirthDate  string           `json:"birthDate"`
	Address    []Address        `json:"address"`
	Extension  []Extension      `json:"extension"`
	Contact    []PatientContact `json:"contact"`
}

// given joins a name's given names.
func given(n HumanName) string { return strings.TrimSpace(strings.Join(n.Given, " ")) }

// split is a name's first and last parts, from its text when it has no parts.
func split(n HumanName) (string, string) {
	first, last := given(n), strings.TrimSpace(n.Family)
	if parts := strings.Fields(n.Text); first == "" && last == "" && len(parts) > 0 {
		return strings.Join(parts[:len(parts)-1], " "), parts[len(parts)-1]
	}
	return first, last
}

// extensionText is the text of an extension's value: the extensions pack's complex form (a "value"
// sub-extension) or a plain valueCodeableConcept.
func extensionText(exts []Extension, url string) (string, bool) {
	for _, e := range exts {
		if e.URL != url {
			continue
		}
		cc := e.ValueCodeableConcept
		for _, sub := range e.Extension {
			if sub.URL == "value" && sub.ValueCodeableConcept != nil {
				cc = sub.ValueCodeableConcept
			}
		}
		if cc == nil {
			continue
		}
		if cc.Text != "" {
			return cc.Text, true
		}
		for _, c := range cc.Coding {
			if c.Display != "" {
				return c.Display, true
			}
		}
	}
	return "", false
}

// change is the Patient as a client change: only what the Patient says is set, so an update keeps the
// rest of the chart as it is.
func (pt patientJSON) change() model.ClientChange {
	var ch model.ClientChange
	var usual, official *HumanName
	for i := range pt.Name {
		switch n := &pt.Name[i]; n.Use {
		case "official":
			if official == nil {
				official = n
			}
		case "usual", "":
			if usual == nil {
				usual = n
			}
		}
	}
	if usual == nil {
		usual, official = official, nil
		if usual == nil && len(pt.Name) > 0 {
			usual = &pt.Name[0]
		}
	}
	if usual != nil {
		first, last := split(*usual)
		ch.FirstName, ch.LastName = &first, &last
	}
	if official != nil {
		first, last := split(*official)
		if usual == nil || first != *ch.FirstName || last != *ch.LastName {
			ch.LegalFirstName, ch.LegalLastName = &first, &last
		}
	}
	for _, t := range pt.Telecom {
		v := strings.TrimSpace(t.Value)
		switch {
		case t.System == "email" && ch.Email == nil && v != "":
			ch.Email = &v
		case (t.System == "phone" || t.System == "sms") && ch.Phone == nil && v != "":
			ch.Phone = &v
		}
	}
	switch pt.Gender {
	case "female", "male", "unknown":
		ch.Sex = new(pt.Gender)
	case "other":
		ch.Sex = new("x")
	}
	if pt.BirthDate != "" {
		ch.DateOfBirth = new(pt.BirthDate)
	}
	if len(pt.Address) > 0 {
		a := pt.Address[0]
		addr := model.Address{City: a.City, Region: a.State, PostalCode: a.PostalCode, Country: a.Country}
		if len(a.Line) > 0 {
			addr.Line1 = a.Line[0]
		}
		if len(a.Line) > 1 {
			addr.Line2 = strings.Join(a.Line[1:], ", ")
		}
		ch.Address = &addr
	}
	if v, ok := extensionText(pt.Extension, ExtPronouns); ok {
		ch.Pronouns = &v
	}
	if v, ok := extensionText(pt.Extension, ExtGenderIdentity); ok {
		ch.GenderIdentity = &v
	}
	for _, c := range pt.Contact {
		if !emergencyContact(c) {
			continue
		}
		e := model.EmergencyContact{}
		if c.Name != nil {
			e.Name = strings.TrimSpace(c.Name.Text)
			if e.Name == "" {
				e.Name = strings.TrimSpace(given(*c.Name) + " " + c.Name.Family)
			}
		}
		for _, r := range c.Relationship {
			if len(r.Coding) == 0 && r.Text != "" {
				e.Relationship = r.Text
			}
		}
		for _, t := range c.Telecom {
			switch t.System {
			case "phone":
				e.Phone = t.Value
			case "email":
				e.Email = t.Value
			}
		}
		ch.Emergency = &e
		break
	}
	return ch
}

// emergencyContact reports whether a contact party is coded as the emergency contact (HL7 v2 0131 "C").
func emergencyContact(c PatientContact) bool {
	for _, r := range c.Relationship {
		for _, code := range r.Coding {
			if code.System == systemContactRole && code.Code == "C" {
				return true
			}
		}
	}
	return false
}

// day is the date part of a FHIR date or dateTime.
func day(s string) string {
	if len(s) > 10 {
		return s[:10]
	}
	return s
}

// conditionJSON is an incoming Condition.
type conditionJSON struct {
	ClinicalStatus    *CodeableConcept `json:"clinicalStatus"`
	Code              *CodeableConcept `json:"code"`
	Subject           Reference        `json:"subject"`
	OnsetDateTime     string           `json:"onsetDateTime"`
	AbatementDateTime string           `json:"abatementDateTime"`
	Note              []Annotation     `json:"note"`
}

// input is the Condition as a diagnosis; ok is false when it has no ICD-10-CM code.
func (c conditionJSON) input() (model.DiagnosisInput, bool) {
	if c.Code == nil {
		return model.DiagnosisInput{}, false
	}
	in := model.DiagnosisInput{OnsetDate: day(c.OnsetDateTime)}
	for _, code := range c.Code.Coding {
		if code.System == SystemICD10CM && code.Code != "" {
			in.Code = code.Code
			if c.Code.Text != "" && c.Code.Text != code.Display {
				in.Label = c.Code.Text
			}
			break
		}
	}
	if in.Code == "" {
		return in, false
	}
	if c.ClinicalStatus != nil {
		for _, code := range c.ClinicalStatus.Coding {
			switch code.Code {
			case "resolved", "inactive", "remission":
				in.Status, in.ResolvedDate = model.DiagnosisResolved, day(c.AbatementDateTime)
			}
		}
	}
	for _, n := range c.Note {
		if n.Text == "Primary diagnosis" && in.Status != model.DiagnosisResolved {
			in.Primary = true
		}
	}
	return in, true
}

// medicationJSON is an incoming MedicationStatement.
type medicationJSON struct {
	MedicationCodeableConcept *CodeableConcept `json:"medicationCodeableConcept"`
	Subject                   Reference        `json:"subject"`
	EffectivePeriod           *Period          `json:"effectivePeriod"`
	Dosage                    []Dosage         `json:"dosage"`
	Note                      []Annotation     `json:"note"`
}

// input is the MedicationStatement as a medication (its name from the concept's text or first coding).
func (m medicationJSON) input() model.MedicationInput {
	var in model.MedicationInput
	if cc := m.MedicationCodeableConcept; cc != nil {
		in.Name = cc.Text
		for _, c := range cc.Coding {
			if in.Name == "" {
				in.Name = c.Display
			}
		}
	}
	if m.EffectivePeriod != nil {
		in.StartDate, in.StopDate = day(m.EffectivePeriod.Start), day(m.EffectivePeriod.End)
	}
	if len(m.Dosage) > 0 {
		in.Dose = m.Dosage[0].Text
	}
	for _, n := range m.Note {
		if v, ok := strings.CutPrefix(n.Text, "Prescriber: "); ok {
			in.Prescriber = v
		}
	}
	return in
}

// relatedJSON is an incoming RelatedPerson.
type relatedJSON struct {
	Patient      Reference         `json:"patient"`
	Relationship []CodeableConcept `json:"relationship"`
	Name         []HumanName       `json:"name"`
	Telecom      []ContactPoint    `json:"telecom"`
}

// relationshipOf maps HL7's relationship codes back to Tend's.
var relationshipOf = map[string]model.Relationship{
	"PRN": model.RelParent, "FTH": model.RelParent, "MTH": model.RelParent, "GUARD": model.RelLegalGuardian,
	"GRPRN": model.RelGrandparent, "GRFTH": model.RelGrandparent, "GRMTH": model.RelGrandparent,
	"SIGOTHR": model.RelSpousePartner, "SPS": model.RelSpousePartner, "DOMPART": model.RelSpousePartner,
}

// input is the RelatedPerson as a new contact with its relationship and roles.
func (r relatedJSON) input() model.ContactInput {
	in := model.ContactInput{Relationship: model.RelOther}
	if len(r.Name) > 0 {
		in.New.FirstName, in.New.LastName = split(r.Name[0])
	}
	for _, t := range r.Telecom {
		switch {
		case t.System == "email" && in.New.Email == "":
			in.New.Email = strings.TrimSpace(t.Value)
		case t.System == "phone" && in.New.Phone == "":
			in.New.Phone = strings.TrimSpace(t.Value)
		}
	}
	found := false
	for _, cc := range r.Relationship {
		for _, c := range cc.Coding {
			switch {
			case c.System == systemContactRole && c.Code == "BP":
				in.HandlesBilling = true
			case c.System == systemContactRole && c.Code == "C":
				in.Emergency = true
			case c.System == systemRoleCode && !found:
				if rel, ok := relationshipOf[c.Code]; ok {
					in.Relationship, found = rel, true
				}
			}
		}
		switch cc.Text {
		case roleMaySign:
			in.MaySign = true
		case roleReminders:
			in.Reminders = true
		case roleSeesAppts:
			in.SeesAppointments = true
		}
	}
	if !found {
		for _, cc := range r.Relationship {
			if len(cc.Coding) == 0 && cc.Text != "" && cc.Text != roleMaySign && cc.Text != roleReminders && cc.Text != roleSeesAppts {
				in.RelationshipOther = cc.Text
				break
			}
		}
		if in.RelationshipOther == "" {
			in.RelationshipOther = "Related person"
		}
	}
	return in
}
