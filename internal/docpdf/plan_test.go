package docpdf_test

import (
	"strings"
	"testing"
	"time"

	"tend/internal/docpdf"
	"tend/internal/model"
	"tend/internal/pdftest"
)

func intp(n int) *int { return &n }

func planVersion(at time.Time) model.PlanVersion {
	c := model.PlanContent{
		Title: "Plan for low mood and worry",
		Diagnoses: []model.PlanDiagnosis{
			{DiagnosisID: "d1", Code: "F32.1", Description: "Major depressive disorder, single episode, moderate"},
			{DiagnosisID: "d2", Code: "F41.1", Description: "Generalized anxiety disorder", Label: "GAD, DSM-5-TR"},
		},
		Problems: []model.PlanProblem{{
			Statement: "Low mood most days, with poor sleep",
			Goals: []model.PlanGoal{{
				Statement: "Feel steady enough to return to part-time work",
				Objectives: []model.PlanObjective{
					{Statement: "Lower depressive symptoms", TargetDate: "2026-06-01",
						Measure: &model.PlanMeasure{Scoring: model.ScoringPHQ9, Below: 10, Baseline: intp(18)}},
					{Statement: "Sleep seven hours on five nights a week", TargetDate: "2026-05-01"},
				},
			}},
			Interventions: []model.PlanIntervention{
				{Modality: "Cognitive behavioural therapy", Frequency: "weekly", Detail: "behavioural activation first"},
			},
		}, {
			Statement: "Worry that gets in the way",
			Goals: []model.PlanGoal{{Statement: "Notice worry early", Objectives: []model.PlanObjective{
				{Statement: "Lower anxiety", Measure: &model.PlanMeasure{Scoring: model.ScoringGAD7, Below: 8}}}}},
			Interventions: []model.PlanIntervention{{Modality: "Relaxation training", Frequency: "every two weeks"}},
		}},
		Narrative: "# Summary\n\nThe client wants to *feel steady* and **sleep**.\n\n" +
			"1. walk daily\n2. call a friend, see [the guide](https://example.org/guide)\n\n- Ζωή's note\n- plain item\n\n" +
			"<script>alert('narrative')</script>\n\nAfter <b onmouseover=alert(1)>bold</b> <script>steal()</script> end.\n\n" +
			"[click](javascript:alert(2))\n",
		ReviewDate: "2026-08-01",
	}
	return model.PlanVersion{ID: "0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b", PlanID: "p1", Number: 3, Content: c, SHA256: c.SHA256(),
		AuthorName: "Cal Clinician", CreatedAt: at}
}

