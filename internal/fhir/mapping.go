package fhir

import (
	"strconv"
	"strings"
	"time"

	"tend/internal/model"
	"tend/internal/store"
)

// Code systems and extensions Tend writes.
const (
	// SystemURI names an identifier that is itself a URI: Tend's ids are UUIDs, written as urn:uuid:….
	SystemURI = "urn:ietf:rfc:3986"
	// SystemICD10CM is ICD-10-CM, the diagnosis codes Tend ships (codes written with their dot, F41.1).
	SystemICD10CM = "http://hl7.org/fhir/sid/icd-10-cm"
	// SystemLOINC is LOINC: the PHQ-9 and GAD-7 panels and their total scores.
	SystemLOINC = "http://loinc.org"
	// ExtPronouns is the FHIR extensions pack's Individual Pronouns (complex: a "value" CodeableConcept).
	ExtPronouns = "http://hl7.org/fhir/StructureDefinition/individual-pronouns"
	// ExtGenderIdentity is the FHIR extensions pack's Individual Gender Identity (likewise).
	ExtGenderIdentity = "http://hl7.org/fhir/StructureDefinition/individual-genderIdentity"

	systemConditionClinical = "http://terminology.hl7.org/CodeSystem/condition-clinical"
	systemConditionVerify   = "http://terminology.hl7.org/CodeSystem/condition-ver-status"
	systemConditionCategory = "http://terminology.hl7.org/CodeSystem/condition-category"
	systemRoleCode          = "http://terminology.hl7.org/CodeSystem/v3-RoleCode"
	systemContactRole       = "http://terminology.hl7.org/CodeSystem/v2-0131"
)

// The LOINC codes of the scored assessments: the panel (the Questionnaire's code) and the total score
// (the code of the total's item).
var scoredLOINC = map[string]struct{ Panel, PanelName, Total, TotalName string }{
	model.ScoringPHQ9: {"44249-1", "PHQ-9 quick depression assessment panel", "44261-6", "Patient Health Questionnaire 9 item (PHQ-9) total score"},
	model.ScoringGAD7: {"69737-5", "Generalized anxiety disorder 7 item (GAD-7)", "70274-6", "Generalized anxiety disorder 7 item (GAD-7) total score"},
}

// totalLinkID is the item of a scored assessment's Questionnaire that holds the total score.
const totalLinkID = "total_score"

// Mapper turns Tend's records into FHIR resources. Today is the practice's calendar day (YYYY-MM-DD),
// which decides whether a medication is still taken.
type Mapper struct {
	Today string
}

// uuidURN is an id as a URI.
func uuidURN(id string) string { return "urn:uuid:" + id }

// instant writes a time as a FHIR instant (UTC, milliseconds), "" for the zero time.
func instant(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format("2006-01-02T15:04:05.000Z07:00")
}

func patientRef(chartID string) Reference { return Reference{Reference: "Patient/" + chartID} }

func ptr[T any](v T) *T { return &v }

// telecom lists an email and a phone.
func telecom(email, phone string) []ContactPoint {
	var out []ContactPoint
	if email = strings.TrimSpace(email); email != "" {
		out = append(out, ContactPoint{System: "email", Value: email})
	}
	if phone = strings.TrimSpace(phone); phone != "" {
		out = append(out, ContactPoint{System: "phone", Value: phone})
	}
	return out
}

// name is a HumanName with use, or nil when both parts are empty.
func name(use, first, last string) *HumanName {
	first, last = strings.TrimSpace(first), strings.TrimSpace(last)
	if first == "" && last == "" {
		return nil
	}
	n := HumanName{Use: use, Family: last, Text: strings.TrimSpace(first + " " + last)}
	if first != "" {
		n.Given = []string{first}
	}
	return &n
}

// gender maps Tend's legal sex to FHIR's administrative gender.
func gender(sex string) string {
	switch sex {
	case "female", "male", "unknown":
		return sex
	case "x":
		return "other"
	}
	return ""
}

// textExtension is a complex extension of the extensions pack whose "value" is a CodeableConcept of text.
func textExtension(url, text string) Extension {
	return Extension{URL: url, Extension: []Extension{{URL: "value", ValueCodeableConcept: &CodeableConcept{Text: text}}}}
}

