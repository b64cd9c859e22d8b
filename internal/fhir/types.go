// Package fhir maps Tend's records to FHIR R4 JSON and back (IM-2): a chart's Patient with its
// RelatedPersons, Conditions (ICD-10-CM), MedicationStatements, CarePlans, Questionnaires and
// QuestionnaireResponses (PHQ-9 and GAD-7 with their LOINC codes), Appointments and DocumentReferences.
// It serves one chart as a Bundle (GET /api/v1/clients/{id}/fhir), writes a whole practice as NDJSON per
// resource type (tend export --fhir, FHIR Bulk Data style), and imports a Patient-centred Bundle as a new
// or updated chart. Reads and imports ask package authz through the chart rules and are audited with ids
// only.
package fhir

// The FHIR R4 data types Tend writes and reads, with the JSON names of the specification
// (https://hl7.org/fhir/R4/datatypes.html). Empty values are left out: FHIR forbids empty strings,
// arrays and objects.

// Identifier is a business identifier.
type Identifier struct {
	Use    string `json:"use,omitempty"`
	System string `json:"system,omitempty"`
	Value  string `json:"value,omitempty"`
}

// HumanName is a person's name.
type HumanName struct {
	Use    string   `json:"use,omitempty"`
	Text   string   `json:"text,omitempty"`
	Family string   `json:"family,omitempty"`
	Given  []string `json:"given,omitempty"`
}

// ContactPoint is a phone number or email address.
type ContactPoint struct {
	System string `json:"system,omitempty"`
	Value  string `json:"value,omitempty"`
	Use    string `json:"use,omitempty"`
}

// Address is a postal address.
type Address struct {
	Line       []string `json:"line,omitempty"`
	City       string   `json:"city,omitempty"`
	State      string   `json:"state,omitempty"`
	PostalCode string   `json:"postalCode,omitempty"`
	Country    string   `json:"country,omitempty"`
}

// Coding is a code from a code system.
type Coding struct {
	System  string `json:"system,omitempty"`
	Code    string `json:"code,omitempty"`
	Display string `json:"display,omitempty"`
}

// CodeableConcept is a concept as codes and text.
type CodeableConcept struct {
	Coding []Coding `json:"coding,omitempty"`
	Text   string   `json:"text,omitempty"`
}

// Reference points at another resource.
type Reference struct {
	Reference string `json:"reference,omitempty"`
	Display   string `json:"display,omitempty"`
}

// Period is a time range; either end may be open.
type Period struct {
	Start string `json:"start,omitempty"`
	End   string `json:"end,omitempty"`
}

// Annotation is a note.
type Annotation struct {
	Text string `json:"text"`
}

// Attachment describes content kept elsewhere (Tend links a file's download rather than inlining it).
type Attachment struct {
	ContentType string `json:"contentType,omitempty"`
	URL         string `json:"url,omitempty"`
	Size        int64  `json:"size,omitempty"`
	Title       string `json:"title,omitempty"`
	Creation    string `json:"creation,omitempty"`
}

// Extension is an extension, simple (a value) or complex (nested extensions).
type Extension struct {
	URL                  string           `json:"url"`
	Extension            []Extension      `json:"extension,omitempty"`
	ValueCodeableConcept *CodeableConcept `json:"valueCodeableConcept,omitempty"`
}

// Patient is a chart's client.
type Patient struct {
	ResourceType string           `json:"resourceType"`
	ID           string           `json:"id,omitempty"`
	Extension    []Extension      `json:"extension,omitempty"`
	Identifier   []Identifier     `json:"identifier,omitempty"`
	Active       *bool            `json:"active,omitempty"`
	Name         []HumanName      `json:"name,omitempty"`
	Telecom      []ContactPoint   `json:"telecom,omitempty"`
	Gender       string           `json:"gender,omitempty"`
	BirthDate    string           `json:"birthDate,omitempty"`
	Address      []Address        `json:"address,omitempty"`
	Contact      []PatientContact `json:"contact,omitempty"`
}