// Issue 15, item 5: the PDF of a plan version shows the practice, the client's legal name (Greek here),
// the diagnoses with their codes, each problem with its goals, objectives (target date and measure) and
// interventions, the narrative as readable text, the review date, and the signatures with their hashes;
// an unsigned version says it is a draft. Raw HTML in the narrative is not printed.
// Proves TP-1, CL-11.
func TestRenderPlan(t *testing.T) {
	t.Parallel()
	at := time.Date(2026, 3, 2, 3, 30, 0, 0, time.UTC) // 1 March, 21:30 in Chicago
	v := planVersion(at)
	loc := model.NewLocale("America/Chicago", model.DateLong)
	doc := docpdf.PlanDocument{Practice: "Harbor Counseling", Locale: loc, ClientName: "Ζωή Παπαδοπούλου",
		ChartID: "0190a1b2-0000-7000-8000-00000000c4a7", Version: v, Generated: at}

	b, err := docpdf.RenderPlan(doc)
	if err != nil {
		t.Fatal(err)
	}
	text, err := pdftest.Text(b)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"Harbor Counseling", "Plan for low mood and worry", "Client: Ζωή Παπαδοπούλου",
		"Chart: 0190a1b2-0000-7000-8000-00000000c4a7", "Version 3, written by Cal Clinician, 1 Mar 2026, 21:30 CST",
		"F32.1 — Major depressive disorder, single episode, moderate", "F41.1 — Generalized anxiety disorder (GAD, DSM-5-TR)",
		"Problem 1: Low mood most days, with poor sleep", "Goal 1.1: Feel steady enough to return to part-time work",
		"Objective 1.1.1: Lower depressive symptoms", "Target date: 1 Jun 2026", "Measured by PHQ-9: below 10 (from 18)",
		"Target date: 1 May 2026", "• Cognitive behavioural therapy — weekly — behavioural activation first",
		"Problem 2: Worry that gets in the way", "Measured by GAD-7: below 8", "• Relaxation training — every two weeks",
		"Narrative", "Summary", "The client wants to feel steady and sleep.", "1. walk daily",
		"2. call a friend, see the guide (https://example.org/guide)", "• Ζωή's note", "• plain item", "After bold end.",
		"click (javascript:alert(2))", "Review date", "1 Aug 2026",
		"SHA-256 of this version's content: " + v.SHA256, "Draft: this version is not signed."} {
		if !strings.Contains(text, want) {
			t.Errorf("the PDF lacks %q; it reads:\n%s", want, text)
		}
	}
	for _, never := range []string{"<script", "alert('narrative')", "steal()", "onmouseover", "<b", "**", "](", "2026-06-01"} {
		if strings.Contains(text, never) {
			t.Errorf("the PDF prints %q; it reads:\n%s", never, text)
		}
	}

	// Signed by the clinician and the client: each signature with its time and hash; no longer a draft.
	signed := at.Add(26 * time.Hour)
	doc.Version.Signatures = []model.PlanSignature{
		{Role: model.PlanSignerClinician, TypedName: "Cal Clinician", SignedAt: signed, SHA256: v.SHA256},
		{Role: model.PlanSignerClient, TypedName: "Ζωή Παπαδοπούλου", SignedAt: signed.Add(time.Hour), SHA256: v.SHA256},
	}
	b, err = docpdf.RenderPlan(doc)
	if err != nil {
		t.Fatal(err)
	}
	if text, err = pdftest.Text(b); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"Signed by the clinician: Cal Clinician", "Signed at: 2 Mar 2026, 23:30 CST (2026-03-03T05:30:00Z)",
		"Signed by the client: Ζωή Παπαδοπούλου", "Signed at: 3 Mar 2026, 00:30 CST (2026-03-03T06:30:00Z)",
		"SHA-256 of the signed content: " + v.SHA256} {
		if !strings.Contains(text, want) {
			t.Errorf("the signed PDF lacks %q; it reads:\n%s", want, text)
		}
	}
	if strings.Contains(text, "Draft") || strings.Contains(text, "not the version's") {
		t.Errorf("a signed version reads as a draft or mismatched:\n%s", text)
	}
}

// Issue 15, item 5: a plan PDF never fails on text Tend accepted (right-to-left, CJK, emoji, injection
// strings, a long narrative over several pages), with the Go fonts alone and with the system's fonts;
// an empty plan prints too.
// Proves TP-1.
func TestRenderPlanAnyText(t *testing.T) {
	t.Parallel()
	at := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	system := docpdf.NewFonts(docpdf.FontOptions{System: docpdf.SystemFontDirs()})
	for _, s := range []string{"مرحبا بكم 2026", "שלום עליכם", "王小明 さくら", "I feel 😊 👍🏽", "<script>alert(1)</script>",
		"%PDF-1.4 ) \\ (", strings.Repeat("長い名前", 60) + strings.Repeat("x", 300)} {
		v := planVersion(at)
		v.Content.Title = s
		v.Content.Problems[0].Statement = s
		v.Content.Narrative = "## " + s + "\n\n- " + s + "\n\n" + strings.Repeat(s+"\n\n", 40)
		v.Signatures = []model.PlanSignature{{Role: model.PlanSignerClient, TypedName: s, SignedAt: at, SHA256: "ab12"}}
		for _, fonts := range []*docpdf.Fonts{nil, system} {
			b, err := docpdf.RenderPlan(docpdf.PlanDocument{Practice: s, ClientName: s, Version: v, Generated: at, Fonts: fonts})
			if err != nil {
				t.Fatalf("%q: %v", s, err)
			}
			text, err := pdftest.Text(b)
			if err != nil {
				t.Fatalf("%q: %v", s, err)
			}
			if !strings.Contains(text, "This hash is not the version's") {
				t.Errorf("%q: a signature over other content is not called out", s)
			}
		}
	}
	b, err := docpdf.RenderPlan(docpdf.PlanDocument{Version: model.PlanVersion{Number: 1}, Generated: at})
	if err != nil {
		t.Fatal(err)
	}
	text, err := pdftest.Text(b)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"Treatment plan", "None named in this plan.", "None set.", "Draft: this version is not signed."} {
		if !strings.Contains(text, want) {
			t.Errorf("the empty plan's PDF lacks %q:\n%s", want, text)
		}
	}
}