// Patient maps a chart's client: the chosen name as usual, the legal name as official (when recorded),
// pronouns and gender identity by the extensions pack's extensions, legal sex as gender, and the
// emergency contact as a contact party. The identifier is the chart's id, which import matches on.
func (m Mapper) Patient(c model.Client) Patient {
	p := Patient{ResourceType: "Patient", ID: c.ID, Active: ptr(c.State != model.StateArchived),
		Identifier: []Identifier{{Use: "usual", System: SystemURI, Value: uuidURN(c.ID)}},
		Telecom:    telecom(c.Email, c.Phone), Gender: gender(c.Sex), BirthDate: c.DateOfBirth}
	if n := name("usual", c.FirstName, c.LastName); n != nil {
		p.Name = append(p.Name, *n)
	}
	if c.LegalFirstName != "" || c.LegalLastName != "" {
		first, last := c.LegalFirstName, c.LegalLastName
		if first == "" {
			first = c.FirstName
		}
		if last == "" {
			last = c.LastName
		}
		if n := name("official", first, last); n != nil {
			p.Name = append(p.Name, *n)
		}
	}
	if s := strings.TrimSpace(c.Pronouns); s != "" {
		p.Extension = append(p.Extension, textExtension(ExtPronouns, s))
	}
	if s := strings.TrimSpace(c.GenderIdentity); s != "" {
		p.Extension = append(p.Extension, textExtension(ExtGenderIdentity, s))
	}
	if a := c.Address; !a.Empty() {
		fa := Address{City: a.City, State: a.Region, PostalCode: a.PostalCode, Country: a.Country}
		for _, l := range []string{a.Line1, a.Line2} {
			if l = strings.TrimSpace(l); l != "" {
				fa.Line = append(fa.Line, l)
			}
		}
		p.Address = []Address{fa}
	}
	if e := c.Emergency; !e.Empty() {
		pc := PatientContact{Relationship: []CodeableConcept{{Coding: []Coding{{System: systemContactRole, Code: "C", Display: "Emergency Contact"}}}},
			Telecom: telecom(e.Email, e.Phone)}
		if s := strings.TrimSpace(e.Relationship); s != "" {
			pc.Relationship = append(pc.Relationship, CodeableConcept{Text: s})
		}
		if s := strings.TrimSpace(e.Name); s != "" {
			pc.Name = &HumanName{Text: s}
		}
		p.Contact = []PatientContact{pc}
	}
	return p
}

// relationshipCodes are Tend's relationships as HL7 v3 RoleCodes.
var relationshipCodes = map[model.Relationship]Coding{
	model.RelParent:        {System: systemRoleCode, Code: "PRN", Display: "parent"},
	model.RelLegalGuardian: {System: systemRoleCode, Code: "GUARD", Display: "guardian"},
	model.RelGrandparent:   {System: systemRoleCode, Code: "GRPRN", Display: "grandparent"},
	model.RelSpousePartner: {System: systemRoleCode, Code: "SIGOTHR", Display: "significant other"},
}

// Contact roles without a code in HL7's lists travel as text.
const (
	roleMaySign   = "May sign documents for the client"
	roleReminders = "Receives appointment reminders"
	roleSeesAppts = "Sees upcoming appointments"
)

// RelatedPerson maps a contact with its relationship and its roles (billing and emergency contact as
// HL7 v2 contact roles; may sign, reminders and seeing appointments as text).
func (m Mapper) RelatedPerson(c model.Contact) RelatedPerson {
	r := RelatedPerson{ResourceType: "RelatedPerson", ID: c.ID, Active: ptr(true), Patient: patientRef(c.ChartID),
		Telecom: telecom(c.Person.Email, c.Person.Phone)}
	rel := CodeableConcept{Text: c.Relationship.Label()}
	if code, ok := relationshipCodes[c.Relationship]; ok {
		rel.Coding = []Coding{code}
	} else if s := strings.TrimSpace(c.RelationshipOther); s != "" {
		rel.Text = s
	}
	r.Relationship = append(r.Relationship, rel)
	if c.HandlesBilling {
		r.Relationship = append(r.Relationship, CodeableConcept{Coding: []Coding{{System: systemContactRole, Code: "BP", Display: "Billing contact person"}}})
	}
	if c.Emergency {
		r.Relationship = append(r.Relationship, CodeableConcept{Coding: []Coding{{System: systemContactRole, Code: "C", Display: "Emergency Contact"}}})
	}
	for _, role := range []struct {
		on   bool
		text string
	}{{c.MaySign, roleMaySign}, {c.Reminders, roleReminders}, {c.SeesAppointments, roleSeesAppts}} {
		if role.on {
			r.Relationship = append(r.Relationship, CodeableConcept{Text: role.text})
		}
	}
	if n := name("usual", c.Person.FirstName, c.Person.LastName); n != nil {
		r.Name = []HumanName{*n}
	}
	return r
}

