package fhir_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"tend/internal/appointments"
	"tend/internal/apptest"
	"tend/internal/db"
	"tend/internal/documents"
	"tend/internal/fhir"
	"tend/internal/fhir/fhirtest"
	"tend/internal/files"
	"tend/internal/model"
	"tend/internal/plans"
	"tend/internal/store"
	"tend/internal/testdb"
)

func strp(s string) *string { return &s }

// world is a practice with one chart holding a record of every kind FHIR exports.
type world struct {
	h                  *apptest.Harness
	owner, clin, bill  model.Staff
	other              model.Staff // another practice's owner
	chart, second      model.Client
	contact            model.Contact
	primary, resolved  model.Diagnosis
	phq9, gad7, intake string // request ids
}

func newWorld(t testing.TB, d *db.DB) world {
	t.Helper()
	ctx := context.Background()
	h := apptest.New(t, d)
	_, owner := h.Setup()
	w := world{h: h, owner: owner}
	w.clin = h.AddStaff(owner, "Casey Clinician", "casey@example.org", model.RoleClinician)
	w.bill = h.AddStaff(owner, "Bill Billing", "bill@example.org", model.RoleBilling)
	_, w.other = h.AddPractice("Elsewhere", "else@example.org")
	op := apptest.As(owner)
	c, err := h.App.Clients.Create(ctx, op, model.ClientChange{FirstName: strp("Jo"), LastName: strp("Rivera"),
		LegalFirstName: strp("Joanna"), LegalLastName: strp("Rivera-Smith"), Pronouns: strp("they/them"),
		GenderIdentity: strp("Non-binary"), Sex: strp("x"), DateOfBirth: strp("1990-04-12"), Email: strp("jo@example.net"),
		Phone: strp("555-0100"), Address: &model.Address{Line1: "1 Main St", City: "Springfield", Region: "IL", PostalCode: "62701", Country: "US"},
		Emergency:           &model.EmergencyContact{Name: "Sam Rivera", Relationship: "Sibling", Phone: "555-0101"},
		AssignedClinicianID: &w.clin.ID})
	if err != nil {
		t.Fatal(err)
	}
	w.chart = c
	if w.second, err = h.App.Clients.Create(ctx, op, model.ClientChange{FirstName: strp("Ari"), LastName: strp("Second")}); err != nil {
		t.Fatal(err)
	}
	if w.contact, err = h.App.Clients.AddContact(ctx, op, c.ID, model.ContactInput{Relationship: model.RelParent,
		New:          model.NewPerson{FirstName: "Pat", LastName: "Rivera", Email: "pat@example.net"},
		ContactFlags: model.ContactFlags{HandlesBilling: true, Emergency: true, MaySign: true}}); err != nil {
		t.Fatal(err)
	}
	if w.primary, err = h.App.Clinical.AddDiagnosis(ctx, op, c.ID, model.DiagnosisInput{Code: "F41.1", Label: "Generalized anxiety disorder", Primary: true, OnsetDate: "2025-01-10"}); err != nil {
		t.Fatal(err)
	}
	if w.resolved, err = h.App.Clinical.AddDiagnosis(ctx, op, c.ID, model.DiagnosisInput{Code: "F32.0", OnsetDate: "2024-01-01", Status: model.DiagnosisResolved, ResolvedDate: "2025-01-01"}); err != nil {
		t.Fatal(err)
	}
	for _, m := range []model.MedicationInput{{Name: "Sertraline", Dose: "50 mg", Frequency: "daily", Prescriber: "Dr. Lee", StartDate: "2025-02-01"},
		{Name: "Hydroxyzine", StartDate: "2025-01-01", StopDate: "2025-03-01"}} {
		if _, err := h.App.Clinical.AddMedication(ctx, op, c.ID, m); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := h.App.Plans.Create(ctx, op, c.ID, plans.SaveInput{Content: model.PlanContent{Title: "Anxiety plan",
		Diagnoses: []model.PlanDiagnosis{{DiagnosisID: w.primary.ID}},
		Problems: []model.PlanProblem{{Statement: "Worry gets in the way of work",
			Goals:         []model.PlanGoal{{Statement: "Worry less", Objectives: []model.PlanObjective{{Statement: "GAD-7 below 10", TargetDate: "2026-06-01"}}}},
			Interventions: []model.PlanIntervention{{Modality: "CBT", Frequency: "weekly"}}}},
		Narrative: "Work on **worry**.", ReviewDate: "2026-06-01"}}); err != nil {
		t.Fatal(err)
	}
	w.phq9, w.gad7, w.intake = answerBuiltins(t, h, op, c)
	if _, err := h.App.Appointments.Book(ctx, op, appointments.BookInput{ChartIDs: []string{c.ID}, ClinicianID: w.clin.ID,
		Start: "2026-03-05T15:00:00Z", DurationMinutes: new(50), LocationKind: model.LocationTelehealth, Location: "https://meet.example/secret"}); err != nil {
		t.Fatal(err)
	}
	png := []byte("\x89PNG\r\n\x1a\n" + strings.Repeat("x", 64))
	if _, err := h.App.Files.Upload(ctx, op, c.ID, files.Upload{Name: "letter.png", Content: bytes.NewReader(png)}); err != nil {
		t.Fatal(err)
	}
	return w
}

// answerBuiltins sends the PHQ-9, GAD-7 and intake form to the chart and answers them in the portal.
func answerBuiltins(t testing.TB, h *apptest.Harness, op model.Principal, c model.Client) (phq9, gad7, intake string) {
	t.Helper()
	ctx := context.Background()
	ts, err := h.App.Documents.Templates(ctx, op, false)
	if err != nil {
		t.Fatal(err)
	}
	keys := map[string]string{}
	for _, tp := range ts {
		keys[tp.BuiltinKey] = tp.ID
	}
	rs, err := h.App.Documents.ManageDocuments(ctx, op, c.ID, documents.ManageInput{TemplateIDs: []string{keys["phq9"], keys["gad7"], keys["intake"]}})
	if err != nil {
		t.Fatal(err)
	}
	a := h.PortalUser(c, "", "jo@example.net", "Jo", apptest.StrongPassword, model.AccessSelf, nil)
	pp := model.PortalPrincipal{AccountID: a.AccountID, Email: "jo@example.net"}
	for _, r := range rs {
		answers := map[string]string{}
		for i, f := range r.Fields {
			if f.Only != "" {
				continue // shown only under a practice setting that is off
			}
			switch f.Kind {
			case model.FieldSingle:
				answers[f.ID] = f.Options[i%len(f.Options)]
			case model.FieldDate:
				answers[f.ID] = "1990-04-12"
			case model.FieldYesNo:
				answers[f.ID] = "no"
			case model.FieldText, model.FieldParagraph:
				answers[f.ID] = "Some words"
			}
		}
		// The portal asks only what the chart lacks (the intake's fields already on file are not questions).
		for try := 0; ; try++ {
			_, err := h.App.Documents.Submit(ctx, pp, r.ID, answers)
			var ve *model.ValidationError
			if err == nil {
				break
			}
			if !errors.As(err, &ve) || try > 10 || !strings.Contains(ve.Fields["answers"], "is not a question") {
				t.Fatalf("submit %s: %v %v", r.TemplateName, err, ve)
			}
			delete(answers, strings.Split(ve.Fields["answers"], `"`)[1])
		}
		switch r.TemplateID {
		case keys["phq9"]:
			phq9 = r.ID
		case keys["gad7"]:
			gad7 = r.ID
		case keys["intake"]:
			intake = r.ID
		}
	}
	return phq9, gad7, intake
}

// resources decodes a Bundle's entries by type and id.
func resources(t *testing.T, b fhir.Bundle) map[string]map[string]map[string]any {
	t.Helper()
	raw, err := json.Marshal(b)
	if err != nil {
		t.Fatal(err)
	}
	var back struct {
		Entry []struct {
			Resource map[string]any `json:"resource"`
		} `json:"entry"`
	}
	if err := json.Unmarshal(raw, &back); err != nil {
		t.Fatal(err)
	}
	out := map[string]map[string]map[string]any{}
	for _, e := range back.Entry {
		rt, _ := e.Resource["resourceType"].(string)
		if out[rt] == nil {
			out[rt] = map[string]map[string]any{}
		}
		out[rt][e.Resource["id"].(string)] = e.Resource
	}
	return out
}

func jsonText(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// Proves IM-2: a chart's record is a FHIR R4 Bundle holding every kind of record, mapped as the
// specification and its code systems say, and every resource type passes the official FHIR R4 JSON
// schema.
func TestChartBundle(t *testing.T) {
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d)
		ctx := context.Background()
		b, err := w.h.App.FHIR.ChartBundle(ctx, apptest.As(w.clin), w.chart.ID)
		if err != nil {
			t.Fatal(err)
		}
		if b.ResourceType != "Bundle" || b.Type != "collection" {
			t.Fatalf("bundle = %s %s, want Bundle collection", b.ResourceType, b.Type)
		}
		rs := resources(t, b)
		for typ, want := range map[string]int{"Patient": 1, "RelatedPerson": 1, "Condition": 2, "MedicationStatement": 2, "CarePlan": 1,
			"Questionnaire": 3, "QuestionnaireResponse": 3, "Appointment": 1, "DocumentReference": 1} {
			if got := len(rs[typ]); got != want {
				t.Errorf("%s: %d resources, want %d", typ, got, want)
			}
		}
		pt := jsonText(t, rs["Patient"][w.chart.ID])
		for _, want := range []string{`{"family":"Rivera","given":["Jo"],"text":"Jo Rivera","use":"usual"}`,
			`{"family":"Rivera-Smith","given":["Joanna"],"text":"Joanna Rivera-Smith","use":"official"}`,
			`{"extension":[{"url":"value","valueCodeableConcept":{"text":"they/them"}}],"url":"http://hl7.org/fhir/StructureDefinition/individual-pronouns"}`,
			`{"extension":[{"url":"value","valueCodeableConcept":{"text":"Non-binary"}}],"url":"http://hl7.org/fhir/StructureDefinition/individual-genderIdentity"}`,
			`"gender":"other"`, `"birthDate":"1990-04-12"`, `"value":"urn:uuid:` + w.chart.ID + `"`, `"code":"C"`} {
			if !strings.Contains(pt, want) {
				t.Errorf("Patient lacks %s:\n%s", want, pt)
			}
		}
		rp := jsonText(t, rs["RelatedPerson"][w.contact.ID])
		for _, want := range []string{`"code":"PRN"`, `"code":"BP"`, `"code":"C"`, `"text":"May sign documents for the client"`, `"reference":"Patient/` + w.chart.ID + `"`} {
			if !strings.Contains(rp, want) {
				t.Errorf("RelatedPerson lacks %s:\n%s", want, rp)
			}
		}
		cond := jsonText(t, rs["Condition"][w.primary.ID])
		for _, want := range []string{`{"code":"F41.1","display":"Generalized anxiety disorder","system":"http://hl7.org/fhir/sid/icd-10-cm"}`,
			`"code":"active"`, `"onsetDateTime":"2025-01-10"`} {
			if !strings.Contains(cond, want) {
				t.Errorf("Condition lacks %s:\n%s", want, cond)
			}
		}
		if got := jsonText(t, rs["Condition"][w.resolved.ID]); !strings.Contains(got, `"code":"resolved"`) || !strings.Contains(got, `"abatementDateTime":"2025-01-01"`) {
			t.Errorf("resolved Condition = %s", got)
		}
		meds := jsonText(t, rs["MedicationStatement"])
		if !strings.Contains(meds, `"status":"active"`) || !strings.Contains(meds, `"status":"completed"`) {
			t.Errorf("MedicationStatements = %s, want one active and one completed", meds)
		}
		forms := jsonText(t, rs["Questionnaire"])
		for _, want := range []string{`{"code":"44249-1","display":"PHQ-9 quick depression assessment panel","system":"http://loinc.org"}`, `{"code":"69737-5","display":"Generalized anxiety disorder 7 item (GAD-7)","system":"http://loinc.org"}`,
			`"code":"44261-6"`, `"code":"70274-6"`} {
			if !strings.Contains(forms, want) {
				t.Errorf("Questionnaires lack %s", want)
			}
		}
		phq := jsonText(t, rs["QuestionnaireResponse"][w.phq9])
		if !strings.Contains(phq, `"linkId":"total_score"`) || !strings.Contains(phq, `"status":"completed"`) {
			t.Errorf("PHQ-9 response lacks its total score: %s", phq)
		}
		appt := jsonText(t, rs["Appointment"])
		if !strings.Contains(appt, `"status":"booked"`) || strings.Contains(appt, "meet.example") {
			t.Errorf("Appointment = %s: want booked, without the telehealth link", appt)
		}
		if doc := jsonText(t, rs["DocumentReference"]); !strings.Contains(doc, `"contentType":"image/png"`) || !strings.Contains(doc, "/api/v1/files/") {
			t.Errorf("DocumentReference = %s", doc)
		}
		// Nothing of the other chart.
		if strings.Contains(jsonText(t, b), w.second.ID) {
			t.Error("the bundle names another chart")
		}

		// The official FHIR R4 schema, on the Bundle and on each resource alone.
		dir := t.TempDir()
		paths := []string{filepath.Join(dir, "bundle.json")}
		if err := os.WriteFile(paths[0], []byte(jsonText(t, b)), 0o600); err != nil {
			t.Fatal(err)
		}
		for i, e := range b.Entry {
			p := filepath.Join(dir, "r"+string(rune('a'+i%26))+jsonIndex(i)+".json")
			if err := os.WriteFile(p, []byte(jsonText(t, e.Resource)), 0o600); err != nil {
				t.Fatal(err)
			}
			paths = append(paths, p)
		}
		counts := fhirtest.Validate(t, paths...)
		for _, typ := range fhir.ResourceTypes {
			if counts[typ] == 0 {
				t.Errorf("the schema check saw no %s", typ)
			}
		}
	})
}