// PatientContact is a contact party of a patient (Tend's emergency contact).
type PatientContact struct {
	Relationship []CodeableConcept `json:"relationship,omitempty"`
	Name         *HumanName        `json:"name,omitempty"`
	Telecom      []ContactPoint    `json:"telecom,omitempty"`
}

// RelatedPerson is a contact on a chart, with the relationship and the roles the contact has.
type RelatedPerson struct {
	ResourceType string            `json:"resourceType"`
	ID           string            `json:"id,omitempty"`
	Active       *bool             `json:"active,omitempty"`
	Patient      Reference         `json:"patient"`
	Relationship []CodeableConcept `json:"relationship,omitempty"`
	Name         []HumanName       `json:"name,omitempty"`
	Telecom      []ContactPoint    `json:"telecom,omitempty"`
}

// Condition is a diagnosis.
type Condition struct {
	ResourceType       string            `json:"resourceType"`
	ID                 string            `json:"id,omitempty"`
	ClinicalStatus     *CodeableConcept  `json:"clinicalStatus,omitempty"`
	VerificationStatus *CodeableConcept  `json:"verificationStatus,omitempty"`
	Category           []CodeableConcept `json:"category,omitempty"`
	Code               *CodeableConcept  `json:"code,omitempty"`
	Subject            Reference         `json:"subject"`
	OnsetDateTime      string            `json:"onsetDateTime,omitempty"`
	AbatementDateTime  string            `json:"abatementDateTime,omitempty"`
	RecordedDate       string            `json:"recordedDate,omitempty"`
	Note               []Annotation      `json:"note,omitempty"`
}

// Dosage is how a medication is taken, as text.
type Dosage struct {
	Text string `json:"text,omitempty"`
}

// MedicationStatement is a medication the client takes or took.
type MedicationStatement struct {
	ResourceType              string          `json:"resourceType"`
	ID                        string          `json:"id,omitempty"`
	Status                    string          `json:"status"`
	MedicationCodeableConcept CodeableConcept `json:"medicationCodeableConcept"`
	Subject                   Reference       `json:"subject"`
	EffectivePeriod           *Period         `json:"effectivePeriod,omitempty"`
	DateAsserted              string          `json:"dateAsserted,omitempty"`
	Note                      []Annotation    `json:"note,omitempty"`
	Dosage                    []Dosage        `json:"dosage,omitempty"`
}

// CarePlanActivityDetail is one planned intervention.
type CarePlanActivityDetail struct {
	Status      string `json:"status"`
	Description string `json:"description,omitempty"`
}

// CarePlanActivity wraps an intervention.
type CarePlanActivity struct {
	Detail CarePlanActivityDetail `json:"detail"`
}

// CarePlan is a treatment plan as its newest version says it.
type CarePlan struct {
	ResourceType string             `json:"resourceType"`
	ID           string             `json:"id,omitempty"`
	Identifier   []Identifier       `json:"identifier,omitempty"`
	Status       string             `json:"status"`
	Intent       string             `json:"intent"`
	Title        string             `json:"title,omitempty"`
	Description  string             `json:"description,omitempty"`
	Subject      Reference          `json:"subject"`
	Period       *Period            `json:"period,omitempty"`
	Created      string             `json:"created,omitempty"`
	Addresses    []Reference        `json:"addresses,omitempty"`
	Activity     []CarePlanActivity `json:"activity,omitempty"`
	Note         []Annotation       `json:"note,omitempty"`
}

// AnswerOption is a choice offered by a question.
type AnswerOption struct {
	ValueString string `json:"valueString"`
}

// QuestionnaireItem is one question or heading of a form.
type QuestionnaireItem struct {
	LinkID       string         `json:"linkId"`
	Code         []Coding       `json:"code,omitempty"`
	Text         string         `json:"text,omitempty"`
	Type         string         `json:"type"`
	Required     bool           `json:"required,omitempty"`
	Repeats      bool           `json:"repeats,omitempty"`
	ReadOnly     bool           `json:"readOnly,omitempty"`
	AnswerOption []AnswerOption `json:"answerOption,omitempty"`
}

