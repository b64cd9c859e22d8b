package clinical_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"tend/internal/apptest"
	"tend/internal/clinical"
	"tend/internal/db"
	"tend/internal/model"
	"tend/internal/store"
	"tend/internal/testdb"
)

func strp(s string) *string { return &s }

// world is a practice with an owner, a clinician with a client, a supervisor of that clinician, an
// admin and a billing staff member.
type world struct {
	h                                       *apptest.Harness
	ctx                                     context.Context
	owner, clinician, supervisor, admin, bl model.Principal
	chart                                   model.Client
}

func newWorld(t *testing.T, d *db.DB) world {
	t.Helper()
	h := apptest.New(t, d)
	_, owner := h.Setup()
	w := world{h: h, ctx: context.Background(), owner: apptest.As(owner)}
	clin := h.AddStaff(owner, "Casey Clinician", "casey@example.org", model.RoleClinician)
	sup := h.AddStaff(owner, "Sam Supervisor", "sam@example.org", model.RoleSupervisor)
	w.admin = apptest.As(h.AddStaff(owner, "Ada Admin", "ada@example.org", model.RoleAdmin))
	w.bl = apptest.As(h.AddStaff(owner, "Bo Billing", "bo@example.org", model.RoleBilling))
	if _, err := h.App.Accounts.UpdateStaff(w.ctx, w.owner, clin.ID, model.StaffChange{SupervisorID: &sup.ID}); err != nil {
		t.Fatal(err)
	}
	w.clinician, w.supervisor = apptest.As(clin), apptest.As(sup)
	c, err := h.App.Clients.Create(w.ctx, w.owner, model.ClientChange{FirstName: strp("Robin"), LastName: strp("Client"), AssignedClinicianID: &clin.ID})
	if err != nil {
		t.Fatal(err)
	}
	w.chart = c
	return w
}

// CL-8: a diagnosis needs a billable code of the shipped list; dates and status are checked; nothing is
// saved when something is wrong.
func TestDiagnosisInput(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d)
		tests := []struct {
			name  string
			in    model.DiagnosisInput
			field string // "" means accepted
		}{
			{"a code of the list, dot and case free", model.DiagnosisInput{Code: "f41.1"}, ""},
			{"a Z code", model.DiagnosisInput{Code: "Z63.0", Label: "Relationship distress with spouse"}, ""},
			{"unknown code", model.DiagnosisInput{Code: "F41.7"}, "code"},
			{"a code of another chapter", model.DiagnosisInput{Code: "I10"}, "code"},
			{"a category heading", model.DiagnosisInput{Code: "F41"}, "code"},
			{"no code", model.DiagnosisInput{Label: "Anxiety"}, "code"},
			{"onset in the future", model.DiagnosisInput{Code: "F41.1", OnsetDate: "2999-01-01"}, "onset_date"},
			{"not a date", model.DiagnosisInput{Code: "F41.1", OnsetDate: "last spring"}, "onset_date"},
			{"resolved without a date", model.DiagnosisInput{Code: "F41.1", Status: model.DiagnosisResolved}, "resolved_date"},
			{"resolved before onset", model.DiagnosisInput{Code: "F41.1", OnsetDate: "2024-05-01", Status: model.DiagnosisResolved, ResolvedDate: "2024-04-01"}, "resolved_date"},
			{"resolved and primary", model.DiagnosisInput{Code: "F41.1", Primary: true, Status: model.DiagnosisResolved, ResolvedDate: "2024-04-01"}, "primary"},
			{"label too long", model.DiagnosisInput{Code: "F41.1", Label: strings.Repeat("x", 201)}, "label"},
		}
		for _, tt := range tests {
			_, err := w.h.App.Clinical.AddDiagnosis(w.ctx, w.clinician, w.chart.ID, tt.in)
			var ve *model.ValidationError
			switch {
			case tt.field == "" && err != nil:
				t.Errorf("%s: got %v, want it accepted", tt.name, err)
			case tt.field != "" && (!errors.As(err, &ve) || ve.Fields[tt.field] == ""):
				t.Errorf("%s: got %v, want a problem with %s", tt.name, err, tt.field)
			}
		}
		ds, err := w.h.App.Clinical.Diagnoses(w.ctx, w.clinician, w.chart.ID)
		if err != nil || len(ds) != 2 {
			t.Fatalf("diagnoses: got %d, %v; want the 2 accepted ones", len(ds), err)
		}
		if ds[0].Code != "F411" || ds[0].Description != "Generalized anxiety disorder" {
			t.Errorf("stored: got %s %q, want F411 with its official description", ds[0].Code, ds[0].Description)
		}
	})
}