func jsonIndex(i int) string { b, _ := json.Marshal(i); return string(b) }

// Proves IM-2: the Bundle is read with the rules of the chart's clinical information, and audited.
func TestChartBundleAccess(t *testing.T) {
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d)
		ctx := context.Background()
		for name, p := range map[string]model.Principal{"billing": apptest.As(w.bill), "another practice": apptest.As(w.other)} {
			if _, err := w.h.App.FHIR.ChartBundle(ctx, p, w.chart.ID); !errors.Is(err, model.ErrNotFound) {
				t.Errorf("%s: err = %v, want not found", name, err)
			}
		}
		if _, err := w.h.App.FHIR.ChartBundle(ctx, apptest.As(w.owner), "not-an-id"); !errors.Is(err, model.ErrNotFound) {
			t.Errorf("malformed id: err = %v, want not found", err)
		}
		if _, err := w.h.App.FHIR.ChartBundle(ctx, apptest.As(w.owner), w.chart.ID); err != nil {
			t.Fatal(err)
		}
		if f := w.h.App.Audit.Flush; f != nil {
			if err := f(ctx); err != nil {
				t.Fatal(err)
			}
		}
		events, _, err := store.ListAuditEvents(ctx, w.h.App.Outbox.Store.R(), model.AuditFilter{PracticeID: w.owner.PracticeID, ChartID: w.chart.ID, Limit: 500})
		if err != nil {
			t.Fatal(err)
		}
		var ok, denied bool
		for _, e := range events {
			if e.Action == "chart.fhir.export" {
				ok = ok || (e.Outcome == model.OutcomeSuccess && e.ActorID == w.owner.ID)
				denied = denied || (e.Outcome == model.OutcomeDenied && e.ActorID == w.bill.ID)
				if strings.Contains(e.Detail, "Rivera") {
					t.Errorf("audit detail names the client: %q", e.Detail)
				}
			}
		}
		if !ok || !denied {
			t.Errorf("audit: read logged %v, billing's refusal logged %v; want both", ok, denied)
		}
	})
}