// Condition maps a diagnosis with its ICD-10-CM code (written with its dot) and the clinician's words.
func (m Mapper) Condition(d model.Diagnosis) Condition {
	status := "active"
	if !d.Active() {
		status = "resolved"
	}
	code := CodeableConcept{Coding: []Coding{{System: SystemICD10CM, Code: d.DottedCode(), Display: d.Description}}, Text: d.Label}
	if code.Text == "" {
		code.Text = d.Description
	}
	c := Condition{ResourceType: "Condition", ID: d.ID, Subject: patientRef(d.ChartID), Code: &code,
		ClinicalStatus:     &CodeableConcept{Coding: []Coding{{System: systemConditionClinical, Code: status}}},
		VerificationStatus: &CodeableConcept{Coding: []Coding{{System: systemConditionVerify, Code: "confirmed"}}},
		Category:           []CodeableConcept{{Coding: []Coding{{System: systemConditionCategory, Code: "encounter-diagnosis", Display: "Encounter Diagnosis"}}}},
		OnsetDateTime:      d.OnsetDate, AbatementDateTime: d.ResolvedDate, RecordedDate: instant(d.CreatedAt)}
	if d.Primary {
		c.Note = []Annotation{{Text: "Primary diagnosis"}}
	}
	return c
}

// MedicationStatement maps a medication: active while taken, completed once stopped.
func (m Mapper) MedicationStatement(med model.Medication) MedicationStatement {
	status := "active"
	if !med.Current(m.Today) {
		status = "completed"
	}
	s := MedicationStatement{ResourceType: "MedicationStatement", ID: med.ID, Status: status,
		MedicationCodeableConcept: CodeableConcept{Text: med.Name}, Subject: patientRef(med.ChartID), DateAsserted: instant(med.CreatedAt)}
	if med.StartDate != "" || med.StopDate != "" {
		s.EffectivePeriod = &Period{Start: med.StartDate, End: med.StopDate}
	}
	if dose := strings.TrimSpace(strings.Join(nonEmpty(med.Dose, med.Frequency), ", ")); dose != "" {
		s.Dosage = []Dosage{{Text: dose}}
	}
	if med.Prescriber != "" {
		s.Note = []Annotation{{Text: "Prescriber: " + med.Prescriber}}
	}
	return s
}

func nonEmpty(ss ...string) []string {
	var out []string
	for _, s := range ss {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}

// CarePlan maps a treatment plan as its newest version says it: the diagnoses it addresses as Condition
// references, each intervention as an activity, and the problems, goals and objectives with the
// narrative as notes (Markdown).
func (m Mapper) CarePlan(p store.FHIRPlan) CarePlan {
	status, activity := "active", "in-progress"
	if p.State == model.PlanClosed {
		status, activity = "completed", "completed"
	}
	cp := CarePlan{ResourceType: "CarePlan", ID: p.ID, Identifier: []Identifier{{System: SystemURI, Value: uuidURN(p.ID)}},
		Status: status, Intent: "plan", Title: p.Content.Title, Subject: patientRef(p.ChartID), Created: instant(p.CreatedAt)}
	if p.Content.ReviewDate != "" {
		cp.Period = &Period{End: p.Content.ReviewDate}
	}
	for _, d := range p.Content.Diagnoses {
		cp.Addresses = append(cp.Addresses, Reference{Reference: "Condition/" + d.DiagnosisID, Display: strings.TrimSpace(d.Code + " " + d.Description)})
	}
	var b strings.Builder
	for i, pr := range p.Content.Problems {
		b.WriteString("Problem " + strconv.Itoa(i+1) + ": " + pr.Statement + "\n")
		for _, g := range pr.Goals {
			b.WriteString("- Goal: " + g.Statement + "\n")
			for _, o := range g.Objectives {
				b.WriteString("  - Objective: " + o.Statement)
				if o.TargetDate != "" {
					b.WriteString(" (by " + o.TargetDate + ")")
				}
				b.WriteString("\n")
			}
		}
		for _, in := range pr.Interventions {
			cp.Activity = append(cp.Activity, CarePlanActivity{Detail: CarePlanActivityDetail{Status: activity,
				Description: strings.Join(nonEmpty(in.Modality, in.Frequency, in.Detail), " — ")}})
		}
	}
	if s := strings.TrimSpace(b.String()); s != "" {
		cp.Description = firstLine(s)
		cp.Note = append(cp.Note, Annotation{Text: s})
	}
	if s := strings.TrimSpace(p.Content.Narrative); s != "" {
		cp.Note = append(cp.Note, Annotation{Text: s})
	}
	return cp
}

func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i]
	}
	return s
}

