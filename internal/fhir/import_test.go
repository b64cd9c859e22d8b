package fhir_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"testing"

	"tend/internal/apptest"
	"tend/internal/db"
	"tend/internal/fhir"
	"tend/internal/model"
	"tend/internal/store"
	"tend/internal/testdb"
)

// withEntries is a Bundle of the given resources.
func withEntries(t *testing.T, rs ...any) []byte {
	t.Helper()
	b := fhir.Bundle{ResourceType: "Bundle", Type: "collection"}
	for _, r := range rs {
		b.Entry = append(b.Entry, fhir.BundleEntry{Resource: r})
	}
	raw, err := json.Marshal(b)
	if err != nil {
		t.Fatal(err)
	}
	return raw
}

func chartCount(t *testing.T, w world, practiceID string) int {
	t.Helper()
	var n int
	if err := w.h.DB.R.QueryRowContext(context.Background(), `SELECT COUNT(*) FROM charts WHERE practice_id = $1`, practiceID).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// Proves IM-2: a Patient-centred Bundle exported from one practice makes a new chart in another with the
// Patient's names, pronouns, gender identity and legal sex, its Conditions and MedicationStatements;
// the types Tend does not import are reported and the rest goes in. Imported again, it updates the
// chart it matches by identifier instead of making a second one, and by email when it has no identifier.
func TestImportBundle(t *testing.T) {
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d)
		ctx := context.Background()
		b, err := w.h.App.FHIR.ChartBundle(ctx, apptest.As(w.owner), w.chart.ID)
		if err != nil {
			t.Fatal(err)
		}
		b.Entry = append(b.Entry, fhir.BundleEntry{Resource: map[string]any{"resourceType": "Observation", "id": "x", "status": "final"}})
		raw, err := json.Marshal(b)
		if err != nil {
			t.Fatal(err)
		}
		other := apptest.As(w.other)
		res, err := w.h.App.FHIR.Import(ctx, other, raw)
		if err != nil {
			t.Fatal(err)
		}
		if !res.Created || res.Imported["Patient"] != 1 || res.Imported["RelatedPerson"] != 1 || res.Imported["Condition"] != 2 || res.Imported["MedicationStatement"] != 2 {
			t.Fatalf("import = %+v, want a new chart with a contact, 2 conditions and 2 medications", res)
		}
		skipped := map[string]string{}
		for _, s := range res.Skipped {
			skipped[s.ResourceType] = s.Reason
		}
		for _, typ := range []string{"CarePlan", "Questionnaire", "QuestionnaireResponse", "Appointment", "DocumentReference", "Observation"} {
			if skipped[typ] == "" {
				t.Errorf("%s not reported as skipped: %v", typ, skipped)
			}
		}
		if !strings.Contains(skipped["Observation"], "not a resource type Tend imports") {
			t.Errorf("Observation reason = %q", skipped["Observation"])
		}
		c, err := store.ClientByID(ctx, w.h.DB.R, w.other.PracticeID, res.ChartID)
		if err != nil {
			t.Fatal(err)
		}
		got := []string{c.FirstName, c.LastName, c.LegalFirstName, c.LegalLastName, c.Pronouns, c.GenderIdentity, c.Sex, c.DateOfBirth, c.Email, c.Address.City, c.Emergency.Name}
		want := []string{"Jo", "Rivera", "Joanna", "Rivera-Smith", "they/them", "Non-binary", "x", "1990-04-12", "jo@example.net", "Springfield", "Sam Rivera"}
		if strings.Join(got, "|") != strings.Join(want, "|") {
			t.Errorf("imported client = %q, want %q", got, want)
		}
		ds, err := store.DiagnosesOf(ctx, w.h.DB.R, c.ID)
		if err != nil || len(ds) != 2 {
			t.Fatalf("diagnoses = %v (%v)", ds, err)
		}
		codes := map[string]model.Diagnosis{}
		for _, d := range ds {
			codes[d.Code] = d
		}
		if !codes["F411"].Primary || codes["F320"].Status != model.DiagnosisResolved || codes["F320"].ResolvedDate != "2025-01-01" {
			t.Errorf("diagnoses = %+v", ds)
		}

		cs, err := store.ContactsOf(ctx, w.h.DB.R, c.ID)
		if err != nil || len(cs) != 1 {
			t.Fatalf("contacts = %v (%v)", cs, err)
		}
		if ct := cs[0]; ct.Relationship != model.RelParent || !ct.HandlesBilling || !ct.Emergency || !ct.MaySign || ct.Reminders ||
			ct.Person.Name() != "Pat Rivera" || ct.Person.Email != "pat@example.net" {
			t.Errorf("contact = %+v, want Pat Rivera, parent, billing, emergency, may sign", ct)
		}

		// Again: the identifier names the new chart, so it is updated, and nothing is doubled.
		b2, err := w.h.App.FHIR.ChartBundle(ctx, other, res.ChartID)
		if err != nil {
			t.Fatal(err)
		}
		before := chartCount(t, w, w.other.PracticeID)
		again, err := w.h.App.FHIR.Import(ctx, other, withEntries(t, entriesOf(b2)...))
		if err != nil {
			t.Fatal(err)
		}
		if again.Created || again.ChartID != res.ChartID || again.Imported["Condition"] != 0 || again.Imported["RelatedPerson"] != 0 ||
			chartCount(t, w, w.other.PracticeID) != before {
			t.Errorf("re-import = %+v, want the same chart updated and nothing added", again)
		}

		// No identifier: the email finds the chart.
		byEmail, err := w.h.App.FHIR.Import(ctx, other, withEntries(t, fhir.Patient{ResourceType: "Patient",
			Name: []fhir.HumanName{{Use: "usual", Given: []string{"Jojo"}, Family: "Rivera"}}, Telecom: []fhir.ContactPoint{{System: "email", Value: "JO@example.net"}}}))
		if err != nil {
			t.Fatal(err)
		}
		if byEmail.Created || byEmail.ChartID != res.ChartID {
			t.Errorf("by email = %+v, want chart %s updated", byEmail, res.ChartID)
		}
		if c, _ := store.ClientByID(ctx, w.h.DB.R, w.other.PracticeID, res.ChartID); c.FirstName != "Jojo" || c.Pronouns != "they/them" {
			t.Errorf("after the update: %q, pronouns %q: want the new first name and the rest kept", c.FirstName, c.Pronouns)
		}
	})
}

