package overview_test

import (
	"context"
	"testing"

	"tend/internal/apptest"
	"tend/internal/db"
	"tend/internal/model"
	"tend/internal/plans"
	"tend/internal/testdb"
)

// The app's Overview is wired to the real clinical information and session notes: a diagnosis, a signed
// note, a late draft and its flag, the active treatment plan and its review flag appear for the chart's
// clinician, and billing staff get none of them.
// Proves CL-10, CL-8, NT-1 and TP-1 together.
func TestOverviewWiredToTheRecord(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		h := apptest.New(t, d)
		_, owner := h.Setup()
		billing := h.AddStaff(owner, "Bea Billing", "bea@example.org", model.RoleBilling)
		c := newClient(t, h, owner, "Ada")
		ctx, p := context.Background(), apptest.As(owner)
		if _, err := h.App.Clinical.AddDiagnosis(ctx, p, c.ID, model.DiagnosisInput{Code: "F41.1", Primary: true}); err != nil {
			t.Fatal(err)
		}
		today := h.Clock.Now().Format("2006-01-02")
		old := h.Clock.Now().AddDate(0, 0, -20).Format("2006-01-02")
		signed, err := h.App.Notes.Create(ctx, p, c.ID, "soap", model.NoteInput{ServiceDate: &today,
			Sections: map[string]string{"subjective": "Slept better this week."}})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := h.App.Notes.Sign(ctx, p, c.ID, signed.ID, owner.Name, nil); err != nil {
			t.Fatal(err)
		}
		late, err := h.App.Notes.Create(ctx, p, c.ID, "free", model.NoteInput{ServiceDate: &old,
			Sections: map[string]string{"note": "Started, not finished."}})
		if err != nil {
			t.Fatal(err)
		}

		// Issue 15: an active plan due for review today, and a closed one the block leaves out.
		active, err := h.App.Plans.Create(ctx, p, c.ID, plans.SaveInput{Content: model.PlanContent{Title: "Current plan", ReviewDate: today}})
		if err != nil {
			t.Fatal(err)
		}
		closed, err := h.App.Plans.Create(ctx, p, c.ID, plans.SaveInput{Content: model.PlanContent{Title: "Old plan", ReviewDate: today}})
		if err == nil {
			_, err = h.App.Plans.SetState(ctx, p, c.ID, closed.Plan.ID, model.PlanClosed)
		}
		if err != nil {
			t.Fatal(err)
		}

		o, err := h.App.Overview.Get(ctx, p, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		if !o.ShowsPlans || len(o.Plans) != 1 || o.Plans[0].ID != active.Plan.ID || !o.Plans[0].ReviewDue || o.Plans[0].Version != 1 || !o.CanChangePlans {
			t.Errorf("plans: shown %v, got %+v, want the active plan due for review", o.ShowsPlans, o.Plans)
		}
		if !hasFlag(o, "plan_review", active.Plan.ID) || hasFlag(o, "plan_review", closed.Plan.ID) {
			t.Errorf("flags: got %+v, want the active plan's review only", o.Flags)
		}
		if !o.ShowsDiagnoses || len(o.Diagnoses) != 1 || o.Diagnoses[0].Code != "F41.1" || !o.Diagnoses[0].Primary {
			t.Errorf("diagnoses: shown %v, got %+v, want the primary F41.1", o.ShowsDiagnoses, o.Diagnoses)
		}
		states := map[string]string{}
		for _, n := range o.Notes {
			states[n.ID] = n.State
		}
		if len(o.Notes) != 2 || states[signed.ID] != "signed" || states[late.ID] != "draft" {
			t.Errorf("latest notes: got %+v, want the signed note and the draft", o.Notes)
		}
		if len(o.Drafts) != 1 || o.Drafts[0].ID != late.ID || !o.Drafts[0].Late {
			t.Errorf("drafts: got %+v, want the late draft", o.Drafts)
		}
		if !hasFlag(o, "late_note", late.ID) {
			t.Errorf("flags: got %+v, want the late note", o.Flags)
		}

		ob, err := h.App.Overview.Get(ctx, apptest.As(billing), c.ID)
		if err != nil {
			t.Fatal(err)
		}
		if ob.ShowsDiagnoses || ob.ShowsNotes || ob.ShowsDrafts || ob.ShowsPlans || len(ob.Diagnoses)+len(ob.Notes)+len(ob.Drafts)+len(ob.Plans) > 0 ||
			hasFlag(ob, "late_note", "") || hasFlag(ob, "plan_review", "") {
			t.Errorf("billing sees clinical blocks: %+v", ob)
		}
	})
}