// QuestionnaireID is the id of the Questionnaire of a template's version.
func QuestionnaireID(templateID string, version int) string {
	return templateID + "-v" + strconv.Itoa(version)
}

// questionnaireCanonical is the canonical reference of a template's version.
func questionnaireCanonical(templateID string, version int) string {
	return uuidURN(templateID) + "|" + strconv.Itoa(version)
}

// itemTypes are Tend's field kinds as Questionnaire item types.
var itemTypes = map[model.FieldKind]string{
	model.FieldText: "string", model.FieldParagraph: "text", model.FieldSingle: "choice", model.FieldMultiple: "choice",
	model.FieldYesNo: "boolean", model.FieldDate: "date", model.FieldNumber: "decimal", model.FieldScale: "integer",
	model.FieldSignature: "string", model.FieldHeading: "display",
}

// Questionnaire maps the form a request was sent with (its template at that version). A PHQ-9 or GAD-7
// carries its LOINC panel code and a read-only total-score item with the LOINC total-score code.
func (m Mapper) Questionnaire(r model.DocumentRequest) Questionnaire {
	q := Questionnaire{ResourceType: "Questionnaire", ID: QuestionnaireID(r.TemplateID, r.Version), URL: uuidURN(r.TemplateID),
		Version: strconv.Itoa(r.Version), Title: r.TemplateName, Status: "active", SubjectType: []string{"Patient"}}
	for _, f := range r.Fields {
		it := QuestionnaireItem{LinkID: f.ID, Text: f.Label, Type: itemTypes[f.Kind], Required: f.Required && f.Asks(),
			Repeats: f.Kind == model.FieldMultiple}
		if it.Type == "" {
			it.Type = "string"
		}
		if it.Text == "" {
			it.Text = f.ID
		}
		for _, o := range f.Options {
			if o != "" {
				it.AnswerOption = append(it.AnswerOption, AnswerOption{ValueString: o})
			}
		}
		if f.Kind != model.FieldSingle && f.Kind != model.FieldMultiple {
			it.AnswerOption = nil
		}
		q.Item = append(q.Item, it)
	}
	if l, ok := scoredLOINC[r.Scoring]; ok {
		q.Code = []Coding{{System: SystemLOINC, Code: l.Panel, Display: l.PanelName}}
		q.Item = append(q.Item, QuestionnaireItem{LinkID: totalLinkID, Code: []Coding{{System: SystemLOINC, Code: l.Total, Display: l.TotalName}},
			Text: "Total score", Type: "integer", ReadOnly: true})
	}
	return q
}

// responseStatus maps a request's state; a request nobody started is no response and is left out.
func responseStatus(s model.RequestState) (string, bool) {
	switch s {
	case model.RequestInProgress:
		return "in-progress", true
	case model.RequestCompleted, model.RequestSigned:
		return "completed", true
	case model.RequestWithdrawn:
		return "stopped", true
	}
	return "", false
}

// ExportsResponse reports whether a request is exported as a QuestionnaireResponse: once started.
func ExportsResponse(r model.DocumentRequest) bool {
	_, ok := responseStatus(r.State)
	return ok && (r.State != model.RequestWithdrawn || len(r.Answers) > 0)
}