func entriesOf(b fhir.Bundle) []any {
	var out []any
	for _, e := range b.Entry {
		out = append(out, e.Resource)
	}
	return out
}

// Proves IM-2's bad input: each broken Bundle gets a clear message by field, and nothing is written.
func TestImportBadInput(t *testing.T) {
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d)
		ctx := context.Background()
		op := apptest.As(w.owner)
		jo := fhir.Patient{ResourceType: "Patient", Name: []fhir.HumanName{{Given: []string{"New"}, Family: "Person"}}}
		ref := fhir.Reference{Reference: "Patient/p1"}
		jo.ID = "p1"
		for _, tc := range []struct {
			name, body, field, message string
		}{
			{"not JSON", `{"resourceType": "Bundle", `, "bundle", "not FHIR JSON"},
			{"not a Bundle", `{"resourceType": "Patient"}`, "resourceType", "Send a FHIR Bundle"},
			{"no Patient", string(withEntries(t, map[string]any{"resourceType": "Observation"})), "entry", "holds no Patient"},
			{"two Patients", string(withEntries(t, jo, jo)), "entry.1.resource", "more than one Patient"},
			{"no name", string(withEntries(t, fhir.Patient{ResourceType: "Patient", BirthDate: "1990-01-01"})), "entry.0.first_name", ""},
			{"bad birth date", string(withEntries(t, fhir.Patient{ResourceType: "Patient", Name: jo.Name, BirthDate: "2990-01-01"})), "entry.0.date_of_birth", ""},
			{"unknown ICD-10-CM code", string(withEntries(t, jo, fhir.Condition{ResourceType: "Condition", Subject: ref,
				Code: &fhir.CodeableConcept{Coding: []fhir.Coding{{System: fhir.SystemICD10CM, Code: "Q99.99"}}}})), "entry.1.code", "not an ICD-10-CM code"},
			{"medication without a name", string(withEntries(t, jo, fhir.MedicationStatement{ResourceType: "MedicationStatement", Status: "active", Subject: ref})), "entry.1.name", ""},
			{"entry without a resource type", `{"resourceType":"Bundle","entry":[{"resource":{"id":"a"}}]}`, "entry.0.resource", "resourceType"},
		} {
			t.Run(tc.name, func(t *testing.T) {
				before := chartCount(t, w, w.owner.PracticeID)
				_, err := w.h.App.FHIR.Import(ctx, op, []byte(tc.body))
				var ve *model.ValidationError
				if !errors.As(err, &ve) || ve.Fields[tc.field] == "" || !strings.Contains(ve.Fields[tc.field], tc.message) {
					t.Fatalf("err = %v (%+v), want a problem on %s saying %q", err, ve, tc.field, tc.message)
				}
				if n := chartCount(t, w, w.owner.PracticeID); n != before {
					t.Errorf("charts %d → %d: a refused import wrote something", before, n)
				}
			})
		}
		// Billing staff make charts, but not diagnoses: the whole Bundle is refused with the reason.
		_, err := w.h.App.FHIR.Import(ctx, apptest.As(w.bill), withEntries(t, jo, fhir.Condition{ResourceType: "Condition", Subject: ref,
			Code: &fhir.CodeableConcept{Coding: []fhir.Coding{{System: fhir.SystemICD10CM, Code: "F41.1"}}}}))
		var ve *model.ValidationError
		if !errors.As(err, &ve) || !strings.Contains(ve.Fields["entry.1.resource"], "may not add diagnoses") {
			t.Errorf("billing with a Condition: %v", err)
		}
		if n := chartCount(t, w, w.owner.PracticeID); n != 2 {
			t.Errorf("charts = %d, want the world's 2", n)
		}
	})
}