// CL-8: at most one primary active diagnosis: making another primary moves the mark in one change;
// resolving takes it off; reactivating does not put it back.
func TestPrimaryMoves(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d)
		svc := w.h.App.Clinical
		a, err := svc.AddDiagnosis(w.ctx, w.clinician, w.chart.ID, model.DiagnosisInput{Code: "F33.1", Primary: true})
		if err != nil {
			t.Fatal(err)
		}
		b, err := svc.AddDiagnosis(w.ctx, w.clinician, w.chart.ID, model.DiagnosisInput{Code: "F41.1", Primary: true})
		if err != nil {
			t.Fatal(err)
		}
		primaries := func() []string {
			ds, err := svc.Diagnoses(w.ctx, w.clinician, w.chart.ID)
			if err != nil {
				t.Fatal(err)
			}
			var out []string
			for _, d := range ds {
				if d.Primary {
					out = append(out, d.Code)
				}
			}
			return out
		}
		if got := primaries(); len(got) != 1 || got[0] != "F411" {
			t.Fatalf("after adding a second primary: primaries %v, want [F411]", got)
		}
		if _, err := svc.UpdateDiagnosis(w.ctx, w.clinician, w.chart.ID, a.ID, model.DiagnosisInput{Code: a.Code, Primary: true}); err != nil {
			t.Fatal(err)
		}
		if got := primaries(); len(got) != 1 || got[0] != "F331" {
			t.Fatalf("after editing the first back to primary: primaries %v, want [F331]", got)
		}
		if _, err := svc.ResolveDiagnosis(w.ctx, w.clinician, w.chart.ID, a.ID, ""); err != nil {
			t.Fatal(err)
		}
		if got := primaries(); len(got) != 0 {
			t.Errorf("after resolving the primary: primaries %v, want none", got)
		}
		re, err := svc.ReactivateDiagnosis(w.ctx, w.clinician, w.chart.ID, a.ID)
		if err != nil || !re.Active() || re.Primary || re.ResolvedDate != "" {
			t.Errorf("reactivated: got %+v, %v; want active, not primary, no resolved date", re, err)
		}
		active, err := svc.ActiveDiagnoses(w.ctx, w.clinician, w.chart.ID)
		if err != nil || len(active) != 2 {
			t.Errorf("ActiveDiagnoses: got %d, %v; want 2", len(active), err)
		}
		_ = b
	})
}