// QuestionnaireResponse maps a request's answers, typed as its form's questions are, with the total
// score of a scored assessment.
func (m Mapper) QuestionnaireResponse(r model.DocumentRequest) QuestionnaireResponse {
	status, _ := responseStatus(r.State)
	qr := QuestionnaireResponse{ResourceType: "QuestionnaireResponse", ID: r.ID, Status: status, Subject: patientRef(r.ChartID),
		Questionnaire: questionnaireCanonical(r.TemplateID, r.Version)}
	for _, t := range []time.Time{r.SignedAt, r.CompletedAt, r.StartedAt, r.RequestedAt} {
		if !t.IsZero() {
			qr.Authored = instant(t)
			break
		}
	}
	for _, f := range r.Fields {
		v := strings.TrimSpace(r.Answers[f.ID])
		if !f.Asks() || v == "" {
			continue
		}
		item := ResponseItem{LinkID: f.ID, Text: f.Label}
		if item.Text == "" {
			item.Text = f.ID
		}
		item.Answer = answers(f, v)
		if len(item.Answer) > 0 {
			qr.Item = append(qr.Item, item)
		}
	}
	if _, ok := scoredLOINC[r.Scoring]; ok && r.Score != nil {
		qr.Item = append(qr.Item, ResponseItem{LinkID: totalLinkID, Text: "Total score", Answer: []ResponseAnswer{{ValueInteger: ptr(*r.Score)}}})
	}
	return qr
}

// answers types one stored answer by its field's kind.
func answers(f model.Field, v string) []ResponseAnswer {
	switch f.Kind {
	case model.FieldMultiple:
		var out []ResponseAnswer
		for _, o := range strings.Split(v, "\n") {
			if o = strings.TrimSpace(o); o != "" {
				out = append(out, ResponseAnswer{ValueString: ptr(o)})
			}
		}
		return out
	case model.FieldYesNo:
		return []ResponseAnswer{{ValueBoolean: ptr(v == "yes")}}
	case model.FieldDate:
		if _, err := time.Parse(time.DateOnly, v); err == nil {
			return []ResponseAnswer{{ValueDate: v}}
		}
	case model.FieldNumber:
		if n, err := strconv.ParseFloat(v, 64); err == nil {
			return []ResponseAnswer{{ValueDecimal: ptr(n)}}
		}
	case model.FieldScale:
		if n, err := strconv.Atoi(v); err == nil {
			return []ResponseAnswer{{ValueInteger: ptr(n)}}
		}
	}
	return []ResponseAnswer{{ValueString: ptr(v)}}
}

// appointmentStatuses are Tend's statuses as FHIR's.
var appointmentStatuses = map[model.AppointmentStatus]string{
	model.AppointmentScheduled: "booked", model.AppointmentAttended: "fulfilled", model.AppointmentNoShow: "noshow",
	model.AppointmentLateCancel: "cancelled", model.AppointmentCancelled: "cancelled",
}

// Appointment maps a session with the client and the clinician as participants; a telehealth link or
// office room is not exported (it may be a meeting's secret), only which of the two it is.
func (m Mapper) Appointment(a store.AppointmentRow) Appointment {
	out := Appointment{ResourceType: "Appointment", ID: a.ID, Status: appointmentStatuses[a.Status], Start: instant(a.StartsAt),
		End: instant(a.EndsAt()), MinutesDuration: a.DurationMinutes, Created: instant(a.CreatedAt),
		Participant: []AppointmentParticipant{
			{Actor: patientRef(a.ChartID), Status: "accepted"},
			{Actor: Reference{Reference: "Practitioner/" + a.ClinicianID, Display: a.ClinicianName}, Status: "accepted"},
		}}
	if out.Status == "" {
		out.Status = "booked"
	}
	if a.Status == model.AppointmentLateCancel {
		out.CancelationReason = &CodeableConcept{Text: "Late cancellation"}
	}
	if a.ServiceName != "" {
		out.ServiceType = []CodeableConcept{{Text: a.ServiceName}}
	}
	switch a.LocationKind {
	case model.LocationTelehealth:
		out.Comment = "Telehealth"
	case model.LocationOffice:
		out.Comment = "In the office"
	}
	if out.MinutesDuration <= 0 {
		out.MinutesDuration, out.End = 0, ""
	}
	return out
}

// DocumentReference maps a file: its name, type, size and a link to download it through the API (the
// bytes stay in Tend, behind the same authorization).
func (m Mapper) DocumentReference(f model.File) DocumentReference {
	return DocumentReference{ResourceType: "DocumentReference", ID: f.ID, Status: "current", Subject: patientRef(f.ChartID),
		Date: instant(f.CreatedAt), Description: f.Name,
		Content: []DocumentReferenceContent{{Attachment: Attachment{ContentType: f.ContentType, URL: "/api/v1/files/" + f.ID + "/content",
			Size: f.Size, Title: f.Name, Creation: instant(f.CreatedAt)}}}}
}