// Proves IM-2: POST /api/v1/fhir/import answers 201 with the new chart and what was skipped, and 422
// with error.fields for a Bundle that is not one.
func TestImportAPI(t *testing.T) {
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d)
		c := w.h.Client()
		c.Login("owner@example.org", apptest.StrongPassword)
		body := withEntries(t, fhir.Patient{ResourceType: "Patient", Name: []fhir.HumanName{{Given: []string{"Api"}, Family: "Person"}}},
			map[string]any{"resourceType": "Encounter", "status": "finished"})
		res := c.Do("POST", "/api/v1/fhir/import", "application/fhir+json", strings.NewReader(string(body)))
		if res.StatusCode != http.StatusCreated {
			t.Fatalf("import = %d: %s", res.StatusCode, res.Body)
		}
		var out struct {
			ClientID string `json:"client_id"`
			Skipped  []struct {
				ResourceType string `json:"resource_type"`
			} `json:"skipped"`
		}
		res.JSON(t, &out)
		if out.ClientID == "" || len(out.Skipped) != 1 || out.Skipped[0].ResourceType != "Encounter" {
			t.Errorf("answer = %s", res.Body)
		}
		bad := c.Do("POST", "/api/v1/fhir/import", "application/fhir+json", strings.NewReader(`[1, 2]`))
		if bad.StatusCode != http.StatusUnprocessableEntity || bad.Err(t).Error.Fields["bundle"] == "" {
			t.Errorf("not a Bundle = %d: %s", bad.StatusCode, bad.Body)
		}
		huge := c.Do("POST", "/api/v1/fhir/import", "application/fhir+json", strings.NewReader(strings.Repeat(" ", fhir.MaxImportBytes+1)+string(body)))
		if huge.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(huge.Err(t).Error.Fields["bundle"], "larger than 10 MB") {
			t.Errorf("an 11 MB Bundle = %d: %.300s", huge.StatusCode, huge.Body)
		}
	})
}