// Proves IM-2: GET /api/v1/clients/{id}/fhir answers the Bundle as application/fhir+json, and 404 to
// billing staff like a missing chart.
func TestChartBundleAPI(t *testing.T) {
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d)
		const pw = "another correct horse battery staple"
		for _, st := range []model.Staff{w.clin, w.bill} { // their passwords were temporary
			if err := w.h.App.Accounts.ChangePassword(context.Background(), apptest.As(st), apptest.StrongPassword, pw, false); err != nil {
				t.Fatal(err)
			}
		}
		c := w.h.Client()
		c.Login("casey@example.org", pw)
		res := c.Do("GET", "/api/v1/clients/"+w.chart.ID+"/fhir", "", nil)
		if res.StatusCode != http.StatusOK || !strings.HasPrefix(res.Header.Get("Content-Type"), "application/fhir+json") {
			t.Fatalf("GET fhir = %d %s: %s", res.StatusCode, res.Header.Get("Content-Type"), res.Body)
		}
		var b map[string]any
		res.JSON(t, &b)
		if b["resourceType"] != "Bundle" || len(b["entry"].([]any)) < 9 {
			t.Errorf("body = %.300s", res.Body)
		}
		bc := w.h.Client()
		bc.Login("bill@example.org", pw)
		if res := bc.Do("GET", "/api/v1/clients/"+w.chart.ID+"/fhir", "", nil); res.StatusCode != http.StatusNotFound {
			t.Errorf("billing: %d, want 404", res.StatusCode)
		}
	})
}

