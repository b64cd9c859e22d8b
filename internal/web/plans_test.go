package web_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"tend/internal/apptest"
	"tend/internal/db"
	"tend/internal/id"
	"tend/internal/model"
	"tend/internal/store"
	"tend/internal/testdb"
)

var planURL = regexp.MustCompile(`^/clients/[0-9a-f-]{36}/plans/[0-9a-f-]{36}$`)

// planForm is a whole plan as the editor sends it: one problem with a goal, a PHQ-9 objective and an
// intervention, and the empty rows an editor leaves behind.
func planForm(dxID, goal, target string) url.Values {
	return url.Values{
		"title":                        {"Plan for low mood"},
		"diagnoses":                    {dxID},
		"problems.0.statement":         {"Low mood most days."},
		"problems.0.goals.0.statement": {goal},
		"problems.0.goals.0.objectives.0.statement":   {"PHQ-9 below 10"},
		"problems.0.goals.0.objectives.0.target_date": {target},
		"problems.0.goals.0.objectives.0.measure":     {"phq9"},
		"problems.0.goals.0.objectives.0.below":       {"10"},
		"problems.0.goals.0.objectives.0.baseline":    {"18"},
		"problems.0.goals.0.objectives.1.statement":   {""},
		"problems.0.goals.0.objectives.1.measure":     {""},
		"problems.0.interventions.0.modality":         {"Cognitive behavioural therapy"},
		"problems.0.interventions.0.frequency":        {"Weekly"},
		"problems.1.statement":                        {""},
		"narrative":                                   {"## Summary\n\nWeekly sessions.<script>alert(1)</script>"},
		"review_date":                                 {target},
	}
}

// seedScore stores a completed PHQ-9 with score on the chart, straight through the store, as if the client
// had filled it in on the portal.
func seedScore(t *testing.T, h *apptest.Harness, owner model.Staff, chartID string, score int) {
	t.Helper()
	ctx := t.Context()
	if _, err := h.App.Documents.Templates(ctx, apptest.As(owner), false); err != nil { // the built-ins appear
		t.Fatal(err)
	}
	now := h.Clock.Now().UTC()
	err := h.App.Clients.Store.Tx(ctx, func(q store.Q) error {
		tp, err := store.BuiltinTemplate(ctx, q, owner.PracticeID, model.ScoringPHQ9)
		if err != nil {
			return err
		}
		r := model.DocumentRequest{ID: id.New(), PracticeID: owner.PracticeID, ChartID: chartID, TemplateID: tp.ID, TemplateName: tp.Name,
			Kind: tp.Kind, Scoring: tp.Scoring, Version: tp.Version, State: model.RequestRequested, RequestedBy: owner.ID, RequestedAt: now}
		if err := store.InsertRequest(ctx, q, r); err != nil {
			return err
		}
		r.State, r.UpdatedAt, r.Score, r.CompletedAt, r.Band = model.RequestCompleted, now, &score, now, "moderate"
		return store.UpdateRequest(ctx, q, r)
	})
	if err != nil {
		t.Fatal(err)
	}
}

func must(t *testing.T, what string, r apptest.Response, status int, wants ...string) string {
	t.Helper()
	body := string(r.Body)
	if r.StatusCode != status {
		t.Fatalf("%s: status %d, want %d:\n%s", what, r.StatusCode, status, body)
	}
	for _, w := range wants {
		if !strings.Contains(body, w) {
			t.Fatalf("%s: the page lacks %q:\n%s", what, w, body)
		}
	}
	return body
}

