package fhir

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"tend/internal/audit"
	"tend/internal/id"
	"tend/internal/model"
	"tend/internal/store"
)

// The import of a Patient-centred Bundle (IM-2): the Patient becomes a new chart or updates the chart it
// matches, with New client's validation; its RelatedPersons (as contacts), Conditions (ICD-10-CM) and
// MedicationStatements are added to that chart. Every other resource is reported as not imported, and the rest goes in. All of it is
// one transaction: any problem leaves nothing written.

// MaxImportBytes caps a Bundle sent to the import.
const MaxImportBytes = 10 << 20

// maxImportEntries caps the resources of one Bundle: one chart's record.
const maxImportEntries = 2000

// ClientWriter creates and updates charts with every rule of New client and Edit client, inside the
// import's transaction (package clients).
type ClientWriter interface {
	CreateChart(ctx context.Context, q store.Q, p model.Principal, ch model.ClientChange) (model.Client, error)
	UpdateChart(ctx context.Context, q store.Q, p model.Principal, chartID string, ch model.ClientChange) (model.Client, error)
	AddContactIn(ctx context.Context, q store.Q, p model.Principal, chartID string, in model.ContactInput) (model.Contact, error)
	AuditDenied(ctx context.Context, p model.Principal, action, chartID string, err error) error
}

// ClinicalWriter adds diagnoses and medications with the Clinical tab's validation, inside the import's
// transaction (package clinical).
type ClinicalWriter interface {
	AddDiagnosisIn(ctx context.Context, q store.Q, p model.Principal, chartID string, in model.DiagnosisInput) (model.Diagnosis, error)
	AddMedicationIn(ctx context.Context, q store.Q, p model.Principal, chartID string, in model.MedicationInput) (model.Medication, error)
}

// Skipped is a resource of the Bundle that was not imported, and why.
type Skipped struct {
	Entry        int // its index in the Bundle's entries
	ResourceType string
	Reason       string
}

// ImportResult says what an import did.
type ImportResult struct {
	ChartID  string
	Created  bool           // a new chart; false when the Patient matched one (by identifier, then email)
	Imported map[string]int // resources imported, by type
	Skipped  []Skipped
}

// rawBundle is the part of a Bundle the import reads.
type rawBundle struct {
	ResourceType string `json:"resourceType"`
	Entry        []struct {
		FullURL  string          `json:"fullUrl"`
		Resource json.RawMessage `json:"resource"`
	} `json:"entry"`
}

// imported are the resource types the import brings in.
var imported = map[string]bool{"Patient": true, "RelatedPerson": true, "Condition": true, "MedicationStatement": true}