// Proves IM-2: the practice export writes NDJSON per resource type (FHIR Bulk Data style), page by page,
// with every record once, and every line passes the official FHIR R4 JSON schema.
func TestExportPractice(t *testing.T) {
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d)
		ctx := context.Background()
		svc := *w.h.App.FHIR
		svc.PageSize = 1 // every kind crosses pages
		dir := t.TempDir()
		counts, err := svc.ExportPractice(ctx, w.owner.PracticeID, dir)
		if err != nil {
			t.Fatal(err)
		}
		want := map[string]int{"Patient": 2, "RelatedPerson": 1, "Condition": 2, "MedicationStatement": 2, "CarePlan": 1,
			"Questionnaire": 3, "QuestionnaireResponse": 3, "Appointment": 1, "DocumentReference": 1}
		var paths []string
		for _, typ := range fhir.ResourceTypes {
			p := filepath.Join(dir, typ+".ndjson")
			body, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			lines := strings.Split(strings.TrimSuffix(string(body), "\n"), "\n")
			ids := map[string]bool{}
			for _, l := range lines {
				var r struct{ ResourceType, ID string }
				if err := json.Unmarshal([]byte(l), &r); err != nil || r.ResourceType != typ {
					t.Fatalf("%s: line %q (%v)", typ, l, err)
				}
				if ids[r.ID] {
					t.Errorf("%s/%s written twice", typ, r.ID)
				}
				ids[r.ID] = true
			}
			if len(lines) != want[typ] || counts[typ] != want[typ] {
				t.Errorf("%s: %d lines, counted %d, want %d", typ, len(lines), counts[typ], want[typ])
			}
			paths = append(paths, p)
		}
		got := fhirtest.Validate(t, paths...)
		for typ, n := range want {
			if got[typ] != n {
				t.Errorf("schema check saw %d %s, want %d", got[typ], typ, n)
			}
		}
		// Another practice's export holds none of this one's records.
		other := t.TempDir()
		if _, err := svc.ExportPractice(ctx, w.other.PracticeID, other); err != nil {
			t.Fatal(err)
		}
		body, err := os.ReadFile(filepath.Join(other, "Patient.ndjson"))
		if err != nil || len(body) != 0 {
			t.Errorf("other practice's Patient.ndjson = %q (%v), want empty", body, err)
		}
		events, _, err := store.ListAuditEvents(ctx, w.h.App.Outbox.Store.R(), model.AuditFilter{PracticeID: w.owner.PracticeID, Action: "practice.fhir.export", Limit: 10})
		if err != nil || len(events) != 1 || !strings.Contains(events[0].Detail, "Patient=2") {
			t.Errorf("export audit = %+v (%v), want one event with the counts", events, err)
		}
	})
}

// The schema check is real: a resource the FHIR R4 schema refuses (an unknown gender code, an element
// FHIR does not define) fails it. Proves IM-2's validation can fail.
func TestSchemaCheckRefusesInvalidResources(t *testing.T) {
	node, script := fhirtest.Require(t)
	dir := t.TempDir()
	var paths []string
	for name, body := range map[string]string{
		"gender":  `{"resourceType":"Patient","id":"a","gender":"woman"}`,
		"unknown": `{"resourceType":"Condition","id":"b","subject":{"reference":"Patient/a"},"severityScore":3}`,
		"valid":   `{"resourceType":"Patient","id":"c","gender":"other"}`,
	} {
		p := filepath.Join(dir, name+".json")
		if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
		paths = append(paths, p)
	}
	out, err := exec.Command(node, append([]string{script}, paths...)...).CombinedOutput()
	if err == nil || strings.Count(string(out), "INVALID") != 2 || !strings.Contains(string(out), "Patient/a") ||
		!strings.Contains(string(out), "Condition/b") || strings.Contains(string(out), "Patient/c") {
		t.Errorf("the schema check answered (%v):\n%s\nwant exactly Patient/a and Condition/b refused", err, out)
	}
}
