package plans_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"tend/internal/apptest"
	"tend/internal/db"
	"tend/internal/model"
	"tend/internal/pdftest"
	"tend/internal/plandiff"
	"tend/internal/plans"
	"tend/internal/testdb"
)

var ctx = context.Background()

func str(s string) *string { return &s }

type world struct {
	h                        *apptest.Harness
	owner, admin, clin, bill model.Staff
	other                    model.Staff
	chart                    model.Client
	diag                     model.Diagnosis
	svc                      *plans.Service
}

func newWorld(t *testing.T, d *db.DB) world {
	t.Helper()
	h := apptest.New(t, d)
	_, owner := h.Setup()
	w := world{h: h, owner: owner, svc: h.App.Plans}
	w.admin = h.AddStaff(owner, "Ada Admin", "ada@example.org", model.RoleAdmin)
	w.clin = h.AddStaff(owner, "Cal Clinician", "cal@example.org", model.RoleClinician)
	w.bill = h.AddStaff(owner, "Bea Billing", "bea@example.org", model.RoleBilling)
	_, w.other = h.AddPractice("Elsewhere Therapy", "boss@elsewhere.example")
	c, err := h.App.Clients.Create(ctx, apptest.As(owner), model.ClientChange{FirstName: str("Robin"), LastName: str("Rivera"), AssignedClinicianID: &w.clin.ID})
	if err != nil {
		t.Fatal(err)
	}
	w.chart = c
	w.diag, err = h.App.Clinical.AddDiagnosis(ctx, apptest.As(w.clin), c.ID, model.DiagnosisInput{Code: "F33.1", Primary: true})
	if err != nil {
		t.Fatal(err)
	}
	return w
}

// content is a small plan addressing the chart's diagnosis, with a measured objective.
func (w world) content(goal string) model.PlanContent {
	today := w.h.Clock.Now().Format(time.DateOnly)
	return model.PlanContent{Title: "Treatment plan", Diagnoses: []model.PlanDiagnosis{{DiagnosisID: w.diag.ID}},
		Problems: []model.PlanProblem{{Statement: "Low mood most days, withdrawn from friends.",
			Goals: []model.PlanGoal{{Statement: goal, Objectives: []model.PlanObjective{{Statement: "PHQ-9 below 10",
				TargetDate: today, Measure: &model.PlanMeasure{Scoring: model.ScoringPHQ9, Below: 10}}}}},
			Interventions: []model.PlanIntervention{{Modality: "Cognitive behavioural therapy", Frequency: "Weekly"}}}},
		Narrative: "## Summary\n\nWeekly sessions.", ReviewDate: today}
}

func fieldErr(err error, field string) string {
	var ve *model.ValidationError
	if errors.As(err, &ve) {
		return ve.Fields[field]
	}
	return ""
}