// Questionnaire is one version of a document template.
type Questionnaire struct {
	ResourceType string              `json:"resourceType"`
	ID           string              `json:"id,omitempty"`
	URL          string              `json:"url,omitempty"`
	Version      string              `json:"version,omitempty"`
	Title        string              `json:"title,omitempty"`
	Status       string              `json:"status"`
	SubjectType  []string            `json:"subjectType,omitempty"`
	Code         []Coding            `json:"code,omitempty"`
	Item         []QuestionnaireItem `json:"item,omitempty"`
}

// ResponseAnswer is one answer; exactly one value is set.
type ResponseAnswer struct {
	ValueString  *string  `json:"valueString,omitempty"`
	ValueBoolean *bool    `json:"valueBoolean,omitempty"`
	ValueDate    string   `json:"valueDate,omitempty"`
	ValueDecimal *float64 `json:"valueDecimal,omitempty"`
	ValueInteger *int     `json:"valueInteger,omitempty"`
}

// ResponseItem is the answers to one question.
type ResponseItem struct {
	LinkID string           `json:"linkId"`
	Text   string           `json:"text,omitempty"`
	Answer []ResponseAnswer `json:"answer,omitempty"`
}

// QuestionnaireResponse is a document request's answers.
type QuestionnaireResponse struct {
	ResourceType  string         `json:"resourceType"`
	ID            string         `json:"id,omitempty"`
	Questionnaire string         `json:"questionnaire,omitempty"`
	Status        string         `json:"status"`
	Subject       Reference      `json:"subject"`
	Authored      string         `json:"authored,omitempty"`
	Item          []ResponseItem `json:"item,omitempty"`
}

// AppointmentParticipant is who takes part in an appointment.
type AppointmentParticipant struct {
	Actor  Reference `json:"actor"`
	Status string    `json:"status"`
}

// Appointment is a session on the calendar.
type Appointment struct {
	ResourceType      string                   `json:"resourceType"`
	ID                string                   `json:"id,omitempty"`
	Status            string                   `json:"status"`
	CancelationReason *CodeableConcept         `json:"cancelationReason,omitempty"`
	ServiceType       []CodeableConcept        `json:"serviceType,omitempty"`
	Start             string                   `json:"start,omitempty"`
	End               string                   `json:"end,omitempty"`
	MinutesDuration   int                      `json:"minutesDuration,omitempty"`
	Created           string                   `json:"created,omitempty"`
	Comment           string                   `json:"comment,omitempty"`
	Participant       []AppointmentParticipant `json:"participant"`
}

// DocumentReferenceContent is the document itself, by link.
type DocumentReferenceContent struct {
	Attachment Attachment `json:"attachment"`
}

// DocumentReference is a file on a chart: its metadata and where to download it.
type DocumentReference struct {
	ResourceType string                     `json:"resourceType"`
	ID           string                     `json:"id,omitempty"`
	Status       string                     `json:"status"`
	Subject      Reference                  `json:"subject"`
	Date         string                     `json:"date,omitempty"`
	Description  string                     `json:"description,omitempty"`
	Content      []DocumentReferenceContent `json:"content"`
}

// Bundle is a collection of resources.
type Bundle struct {
	ResourceType string        `json:"resourceType"`
	ID           string        `json:"id,omitempty"`
	Type         string        `json:"type"`
	Timestamp    string        `json:"timestamp,omitempty"`
	Total        *int          `json:"total,omitempty"`
	Entry        []BundleEntry `json:"entry,omitempty"`
}

// BundleEntry is one resource of a Bundle.
type BundleEntry struct {
	FullURL  string `json:"fullUrl,omitempty"`
	Resource any    `json:"resource"`
}