// Import reads body as a FHIR R4 Bundle holding one Patient and creates or updates that Patient's chart
// with its RelatedPersons, Conditions and MedicationStatements, in one transaction, audited (ids and counts only).
// Problems come as a model.ValidationError with fields named by entry ("entry.3.code"); resource types
// Tend does not import are listed in the result's Skipped and do not stop the rest.
func (s *Service) Import(ctx context.Context, p model.Principal, body []byte) (ImportResult, error) {
	var b rawBundle
	if err := json.Unmarshal(body, &b); err != nil {
		return ImportResult{}, model.FieldError("bundle", "This is not FHIR JSON: "+jsonProblem(err))
	}
	if b.ResourceType != "Bundle" {
		return ImportResult{}, model.FieldError("resourceType", "Send a FHIR Bundle (resourceType \"Bundle\") holding one Patient and the records about them.")
	}
	if len(b.Entry) > maxImportEntries {
		return ImportResult{}, model.FieldError("entry", fmt.Sprintf("A Bundle may hold at most %d resources: one client's record.", maxImportEntries))
	}
	res := ImportResult{Imported: map[string]int{}}
	types := make([]string, len(b.Entry))
	patient, problems := -1, model.Problems{}
	for i, e := range b.Entry {
		var head struct {
			ResourceType string `json:"resourceType"`
		}
		if err := json.Unmarshal(e.Resource, &head); err != nil || head.ResourceType == "" {
			problems.Add(fmt.Sprintf("entry.%d.resource", i), "Each entry needs a resource with a resourceType.")
			continue
		}
		types[i] = head.ResourceType
		switch {
		case head.ResourceType == "Patient" && patient >= 0:
			problems.Add(fmt.Sprintf("entry.%d.resource", i), "The Bundle holds more than one Patient: send one client's record at a time.")
		case head.ResourceType == "Patient":
			patient = i
		case !imported[head.ResourceType]:
			res.Skipped = append(res.Skipped, Skipped{Entry: i, ResourceType: head.ResourceType, Reason: skipReason(head.ResourceType)})
		}
	}
	if patient < 0 && len(problems) == 0 {
		problems.Add("entry", "The Bundle holds no Patient: the import makes or updates the chart of its one Patient.")
	}
	if err := problems.Err(); err != nil {
		return ImportResult{}, err
	}
	var pt patientJSON
	if err := json.Unmarshal(b.Entry[patient].Resource, &pt); err != nil {
		return ImportResult{}, model.FieldError(fmt.Sprintf("entry.%d.resource", patient), "This Patient is not FHIR R4 JSON: "+jsonProblem(err))
	}
	// References to the Patient: by its id, or by the entry's full URL.
	refs := map[string]bool{}
	if pt.ID != "" {
		refs["Patient/"+pt.ID] = true
	}
	if u := b.Entry[patient].FullURL; u != "" {
		refs[u] = true
	}
	err := s.Store.Tx(ctx, func(q store.Q) error {
		chartID, created, err := s.importPatient(ctx, q, p, pt)
		if err != nil {
			return prefixed(err, fmt.Sprintf("entry.%d.", patient))
		}
		res.ChartID, res.Created = chartID, created
		res.Imported["Patient"] = 1
		existing, err := store.DiagnosesOf(ctx, q, chartID)
		if err != nil {
			return err
		}
		meds, err := store.MedicationsOf(ctx, q, chartID)
		if err != nil {
			return err
		}
		contacts, err := store.ContactsOf(ctx, q, chartID)
		if err != nil {
			return err
		}
		problems := model.Problems{}
		for i, e := range b.Entry {
			var reason string
			var err error
			switch types[i] {
			case "Condition", "MedicationStatement":
				reason, err = s.importClinical(ctx, q, p, chartID, types[i], e.Resource, refs, &existing, &meds)
			case "RelatedPerson":
				reason, err = s.importContact(ctx, q, p, chartID, e.Resource, refs, &contacts)
			default:
				continue
			}
			var ve *model.ValidationError
			switch {
			case errors.As(err, &ve):
				for k, v := range ve.Fields {
					problems.Add(fmt.Sprintf("entry.%d.%s", i, k), v)
				}
				if ve.Message != "" && len(ve.Fields) == 0 {
					problems.Add(fmt.Sprintf("entry.%d", i), ve.Message)
				}
			case err != nil:
				return err
			case reason != "":
				res.Skipped = append(res.Skipped, Skipped{Entry: i, ResourceType: types[i], Reason: reason})
			default:
				res.Imported[types[i]]++
			}
		}
		if err := problems.Err(); err != nil {
			return err
		}
		e := audit.StaffEvent(p, s.now(), actionImport, chartID, "chart", chartID)
		e.Detail = fmt.Sprintf("created=%t Patient=1 RelatedPerson=%d Condition=%d MedicationStatement=%d skipped=%d", created,
			res.Imported["RelatedPerson"], res.Imported["Condition"], res.Imported["MedicationStatement"], len(res.Skipped))
		return s.Audit.Append(ctx, q, e)
	})
	if err != nil {
		return ImportResult{}, fmt.Errorf("fhir: import: %w", s.Clients.AuditDenied(ctx, p, actionImport, res.ChartID, err))
	}
	return res, nil
}

// clinicalRefused turns the policy's refusal to add clinical information to the chart (which the person
// has just made or changed, so reaches) into a problem the person can act on.
func clinicalRefused(err error) error {
	if errors.Is(err, model.ErrNotFound) || errors.Is(err, model.ErrForbidden) {
		return model.FieldError("resource", "Your role may not add diagnoses or medications to charts: leave the Conditions and MedicationStatements out, or ask a clinician to import them.")
	}
	return err
}

// skipReason says why a resource type is not imported.
func skipReason(t string) string {
	for _, known := range ResourceTypes {
		if known == t {
			return t + " is exported by Tend but not imported: add it to the chart by hand."
		}
	}
	return t + " is not a resource type Tend imports."
}

// jsonProblem says where JSON went wrong, without echoing its content.
func jsonProblem(err error) string {
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	switch {
	case errors.As(err, &se):
		return "broken JSON at byte " + strconv.FormatInt(se.Offset, 10) + "."
	case errors.As(err, &te):
		return "the element " + te.Field + " is not a " + te.Type.String() + "."
	}
	return "it cannot be read."
}

// prefixed renames a validation or conflict error's fields under prefix, so the person sees which entry
// they belong to.
func prefixed(err error, prefix string) error {
	var ve *model.ValidationError
	if errors.As(err, &ve) {
		out := &model.ValidationError{Message: ve.Message, Fields: map[string]string{}}
		for k, v := range ve.Fields {
			out.Fields[prefix+k] = v
		}
		return out
	}
	var ce *model.ConflictError
	if errors.As(err, &ce) {
		return &model.ConflictError{Field: prefix + ce.Field, Message: ce.Message}
	}
	return err
}