// Issue 15, items 1–3: a plan is created with version 1; each save adds a version, the earlier ones never
// change (the database refuses an update); signing names the version's SHA-256; a new version starts
// unsigned while the signed one stays readable as signed; restoring makes a new version.
// Proves TP-1.
func TestVersionsSignaturesRestore(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d)
		as := apptest.As(w.clin)
		made, err := w.svc.Create(ctx, as, w.chart.ID, plans.SaveInput{Content: w.content("Feel able to see friends again")})
		if err != nil {
			t.Fatal(err)
		}
		if made.Version.Number != 1 || made.Version.Content.Diagnoses[0].Code != "F33.1" || made.Version.Content.Diagnoses[0].Description == "" {
			t.Fatalf("first version %+v", made.Version)
		}
		if _, err := d.W.ExecContext(ctx, `UPDATE treatment_plan_versions SET content = '{}' WHERE id = $1`, made.Version.ID); err == nil {
			t.Fatal("the database let a version change")
		}
		// Sign version 1, then save a change: version 2 is unsigned; version 1 keeps its signature.
		if _, err := w.svc.Sign(ctx, as, w.chart.ID, made.Plan.ID, 1, "cal  clinician"); err != nil {
			t.Fatal(err)
		}
		if _, err := w.svc.Sign(ctx, as, w.chart.ID, made.Plan.ID, 1, "Cal Clinician"); err == nil {
			t.Fatal("signed twice")
		}
		same, err := w.svc.Save(ctx, as, w.chart.ID, made.Plan.ID, plans.SaveInput{Content: w.content("Feel able to see friends again"), BaseVersion: 1})
		if err != nil || !same.Unchanged || same.Version.Number != 1 {
			t.Fatalf("an unchanged save: %+v %v", same, err)
		}
		v2, err := w.svc.Save(ctx, as, w.chart.ID, made.Plan.ID, plans.SaveInput{Content: w.content("See two friends a week"), BaseVersion: 1})
		if err != nil || v2.Version.Number != 2 || len(v2.Version.Signatures) != 0 {
			t.Fatalf("second version: %+v %v", v2.Version, err)
		}
		old, err := w.svc.Get(ctx, as, w.chart.ID, made.Plan.ID, 1)
		if err != nil {
			t.Fatal(err)
		}
		if !old.Version.SignedBy(model.PlanSignerClinician) || old.Version.Signatures[0].SHA256 != made.Version.SHA256 ||
			old.Version.Content.Problems[0].Goals[0].Statement != "Feel able to see friends again" || old.Version.Signatures[0].TypedName != "cal clinician" {
			t.Fatalf("version 1 after the change: %+v", old.Version)
		}
		cur, err := w.svc.Get(ctx, as, w.chart.ID, made.Plan.ID, 0)
		if err != nil || cur.Version.Number != 2 || cur.Version.SignedBy(model.PlanSignerClinician) || cur.SignedVersion != 1 {
			t.Fatalf("newest: %+v signed %d %v", cur.Version, cur.SignedVersion, err)
		}
		// A save from a stale editor is refused; signing an older version too.
		if _, err := w.svc.Save(ctx, as, w.chart.ID, made.Plan.ID, plans.SaveInput{Content: w.content("Stale"), BaseVersion: 1}); err == nil ||
			!strings.Contains(err.Error(), "version 2") {
			t.Fatalf("stale save: %v", err)
		}
		if _, err := w.svc.Sign(ctx, as, w.chart.ID, made.Plan.ID, 1, "Cal Clinician"); err == nil {
			t.Fatal("signed an older version")
		}
		back, err := w.svc.Restore(ctx, as, w.chart.ID, made.Plan.ID, 1)
		if err != nil || back.Version.Number != 3 || back.Version.SHA256 != made.Version.SHA256 || back.Version.Source != model.PlanRestored {
			t.Fatalf("restore: %+v %v", back.Version, err)
		}
		h, err := w.svc.Versions(ctx, as, w.chart.ID, made.Plan.ID, 0)
		if err != nil || len(h.Versions) != 3 || h.Versions[0].Number != 3 || h.Versions[2].AuthorName != "Cal Clinician" || len(h.Versions[2].Signatures) != 1 {
			t.Fatalf("history: %+v %v", h.Versions, err)
		}
		// The measured objective shows no progress without scores, and says what it measures.
		if pg := cur.Progress[plans.ObjectiveKey(0, 0, 0)]; pg.Name != "PHQ-9" || pg.Known || pg.Below != 10 {
			t.Fatalf("progress %+v", pg)
		}
	})
}

// Issue 15, bad input: a target date before the plan began, an objective measured by an assessment the
// practice does not use, a 1 MB narrative and a diagnosis not on the chart are refused field by field.
// Proves TP-1.
func TestBadInput(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d)
		as := apptest.As(w.clin)
		c := w.content("Sleep through the night")
		c.Problems[0].Goals[0].Objectives[0].TargetDate = w.h.Clock.Now().AddDate(0, 0, -3).Format(time.DateOnly)
		c.Problems[0].Goals[0].Objectives = append(c.Problems[0].Goals[0].Objectives, model.PlanObjective{Statement: "Measured oddly",
			Measure: &model.PlanMeasure{Scoring: "bdi2", Below: 10}})
		c.Narrative = strings.Repeat("a", 1<<20)
		c.Diagnoses = append(c.Diagnoses, model.PlanDiagnosis{DiagnosisID: "01a22a9a-a477-7ec3-9cb2-79460094d41d"})
		_, err := w.svc.Create(ctx, as, w.chart.ID, plans.SaveInput{Content: c})
		for field, want := range map[string]string{
			"problems.0.goals.0.objectives.0.target_date": "before the plan began",
			"problems.0.goals.0.objectives.1.measure":     "PHQ-9 or GAD-7",
			"narrative": "at most 48 KB",
			"diagnoses": "this chart's",
		} {
			if got := fieldErr(err, field); !strings.Contains(got, want) {
				t.Errorf("%s: %q, want %q (%v)", field, got, want, err)
			}
		}
		// An assessment the practice archived is not one it uses.
		docs, err := w.h.App.Documents.Templates(ctx, apptest.As(w.owner), false)
		if err != nil {
			t.Fatal(err)
		}
		for _, tm := range docs {
			if tm.Scoring == model.ScoringGAD7 {
				if _, err := w.h.App.Documents.SetTemplateArchived(ctx, apptest.As(w.owner), tm.ID, true); err != nil {
					t.Fatal(err)
				}
			}
		}
		c = w.content("Worry less")
		c.Problems[0].Goals[0].Objectives[0].Measure.Scoring = model.ScoringGAD7
		_, err = w.svc.Create(ctx, as, w.chart.ID, plans.SaveInput{Content: c})
		if got := fieldErr(err, "problems.0.goals.0.objectives.0.measure"); !strings.Contains(got, "does not use the GAD-7") {
			t.Fatalf("archived GAD-7: %q (%v)", got, err)
		}
	})
}

