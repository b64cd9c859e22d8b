package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"tend/internal/apptest"
	"tend/internal/db"
	"tend/internal/model"
	"tend/internal/pdftest"
	"tend/internal/plangen"
	"tend/internal/plans"
	"tend/internal/testdb"
)

// planContent is a small plan whose one goal is goal.
func planContent(dxID, goal, today string) model.PlanContent {
	return model.PlanContent{Title: "Plan for low mood", Diagnoses: []model.PlanDiagnosis{{DiagnosisID: dxID}},
		Problems: []model.PlanProblem{{Statement: "Low mood most days.",
			Goals: []model.PlanGoal{{Statement: goal, Objectives: []model.PlanObjective{{Statement: "PHQ-9 below 10", TargetDate: today,
				Measure: &model.PlanMeasure{Scoring: model.ScoringPHQ9, Below: 10}}}}},
			Interventions: []model.PlanIntervention{{Modality: "Cognitive behavioural therapy", Frequency: "Weekly"}}}},
		Narrative: "Weekly sessions.", ReviewDate: today}
}

// between is the part of body from the first from to the next to ("" when from is missing).
func between(body, from, to string) string {
	i := strings.Index(body, from)
	if i < 0 {
		return ""
	}
	rest := body[i+len(from):]
	if j := strings.Index(rest, to); j >= 0 {
		return rest[:j]
	}
	return rest
}

// Issue 15, items 2 and 5, in the pages: History picks two versions to compare (From and To columns, a
// GET form); the compare page gives the one-line summary, the changed section open with the removed word
// in <del> and the added one in <ins>, and the unchanged sections folded; versions that are missing or
// not the plan's show the chooser with the message; a version's page links to its comparison with the
// one before and to its PDF, which downloads as an attachment carrying the plan. Billing staff and
// another practice get 404.
// Proves TP-1.
func TestPlanCompareAndPDF(t *testing.T) {
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
		dx, err := h.App.Clinical.AddDiagnosis(t.Context(), op, c.ID, model.DiagnosisInput{Code: "F33.1", Primary: true})
		if err != nil {
			t.Fatal(err)
		}
		today := h.Clock.Now().Format("2006-01-02")
		saved, err := h.App.Plans.Create(t.Context(), op, c.ID, plans.SaveInput{Content: planContent(dx.ID, "Walk every morning", today)})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := h.App.Plans.Save(t.Context(), op, c.ID, saved.Plan.ID, plans.SaveInput{Content: planContent(dx.ID, "Walk every evening", today), BaseVersion: 1}); err != nil {
			t.Fatal(err)
		}
		plan := "/clients/" + c.ID + "/plans/" + saved.Plan.ID
		b := h.Client()
		b.Login("owner@example.org", apptest.StrongPassword)

		hist := must(t, "history", b.Get(plan+"/history"), http.StatusOK, `<form method="get" action="`+plan+`/diff" id="compare">`,
			`name="from" value="1" form="compare" checked`, `name="to" value="2" form="compare" checked`, `form="compare" class="button small primary"`,
			`href="`+plan+`/versions/1/pdf" download`, `href="`+plan+`/versions/2/pdf" download`)
		if strings.Contains(hist, `name="from" value="2" form="compare" checked`) {
			t.Error("history starts From on the newest version")
		}
		must(t, "version 2", b.Get(plan), http.StatusOK, `href="`+plan+`/diff?from=1&amp;to=2">Compare with the previous version`,
			`href="`+plan+`/versions/2/pdf" download>Download PDF`)
		if v1 := must(t, "version 1", b.Get(plan+"/versions/1"), http.StatusOK, `href="`+plan+`/versions/1/pdf" download`); strings.Contains(v1, "Compare with the previous version") {
			t.Error("version 1 offers a comparison with a version before it")
		}

		body := must(t, "compare", b.Get(plan+"/diff?from=1&to=2"), http.StatusOK, "Compare versions of Plan for low mood",
			"Version 1 → version 2:</strong> 1 word added, 1 removed, in 1 section.", `<option value="1" selected>Version 1</option>`,
			`<option value="2" selected>Version 2</option>`)
		problem := between(body, `>Problem 1</h2>`, `</section>`)
		if !strings.Contains(problem, "Walk every <del>morning</del>") && !strings.Contains(problem, "<del>morning</del>") ||
			!strings.Contains(problem, "<ins>evening</ins>") || !strings.Contains(problem, `<div class="diff-text">`) {
			t.Errorf("the Problem 1 section lacks the struck and inserted words:\n%s", problem)
		}
		unchanged := between(body, `<h2 id="h-unchanged">Unchanged</h2>`, `</section>`)
		for _, want := range []string{"<summary>Title</summary>", "Plan for low mood", "<summary>Narrative</summary>", "Weekly sessions."} {
			if !strings.Contains(unchanged, want) {
				t.Errorf("the folded unchanged sections lack %q:\n%s", want, unchanged)
			}
		}
		if strings.Count(body, "<del>") != 1 || strings.Count(body, "<ins>") != 1 || strings.Contains(unchanged, "<del>") {
			t.Errorf("words marked outside the changed section:\n%s", body)
		}
		// Newer against older reads the other way round.
		must(t, "compare backwards", b.Get(plan+"/diff?from=2&to=1"), http.StatusOK, "<del>evening</del>", "<ins>morning</ins>")

		for _, q := range []string{"", "?from=1", "?from=1&to=9", "?from=x&to=2", "?from=0&to=2"} {
			must(t, "bad versions "+q, b.Get(plan+"/diff"+q), http.StatusUnprocessableEntity, "Choose two versions from 1 to 2.",
				`id="f-from-error">Choose a version.`, `aria-invalid="true"`, "Compare versions of Plan for low mood")
		}

		r := b.Get(plan + "/versions/1/pdf")
		if r.StatusCode != http.StatusOK || r.Header.Get("Content-Type") != "application/pdf" ||
			!strings.HasPrefix(r.Header.Get("Content-Disposition"), `attachment; filename="treatment-plan-v1-`) || !strings.HasPrefix(string(r.Body), "%PDF") {
			t.Fatalf("PDF: %d %v %.40q", r.StatusCode, r.Header, r.Body)
		}
		text, err := pdftest.Text(r.Body)
		if err != nil {
			t.Fatal(err)
		}
		if flat := strings.Join(strings.Fields(text), " "); !strings.Contains(flat, "Walk every morning") || strings.Contains(flat, "Walk every evening") {
			t.Errorf("version 1's PDF does not carry version 1:\n%s", flat)
		}
		must(t, "missing version's PDF", b.Get(plan+"/versions/9/pdf"), http.StatusNotFound)

		if err := h.App.Accounts.ChangePassword(t.Context(), apptest.As(bill), apptest.StrongPassword, "a long own passphrase here", false); err != nil {
			t.Fatal(err)
		}
		bb := h.Client()
		bb.Login(bill.Email, "a long own passphrase here")
		must(t, "billing PDF", bb.Get(plan+"/versions/1/pdf"), http.StatusNotFound)
		must(t, "billing compare", bb.Get(plan+"/diff?from=1&to=2"), http.StatusNotFound)
		ob := h.Client()
		ob.Login(other.Email, apptest.StrongPassword)
		must(t, "other practice PDF", ob.Get(plan+"/versions/1/pdf"), http.StatusNotFound)
		must(t, "other practice compare", ob.Get(plan+"/diff?from=1&to=2"), http.StatusNotFound)
	})
}