// importPatient finds the chart the Patient matches (the identifier Tend exports, urn:uuid:<chart id>,
// then the email) and updates it, or creates a new one.
func (s *Service) importPatient(ctx context.Context, q store.Q, p model.Principal, pt patientJSON) (string, bool, error) {
	ch := pt.change()
	chartID := ""
	for _, idf := range pt.Identifier {
		if v, ok := strings.CutPrefix(idf.Value, "urn:uuid:"); ok && idf.System == SystemURI && id.Valid(v) {
			c, err := store.ClientByID(ctx, q, p.PracticeID, v)
			if err == nil && c.Kind != model.KindGroup {
				chartID = c.ID
				break
			}
			if err != nil && !errors.Is(err, model.ErrNotFound) {
				return "", false, err
			}
		}
	}
	if chartID == "" && ch.Email != nil && *ch.Email != "" {
		per, err := store.PersonByEmail(ctx, q, p.PracticeID, *ch.Email)
		switch {
		case err == nil && per.ChartID != "":
			chartID = per.ChartID
		case err != nil && !errors.Is(err, model.ErrNotFound):
			return "", false, err
		}
	}
	if chartID != "" {
		c, err := s.Clients.UpdateChart(ctx, q, p, chartID, ch)
		return c.ID, false, err
	}
	if ch.FirstName == nil {
		ch.FirstName = new("")
	}
	if ch.LastName == nil {
		ch.LastName = new("")
	}
	c, err := s.Clients.CreateChart(ctx, q, p, ch)
	return c.ID, true, err
}

// importClinical adds one Condition or MedicationStatement about the Patient to the chart; reason says
// why it was left out instead (about someone else, no ICD-10-CM code, already on the chart).
func (s *Service) importClinical(ctx context.Context, q store.Q, p model.Principal, chartID, typ string, raw json.RawMessage,
	refs map[string]bool, diagnoses *[]model.Diagnosis, meds *[]model.Medication) (reason string, err error) {
	if s.Clinical == nil {
		return typ + " is not imported here.", nil
	}
	switch typ {
	case "Condition":
		var c conditionJSON
		if err := json.Unmarshal(raw, &c); err != nil {
			return "", model.FieldError("resource", "This Condition is not FHIR R4 JSON: "+jsonProblem(err))
		}
		if !refs[c.Subject.Reference] {
			return "It is about another patient than the Bundle's Patient.", nil
		}
		in, ok := c.input()
		if !ok {
			return "It has no ICD-10-CM code (system " + SystemICD10CM + ").", nil
		}
		for _, d := range *diagnoses {
			if d.Code == strings.ToUpper(strings.ReplaceAll(in.Code, ".", "")) {
				return "The chart already has this diagnosis.", nil
			}
		}
		d, err := s.Clinical.AddDiagnosisIn(ctx, q, p, chartID, in)
		if err != nil {
			return "", clinicalRefused(err)
		}
		*diagnoses = append(*diagnoses, d)
	case "MedicationStatement":
		var m medicationJSON
		if err := json.Unmarshal(raw, &m); err != nil {
			return "", model.FieldError("resource", "This MedicationStatement is not FHIR R4 JSON: "+jsonProblem(err))
		}
		if !refs[m.Subject.Reference] {
			return "It is about another patient than the Bundle's Patient.", nil
		}
		in := m.input()
		for _, x := range *meds {
			if strings.EqualFold(x.Name, strings.TrimSpace(in.Name)) && x.StartDate == in.StartDate {
				return "The chart already has this medication.", nil
			}
		}
		med, err := s.Clinical.AddMedicationIn(ctx, q, p, chartID, in)
		if err != nil {
			return "", clinicalRefused(err)
		}
		*meds = append(*meds, med)
	}
	return "", nil
}

// importContact links a RelatedPerson about the Patient to the chart as a contact: an existing person of
// the practice with the same email, or a new person. One already on the chart (same email, or same
// name) is skipped.
func (s *Service) importContact(ctx context.Context, q store.Q, p model.Principal, chartID string, raw json.RawMessage,
	refs map[string]bool, contacts *[]model.Contact) (reason string, err error) {
	var r relatedJSON
	if err := json.Unmarshal(raw, &r); err != nil {
		return "", model.FieldError("resource", "This RelatedPerson is not FHIR R4 JSON: "+jsonProblem(err))
	}
	if !refs[r.Patient.Reference] {
		return "It is about another patient than the Bundle's Patient.", nil
	}
	in := r.input()
	for _, c := range *contacts {
		sameEmail := in.New.Email != "" && strings.EqualFold(c.Person.Email, in.New.Email)
		sameName := strings.EqualFold(c.Person.FirstName, in.New.FirstName) && strings.EqualFold(c.Person.LastName, in.New.LastName)
		if sameEmail || sameName {
			return "The chart already has this contact.", nil
		}
	}
	if in.New.Email != "" {
		per, err := store.PersonByEmail(ctx, q, p.PracticeID, in.New.Email)
		switch {
		case err == nil:
			in.PersonID, in.New = per.ID, model.NewPerson{}
		case !errors.Is(err, model.ErrNotFound):
			return "", err
		}
	}
	c, err := s.Clients.AddContactIn(ctx, q, p, chartID, in)
	if err != nil {
		return "", err
	}
	*contacts = append(*contacts, c)
	return "", nil
}