// Issue 15: plans are clinical information: billing and another practice get 404, an admin too unless
// the practice lets admins see clinical information; a plan is shared only once signed.
// Proves TP-1, PT-10.
func TestReachAndSharing(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d)
		made, err := w.svc.Create(ctx, apptest.As(w.clin), w.chart.ID, plans.SaveInput{Content: w.content("Rest")})
		if err != nil {
			t.Fatal(err)
		}
		for _, st := range []model.Staff{w.bill, w.other, w.admin} {
			if _, err := w.svc.Get(ctx, apptest.As(st), w.chart.ID, made.Plan.ID, 0); !errors.Is(err, model.ErrNotFound) {
				t.Errorf("%s: %v, want not found", st.Role, err)
			}
		}
		if _, err := w.svc.Share(ctx, apptest.As(w.clin), w.chart.ID, made.Plan.ID, true); err == nil || !strings.Contains(err.Error(), "Sign the plan") {
			t.Fatalf("shared unsigned: %v", err)
		}
		if _, err := w.svc.Sign(ctx, apptest.As(w.admin), w.chart.ID, made.Plan.ID, 1, "Ada Admin"); !errors.Is(err, model.ErrNotFound) {
			t.Fatalf("admin signed: %v", err)
		}
		if _, err := w.svc.Sign(ctx, apptest.As(w.clin), w.chart.ID, made.Plan.ID, 1, "Cal Clinician"); err != nil {
			t.Fatal(err)
		}
		pl, err := w.svc.Share(ctx, apptest.As(w.clin), w.chart.ID, made.Plan.ID, true)
		if err != nil || !pl.Shared() {
			t.Fatalf("share: %+v %v", pl, err)
		}
	})
}

// Issue 15, items 2 and 5: two versions compare word by word in the section that changed only; the PDF
// of a version carries the practice, the client's legal name, the diagnosis with its code, the plan and
// the signature with its hash. Both reads are audited.
// Proves TP-1.
func TestDiffAndPDF(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d)
		as := apptest.As(w.clin)
		made, err := w.svc.Create(ctx, as, w.chart.ID, plans.SaveInput{Content: w.content("See friends once a week")})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.svc.Save(ctx, as, w.chart.ID, made.Plan.ID, plans.SaveInput{Content: w.content("See two friends each week")}); err != nil {
			t.Fatal(err)
		}
		df, err := w.svc.Diff(ctx, as, w.chart.ID, made.Plan.ID, 1, 2)
		if err != nil {
			t.Fatal(err)
		}
		var added, removed []string
		for _, sec := range df.Sections {
			if sec.Changed && sec.Name != "Problem 1" {
				t.Errorf("section %s changed", sec.Name)
			}
			for _, sp := range sec.Spans {
				switch sp.Op {
				case plandiff.Insert:
					added = append(added, strings.TrimSpace(sp.Text))
				case plandiff.Delete:
					removed = append(removed, strings.TrimSpace(sp.Text))
				}
			}
		}
		if a, r := strings.Join(added, " "), strings.Join(removed, " "); !strings.Contains(a, "two") || !strings.Contains(r, "once") {
			t.Fatalf("added %q, removed %q", a, r)
		}
		if _, err := w.svc.Diff(ctx, as, w.chart.ID, made.Plan.ID, 1, 3); fieldErr(err, "to") == "" {
			t.Fatalf("a version that does not exist: %v", err)
		}
		if _, err := w.svc.Sign(ctx, as, w.chart.ID, made.Plan.ID, 2, "Cal Clinician"); err != nil {
			t.Fatal(err)
		}
		legal := "Ροβέρτος"
		if _, err := w.h.App.Clients.Update(ctx, apptest.As(w.owner), w.chart.ID, model.ClientChange{LegalFirstName: &legal}, nil); err != nil {
			t.Fatal(err)
		}
		pdf, err := w.svc.PDF(ctx, as, w.chart.ID, made.Plan.ID, 2)
		if err != nil {
			t.Fatal(err)
		}
		text, err := pdftest.Text(pdf.Bytes)
		if err != nil {
			t.Fatal(err)
		}
		v2, _ := w.svc.Get(ctx, as, w.chart.ID, made.Plan.ID, 2)
		for _, want := range []string{"Ροβέρτος", "F33.1", "See two friends each week", "Cognitive behavioural therapy", "Cal Clinician", v2.Version.SHA256[:16]} {
			if !strings.Contains(strings.Join(strings.Fields(text), " "), want) {
				t.Errorf("the PDF lacks %q", want)
			}
		}
		if strings.Contains(pdf.Filename, "Robin") || strings.Contains(pdf.Filename, "Rivera") {
			t.Fatalf("the file name names the client: %s", pdf.Filename)
		}
		if _, err := w.svc.PDF(ctx, apptest.As(w.bill), w.chart.ID, made.Plan.ID, 2); !errors.Is(err, model.ErrNotFound) {
			t.Fatalf("billing's PDF: %v", err)
		}
	})
}