// Issue 15, items 1–3, through the pages without JavaScript: the Treatment plan tab; the editor adds rows
// with its buttons keeping what was typed, saves version 1, then version 2; bad input (a target date
// before the plan, an assessment the practice does not use, a 1 MB narrative, a stale base version)
// comes back next to its field with everything typed kept; the clinician signs with their typed name;
// the plan is shared; history lists the versions and restoring one makes version 3; an older version
// stays readable with its signature. Billing staff and another practice never see a plan.
// Proves TP-1.
func TestPlanPages(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		h := apptest.New(t, d)
		_, owner := h.Setup()
		op := apptest.As(owner)
		bill := h.AddStaff(owner, "Bea Billing", "bea@example.org", model.RoleBilling)
		_, other := h.AddPractice("Elsewhere Therapy", "boss@elsewhere.example")
		c, err := h.App.Clients.Create(t.Context(), op, model.ClientChange{FirstName: strp("Robin"), LastName: strp("Rivera"), AssignedClinicianID: &owner.ID})
		if err != nil {
			t.Fatal(err)
		}
		dx, err := h.App.Clinical.AddDiagnosis(t.Context(), op, c.ID, model.DiagnosisInput{Code: "F33.1", Label: "Recurrent depression", Primary: true})
		if err != nil {
			t.Fatal(err)
		}
		b := h.Client()
		b.Login("owner@example.org", apptest.StrongPassword)
		chart := "/clients/" + c.ID
		today := h.Clock.Now().Format("2006-01-02")

		must(t, "empty tab", b.Get(chart+"?tab=plan"), http.StatusOK, `aria-current="page">Treatment plan`, "No treatment plan yet.", "New treatment plan")
		must(t, "new plan", b.Get(chart+"/plans/new"), http.StatusOK, `name="problems.0.statement"`, `name="problems.0.goals.0.objectives.0.target_date"`,
			`type="date"`, `value="`+dx.ID+`"`, "F33.1", `id="plan-tpl-goal"`, `name="__PREFIX__statement"`, "plan_editor.", `<option value="phq9">PHQ-9</option>`,
			"Kept: # headings, - lists, *emphasis*")

		// The Add buttons send the form and show it again with one more row, nothing saved.
		form := planForm(dx.ID, "Feel able to see friends again", today)
		form.Set("add", "problems.0.goals.")
		body := must(t, "add a goal", b.Post(chart+"/plans/new", form), http.StatusOK, `name="problems.0.goals.1.statement"`, "Goal 1.2",
			"Feel able to see friends again", "Low mood most days.", `value="Cognitive behavioural therapy"`)
		if !regexp.MustCompile(`name="problems\.0\.goals\.1\.statement" rows="2" autofocus`).MatchString(body) {
			t.Error("the added goal's field is not focused")
		}
		form.Set("add", "problems.0.goals.0.objectives.")
		must(t, "add an objective", b.Post(chart+"/plans/new", form), http.StatusOK, `name="problems.0.goals.0.objectives.2.statement"`)
		form.Set("add", "problems.0.interventions.")
		must(t, "add an intervention", b.Post(chart+"/plans/new", form), http.StatusOK, `name="problems.0.interventions.1.modality"`)
		form.Set("add", "problems.")
		must(t, "add a problem", b.Post(chart+"/plans/new", form), http.StatusOK, `name="problems.2.statement"`, `name="problems.2.goals.0.objectives.0.statement"`)
		form.Del("add")
		form.Set("problems.0.goals.1.statement", "Sleep through most nights")
		form.Set("problems.0.goals.1.objectives.0.statement", "")
		form.Set("problems.0.interventions.7.modality", "Behavioural activation") // rows need not be numbered from 0 in order
		if ps, _ := h.App.Plans.List(t.Context(), op, c.ID); len(ps.Plans) != 0 {
			t.Fatalf("adding rows saved a plan: %+v", ps.Plans)
		}

		// A target date before the plan began comes back by its field, with what was typed kept.
		form.Set("problems.0.goals.0.objectives.0.target_date", "2001-02-03")
		must(t, "early target date", b.Post(chart+"/plans/new", form), http.StatusUnprocessableEntity,
			`id="f-problems.0.goals.0.objectives.0.target_date-error">The target date cannot come before the plan began`,
			`value="2001-02-03"`, "Feel able to see friends again", `value="Plan for low mood"`)
		form.Set("problems.0.goals.0.objectives.0.target_date", today)

		r := b.Post(chart+"/plans/new", form)
		plan := r.Header.Get("Location")
		if r.StatusCode != http.StatusSeeOther || !planURL.MatchString(plan) {
			t.Fatalf("save: %d %q\n%s", r.StatusCode, r.Body, r.Body)
		}
		body = must(t, "version 1", b.Get(plan), http.StatusOK, "Plan saved as version 1.", "<h1>Plan for low mood</h1>", "Version 1", "F33.1",
			"(Recurrent depression)", "Low mood most days.", "Goal 1.1", "PHQ-9: no score yet — target below 10, from 18", "Cognitive behavioural therapy",
			"<h2>Summary</h2>", "Goal 1.2", "Sleep through most nights", "Behavioural activation", "Sign version 1", "Sign the plan to be able to share it.", "History")
		if strings.Contains(body, "<script>alert") {
			t.Error("the narrative's script reached the page")
		}

		// Edit: the form opens with the newest version; saving makes version 2.
		must(t, "edit form", b.Get(plan+"/edit"), http.StatusOK, `name="base_version" value="1"`, "Feel able to see friends again", `value="`+today+`"`,
			`<option value="phq9" selected>PHQ-9</option>`, "checked")
		form.Set("base_version", "1")
		form.Set("problems.0.goals.0.statement", "See a friend every week")
		if r := b.Post(plan+"/edit", form); r.StatusCode != http.StatusSeeOther {
			t.Fatalf("save version 2: %d\n%s", r.StatusCode, r.Body)
		}
		must(t, "version 2", b.Get(plan), http.StatusOK, "Saved as version 2.", "See a friend every week", "Version 2")

		// A save from an editor opened on version 1 is a conflict, with what was typed kept.
		form.Set("problems.0.goals.0.statement", "Typed while someone else saved")
		must(t, "stale save", b.Post(plan+"/edit", form), http.StatusConflict, "Someone saved version 2 of this plan while you were editing version 1",
			"Typed while someone else saved", `name="base_version" value="2"`, "Open version 2 in a new tab")

		// An assessment the practice archived, and a 1 MB narrative, are refused by their fields.
		tpls, err := h.App.Documents.Templates(t.Context(), op, false)
		if err != nil {
			t.Fatal(err)
		}
		for _, tm := range tpls {
			if tm.Scoring == model.ScoringGAD7 {
				if _, err := h.App.Documents.SetTemplateArchived(t.Context(), op, tm.ID, true); err != nil {
					t.Fatal(err)
				}
			}
		}
		form.Set("base_version", "2")
		form.Set("problems.0.goals.0.objectives.0.measure", "gad7")
		must(t, "archived assessment", b.Post(plan+"/edit", form), http.StatusUnprocessableEntity,
			`id="f-problems.0.goals.0.objectives.0.measure-error">The practice does not use the GAD-7`, `<option value="gad7" selected>GAD-7 (not used by the practice)</option>`,
			"Typed while someone else saved")
		form.Set("problems.0.goals.0.objectives.0.measure", "phq9")
		big := strings.Repeat("A long narrative. ", 1<<20/18+1)
		form.Set("narrative", big)
		must(t, "1 MB narrative", b.Post(plan+"/edit", form), http.StatusUnprocessableEntity, `id="f-narrative-error">The narrative holds at most`,
			big[:1000], "Typed while someone else saved")

		// Sign with the typed name: the signature keeps the name, time and SHA-256.
		must(t, "sign as someone else", b.Post(plan+"/sign", url.Values{"version": {"2"}, "full_name": {"Not Me"}}), http.StatusUnprocessableEntity,
			`id="f-full_name-error"`, `value="Not Me"`)
		if r := b.Post(plan+"/sign", url.Values{"version": {"2"}, "full_name": {"Olivia Owner"}}); r.StatusCode != http.StatusSeeOther {
			t.Fatalf("sign: %d\n%s", r.StatusCode, r.Body)
		}
		body = must(t, "signed", b.Get(plan), http.StatusOK, "Version 2 signed.", "Signed by the clinician</dt><dd>Olivia Owner", "Content fingerprint (SHA-256)",
			"Share in the portal")
		if strings.Contains(body, "Sign version 2") {
			t.Error("a signed version still offers signing")
		}
		if r := b.Post(plan+"/share", nil); r.StatusCode != http.StatusSeeOther {
			t.Fatalf("share: %d\n%s", r.StatusCode, r.Body)
		}
		must(t, "shared", b.Get(plan), http.StatusOK, "The plan is shared", "Stop sharing", "the client sees version 2")

		// History lists both versions; restoring version 1 makes version 3, unsigned.
		must(t, "history", b.Get(plan+"/history"), http.StatusOK, "Version 2</strong></a> <span class=\"badge\">newest</span>", "Version 1</strong>",
			"signed as Olivia Owner", "Restore version 1")
		if r := b.Post(plan+"/versions/1/restore", nil); r.StatusCode != http.StatusSeeOther {
			t.Fatalf("restore: %d\n%s", r.StatusCode, r.Body)
		}
		must(t, "version 3", b.Get(plan), http.StatusOK, "Version 1 restored as version 3", "restored from version 1", "Feel able to see friends again", "Sign version 3")
		// A measured objective shows its progress from the chart's latest score.
		seedScore(t, h, owner, c.ID, 12)
		must(t, "progress", b.Get(plan), http.StatusOK, "PHQ-9 12 on ", " — target below 10, from 18", "not met</span>")
		must(t, "old version", b.Get(plan+"/versions/2"), http.StatusOK, "You are reading version 2, an older version", "open the newest version (3)",
			"See a friend every week", "Signed by the clinician</dt><dd>Olivia Owner")
		must(t, "tab", b.Get(chart+"?tab=plan"), http.StatusOK, "Plan for low mood", "Not signed", ">Shared<")
		must(t, "missing version", b.Get(plan+"/versions/9"), http.StatusNotFound)

		// A closed plan stays readable and no longer changes, until reopened.
		if r := b.Post(plan+"/close", nil); r.StatusCode != http.StatusSeeOther {
			t.Fatalf("close: %d\n%s", r.StatusCode, r.Body)
		}
		if body := must(t, "closed", b.Get(plan), http.StatusOK, "The plan is closed.", "Reopen the plan", "<span class=\"badge\">Closed</span>"); strings.Contains(body, plan+"/edit") {
			t.Error("a closed plan offers Edit")
		}
		must(t, "edit closed", b.Get(plan+"/edit"), http.StatusConflict, "This plan is closed.")
		if r := b.Post(plan+"/reopen", nil); r.StatusCode != http.StatusSeeOther {
			t.Fatalf("reopen: %d\n%s", r.StatusCode, r.Body)
		}
		must(t, "reopened", b.Get(plan), http.StatusOK, "The plan is open again.", plan+"/edit")

		// Billing staff have no tab and no plan; another practice finds nothing.
		if err := h.App.Accounts.ChangePassword(t.Context(), apptest.As(bill), apptest.StrongPassword, "a long own passphrase here", false); err != nil {
			t.Fatal(err)
		}
		bb := h.Client()
		bb.Login(bill.Email, "a long own passphrase here")
		if page := must(t, "billing chart", bb.Get(chart+"?tab=plan"), http.StatusOK); strings.Contains(page, ">Treatment plan<") || strings.Contains(page, "Plan for low mood") {
			t.Error("billing staff see the Treatment plan tab")
		}
		must(t, "billing plan", bb.Get(plan), http.StatusNotFound)
		must(t, "billing new", bb.Get(chart+"/plans/new"), http.StatusNotFound)
		ob := h.Client()
		ob.Login(other.Email, apptest.StrongPassword)
		must(t, "other practice", ob.Get(plan), http.StatusNotFound)
		must(t, "other practice history", ob.Get(plan+"/history"), http.StatusNotFound)
	})
}