// CL-8: a stop date before the start is refused; a stopped medication moves to the stopped list.
func TestMedications(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d)
		svc := w.h.App.Clinical
		_, err := svc.AddMedication(w.ctx, w.clinician, w.chart.ID, model.MedicationInput{Name: "Sertraline", StartDate: "2025-03-01", StopDate: "2025-02-01"})
		var ve *model.ValidationError
		if !errors.As(err, &ve) || ve.Fields["stop_date"] == "" {
			t.Fatalf("stop before start: got %v, want a problem with stop_date", err)
		}
		if _, err := svc.AddMedication(w.ctx, w.clinician, w.chart.ID, model.MedicationInput{Dose: "50 mg"}); !errors.As(err, &ve) || ve.Fields["name"] == "" {
			t.Fatalf("no name: got %v, want a problem with name", err)
		}
		m, err := svc.AddMedication(w.ctx, w.clinician, w.chart.ID, model.MedicationInput{Name: "Sertraline", Dose: "50 mg", Frequency: "daily",
			Prescriber: "Dr Lee", StartDate: "2025-03-01"})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := svc.UpdateMedication(w.ctx, w.clinician, w.chart.ID, m.ID, model.MedicationInput{Name: "Sertraline", StartDate: "2025-03-01", StopDate: "2025-01-01"}); !errors.As(err, &ve) {
			t.Fatalf("edit with stop before start: got %v, want refused", err)
		}
		stopped, err := svc.StopMedication(w.ctx, w.clinician, w.chart.ID, m.ID, "")
		if err != nil || stopped.StopDate == "" {
			t.Fatalf("stop: got %+v, %v", stopped, err)
		}
		v, err := svc.Get(w.ctx, w.clinician, w.chart.ID)
		if err != nil || len(v.CurrentMedications()) != 0 || len(v.StoppedMedications()) != 1 {
			t.Fatalf("after stopping today: current %d, stopped %d, %v; want 0 and 1", len(v.CurrentMedications()), len(v.StoppedMedications()), err)
		}
		if v.StoppedMedications()[0].Dose != "50 mg" {
			t.Errorf("stopping kept the dose? got %q", v.StoppedMedications()[0].Dose)
		}
		if err := svc.RemoveMedication(w.ctx, w.clinician, w.chart.ID, m.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := svc.Medication(w.ctx, w.clinician, w.chart.ID, m.ID); !errors.Is(err, model.ErrNotFound) {
			t.Errorf("removed medication: got %v, want not found", err)
		}
	})
}

// CL-8: who sees and changes clinical information (the route matrix proves the same over HTTP).
func TestWhoSeesClinicalInformation(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d)
		svc := w.h.App.Clinical
		if _, err := svc.AddDiagnosis(w.ctx, w.clinician, w.chart.ID, model.DiagnosisInput{Code: "F32.A"}); err != nil {
			t.Fatal(err)
		}
		tests := []struct {
			name         string
			p            model.Principal
			view, change error
		}{
			{"owner", w.owner, nil, nil},
			{"clinician", w.clinician, nil, nil},
			{"supervisor of the clinician", w.supervisor, nil, model.ErrForbidden},
			{"admin, setting off", w.admin, model.ErrNotFound, model.ErrNotFound},
			{"billing", w.bl, model.ErrNotFound, model.ErrNotFound},
		}
		check := func(name string, p model.Principal, view, change error) {
			t.Helper()
			_, err := svc.ActiveDiagnoses(w.ctx, p, w.chart.ID)
			if (view == nil) != (err == nil) || (view != nil && !errors.Is(err, view)) {
				t.Errorf("%s views: got %v, want %v", name, err, view)
			}
			_, err = svc.UpdateSummary(w.ctx, p, w.chart.ID, clinicalSummary("x"))
			if (change == nil) != (err == nil) || (change != nil && !errors.Is(err, change)) {
				t.Errorf("%s changes: got %v, want %v", name, err, change)
			}
		}
		for _, tt := range tests {
			check(tt.name, tt.p, tt.view, tt.change)
		}
		on := true
		if _, err := w.h.App.Accounts.ChangePracticeSettings(w.ctx, w.owner, model.PracticeSettingsChange{AdminSeesClinical: &on}); err != nil {
			t.Fatal(err)
		}
		check("admin, setting on", w.admin, nil, nil)
		check("billing, admin setting on", w.bl, model.ErrNotFound, model.ErrNotFound)
		v, err := w.h.App.Clients.Get(w.ctx, w.bl, w.chart.ID)
		if err != nil || v.SeesClinical || v.ChangesClinical {
			t.Errorf("billing's chart view: sees %t changes %t (%v), want neither", v.SeesClinical, v.ChangesClinical, err)
		}
		v, err = w.h.App.Clients.Get(w.ctx, w.supervisor, w.chart.ID)
		if err != nil || !v.SeesClinical || v.ChangesClinical {
			t.Errorf("supervisor's chart view: sees %t changes %t (%v), want sees only", v.SeesClinical, v.ChangesClinical, err)
		}
	})
}