// Issue 15, item 6, in the pages: the Treatment plan tab's "Draft a plan" form makes a new plan from
// Tend's built-in generator and opens it in the editor with a flash saying it is an unsigned draft; an
// unknown option comes back next to its field with nothing saved; a plan's page generates a new version
// keeping the title, and asking for the language model where none is configured says why it was not
// used. The source select offers the language-model service only when the installation configures one
// and the practice allows it, and then says what it is sent.
// Proves TP-2.
func TestPlanDraftPages(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		h := apptest.New(t, d)
		_, owner := h.Setup()
		op := apptest.As(owner)
		c, err := h.App.Clients.Create(t.Context(), op, model.ClientChange{FirstName: strp("Robin"), LastName: strp("Rivera"), AssignedClinicianID: &owner.ID})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := h.App.Clinical.AddDiagnosis(t.Context(), op, c.ID, model.DiagnosisInput{Code: "F33.1", Primary: true}); err != nil {
			t.Fatal(err)
		}
		chart := "/clients/" + c.ID
		b := h.Client()
		b.Login("owner@example.org", apptest.StrongPassword)

		tab := must(t, "tab", b.Get(chart+"?tab=plan"), http.StatusOK, `<h2 id="h-plan-draft">Draft a plan</h2>`, `action="`+chart+`/plans/generate"`,
			`<select id="f-draft-length" name="length"`, `<option value="medium" selected>Medium</option>`, `<option value="conversational">Conversational</option>`,
			`<option value="bullets">Bullet points</option>`, `<option value="builtin" selected>Tend&#39;s built-in generator (on this server)</option>`,
			"unsigned and opens in the editor")
		if strings.Contains(tab, `value="llm"`) || strings.Contains(tab, "de-identified") {
			t.Error("the tab offers the language-model service with none configured")
		}

		bad := url.Values{"length": {"short"}, "tone": {"chatty"}, "format": {"narrative"}, "source": {"builtin"}}
		must(t, "unknown tone", b.Post(chart+"/plans/generate", bad), http.StatusUnprocessableEntity, `id="f-draft-tone-error">Choose professional, conversational or clinical.`,
			`<option value="short" selected>Short</option>`, `<option value="narrative" selected>Narrative</option>`, `aria-current="page">Treatment plan`)
		if l, _ := h.App.Plans.List(t.Context(), op, c.ID); len(l.Plans) != 0 {
			t.Fatalf("a refused draft saved a plan: %+v", l.Plans)
		}

		r := b.Post(chart+"/plans/generate", url.Values{"length": {"short"}, "tone": {"professional"}, "format": {"structured"}, "source": {"builtin"}})
		edit := r.Header.Get("Location")
		if r.StatusCode != http.StatusSeeOther || !strings.HasPrefix(edit, chart+"/plans/") || !strings.HasSuffix(edit, "/edit") {
			t.Fatalf("generate: %d %q\n%s", r.StatusCode, edit, r.Body)
		}
		must(t, "the editor", b.Get(edit), http.StatusOK, "Version 1 is an unsigned draft from Tend&#39;s built-in generator.", `name="base_version" value="1"`, "F33.1")
		l, err := h.App.Plans.List(t.Context(), op, c.ID)
		if err != nil || len(l.Plans) != 1 {
			t.Fatalf("plans after the draft: %+v %v", l.Plans, err)
		}
		v, err := h.App.Plans.Get(t.Context(), op, c.ID, l.Plans[0].ID, 0)
		if err != nil || v.Version.Source != model.PlanBuiltin || len(v.Version.Signatures) != 0 || len(v.Version.Content.Problems) == 0 {
			t.Fatalf("the draft: %+v %v", v.Version, err)
		}

		// A plan's page drafts a new version, keeping the title; the model, where none is configured, is not used.
		plan := strings.TrimSuffix(edit, "/edit")
		page := must(t, "plan page", b.Get(plan), http.StatusOK, `<h2 id="h-plan-draft">Generate a new draft</h2>`, `action="`+plan+`/generate"`)
		if strings.Contains(page, `value="llm"`) {
			t.Error("the plan page offers the language-model service with none configured")
		}
		must(t, "unknown format", b.Post(plan+"/generate", url.Values{"format": {"poem"}}), http.StatusUnprocessableEntity,
			`id="f-draft-format-error">Choose structured, narrative or bullets.`, `<h2 id="h-plan-draft">Generate a new draft</h2>`)
		r = b.Post(plan+"/generate", url.Values{"length": {"long"}, "tone": {"clinical"}, "format": {"bullets"}, "source": {"llm"}})
		if r.StatusCode != http.StatusSeeOther || r.Header.Get("Location") != edit {
			t.Fatalf("new version: %d %q\n%s", r.StatusCode, r.Header.Get("Location"), r.Body)
		}
		must(t, "the editor again", b.Get(edit), http.StatusOK, "Version 2 is an unsigned draft from Tend&#39;s built-in generator.",
			"The language-model service was not used: "+plangen.FallbackNotConfigured+".", `name="base_version" value="2"`,
			`value="`+v.Version.Content.Title+`"`)

		// With an endpoint configured the model is offered, with what it is sent; with the practice's setting off, not.
		h.App.Plans.Drafts = &plangen.Generator{LLM: &plangen.LLM{URL: "http://127.0.0.1:9", Model: "test-model"}}
		must(t, "tab with a model", b.Get(chart+"?tab=plan"), http.StatusOK, `<option value="llm">The language-model service</option>`,
			"only a de-identified summary — diagnosis codes, scores, mood numbers and themes — never the client's name, date of birth or the chart's own words")
		must(t, "plan page with a model", b.Get(plan), http.StatusOK, `<option value="llm">The language-model service</option>`)
		off := false
		if _, err := h.App.Accounts.ChangePracticeSettings(t.Context(), op, model.PracticeSettingsChange{PlanDraftsExternal: &off}); err != nil {
			t.Fatal(err)
		}
		if tab := must(t, "tab with the setting off", b.Get(chart+"?tab=plan"), http.StatusOK, "Draft a plan"); strings.Contains(tab, `value="llm"`) {
			t.Error("the tab offers the language-model service the practice turned off")
		}
	})
}