// CL-8: every read and change is audited with ids only: a change names the revisions before and after;
// no code, description, medication name or text reaches the audit log, and the revisions keep the values.
func TestAuditCarriesIDsOnly(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d)
		svc := w.h.App.Clinical
		dx, err := svc.AddDiagnosis(w.ctx, w.clinician, w.chart.ID, model.DiagnosisInput{Code: "F43.10", Label: "PTSD after the flood"})
		if err != nil {
			t.Fatal(err)
		}
		first := dx.RevisionID
		dx, err = svc.UpdateDiagnosis(w.ctx, w.clinician, w.chart.ID, dx.ID, model.DiagnosisInput{Code: "F43.12", Label: "PTSD after the flood, chronic"})
		if err != nil {
			t.Fatal(err)
		}
		m, err := svc.AddMedication(w.ctx, w.clinician, w.chart.ID, model.MedicationInput{Name: "Prazosinex", Dose: "1 mg"})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := svc.UpdateSummary(w.ctx, w.clinician, w.chart.ID, clinicalSummary("Nightmares since the flood")); err != nil {
			t.Fatal(err)
		}
		if _, err := svc.Get(w.ctx, w.clinician, w.chart.ID); err != nil {
			t.Fatal(err)
		}
		if err := svc.RemoveMedication(w.ctx, w.clinician, w.chart.ID, m.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := svc.Get(w.ctx, w.bl, w.chart.ID); !errors.Is(err, model.ErrNotFound) {
			t.Fatalf("billing: got %v, want not found", err)
		}
		if f := w.h.App.Audit.Flush; f != nil {
			if err := f(w.ctx); err != nil {
				t.Fatal(err)
			}
		}
		events, _, err := store.ListAuditEvents(w.ctx, w.h.App.Clinical.Store.R(), model.AuditFilter{PracticeID: w.owner.PracticeID, ChartID: w.chart.ID, Limit: 500})
		if err != nil {
			t.Fatal(err)
		}
		seen := map[string]model.AuditEvent{}
		for _, e := range events {
			row := strings.Join([]string{e.Action, e.RecordType, e.RecordID, e.Detail}, " ")
			for _, secret := range []string{"F43", "F4310", "F4312", "F43.1", "PTSD", "flood", "Post-traumatic", "Prazosinex", "1 mg", "Nightmares"} {
				if strings.Contains(row, secret) {
					t.Errorf("audit event %q holds %q", row, secret)
				}
			}
			if e.Action == "chart.clinical.view" && e.Outcome == model.OutcomeDenied {
				seen["denied"] = e
				continue
			}
			seen[e.Action] = e
		}
		for _, a := range []string{"chart.diagnosis.add", "chart.diagnosis.update", "chart.medication.add", "chart.medication.remove",
			"chart.clinical_summary.update", "chart.clinical.view", "denied"} {
			if _, ok := seen[a]; !ok {
				t.Errorf("no audit event %s", a)
			}
		}
		if got, want := seen["chart.diagnosis.update"].Detail, "from_revision="+first+" to_revision="+dx.RevisionID; got != want {
			t.Errorf("update detail: got %q, want %q", got, want)
		}
		revs, err := svc.Revisions(w.ctx, w.clinician, w.chart.ID, dx.ID)
		if err != nil || len(revs) != 2 || !strings.Contains(revs[0].Data, "F4310") || !strings.Contains(revs[1].Data, "F4312") || revs[1].PreviousID != first {
			t.Errorf("diagnosis revisions: got %+v, %v; want the two versions, the second after the first", revs, err)
		}
		revs, err = svc.Revisions(w.ctx, w.clinician, w.chart.ID, m.ID)
		if err != nil || len(revs) != 2 || !revs[1].Removed || !strings.Contains(revs[1].Data, "Prazosinex") {
			t.Errorf("medication revisions: got %+v, %v; want the removal kept with the last values", revs, err)
		}
	})
}

func clinicalSummary(history string) clinicalInput {
	return clinicalInput{History: &history}
}

type clinicalInput = clinical.SummaryInput
