package plandiff_test

import (
	"fmt"
	"reflect"
	"strings"
	"testing"

	"tend/internal/model"
	"tend/internal/plandiff"
)

func intp(n int) *int { return &n }

// plan is a small plan with two problems.
func plan() model.PlanContent {
	return model.PlanContent{
		Title: "Plan for low mood and worry",
		Diagnoses: []model.PlanDiagnosis{
			{DiagnosisID: "d1", Code: "F32.1", Description: "Major depressive disorder, single episode, moderate"},
			{DiagnosisID: "d2", Code: "F41.1", Description: "Generalized anxiety disorder", Label: "GAD"},
		},
		Problems: []model.PlanProblem{
			{
				Statement: "Low mood most days, with poor sleep",
				Goals: []model.PlanGoal{{
					Statement: "Feel steady enough to return to part-time work",
					Objectives: []model.PlanObjective{
						{Statement: "Lower depressive symptoms", TargetDate: "2026-06-01",
							Measure: &model.PlanMeasure{Scoring: model.ScoringPHQ9, Below: 10, Baseline: intp(18)}},
						{Statement: "Sleep at least seven hours on five nights a week", TargetDate: "2026-05-01"},
					},
				}},
				Interventions: []model.PlanIntervention{
					{Modality: "Cognitive behavioural therapy", Frequency: "weekly", Detail: "behavioural activation first"},
				},
			},
			{
				Statement: "Worry that gets in the way of everyday tasks",
				Goals: []model.PlanGoal{{
					Statement: "Notice worry early and use a coping skill",
					Objectives: []model.PlanObjective{{Statement: "Lower anxiety", TargetDate: "2026-07-01",
						Measure: &model.PlanMeasure{Scoring: model.ScoringGAD7, Below: 8}}},
				}},
				Interventions: []model.PlanIntervention{{Modality: "Relaxation training", Frequency: "every two weeks"}},
			},
		},
		Narrative:  "## Summary\n\nThe client wants to *feel steady* again.\n\n- walk daily\n- call a friend\n",
		ReviewDate: "2026-08-01",
	}
}

// text is what the spans of ops make, in order.
func text(s plandiff.Section, ops ...plandiff.Op) string {
	var b strings.Builder
	for _, sp := range s.Spans {
		for _, op := range ops {
			if sp.Op == op {
				b.WriteString(sp.Text)
			}
		}
	}
	return b.String()
}

func byName(t *testing.T, secs []plandiff.Section, name string) plandiff.Section {
	t.Helper()
	for _, s := range secs {
		if s.Name == name {
			return s
		}
	}
	t.Fatalf("no section %q", name)
	return plandiff.Section{}
}

// Issue 15, item 2: a changed goal shows its removed and added words in its problem's section, and in no
// other; the summary counts them.
// Proves TP-1.
func TestChangedGoal(t *testing.T) {
	t.Parallel()
	a, b := plan(), plan()
	b.Problems = append([]model.PlanProblem(nil), a.Problems...)
	p := b.Problems[1]
	p.Goals = []model.PlanGoal{{Statement: "Notice worry sooner and use a breathing skill", Objectives: p.Goals[0].Objectives}}
	b.Problems[1] = p
	secs := plandiff.Compare(a, b)
	var names []string
	for _, s := range secs {
		names = append(names, s.Name)
		if s.Changed != (s.Name == "Problem 2") {
			t.Errorf("%s: changed %v", s.Name, s.Changed)
		}
	}
	if want := []string{"Title", "Diagnoses", "Problem 1", "Problem 2", "Narrative", "Review date"}; !reflect.DeepEqual(names, want) {
		t.Fatalf("sections %v, want %v", names, want)
	}
	s := byName(t, secs, "Problem 2")
	if s.Heading != "Worry that gets in the way of everyday tasks" {
		t.Errorf("heading %q", s.Heading)
	}
	del, ins := text(s, plandiff.Delete), text(s, plandiff.Insert)
	for _, w := range []string{"early", "coping"} {
		if !strings.Contains(del, w) || strings.Contains(ins, w) {
			t.Errorf("%q is not shown removed: deleted %q, inserted %q", w, del, ins)
		}
	}
	for _, w := range []string{"sooner", "breathing"} {
		if !strings.Contains(ins, w) || strings.Contains(del, w) {
			t.Errorf("%q is not shown added: deleted %q, inserted %q", w, del, ins)
		}
	}
	for _, w := range []string{"Notice", "worry", "skill", "GAD-7 below 8", "Relaxation training — every two weeks"} {
		if strings.Contains(del+ins, w) {
			t.Errorf("unchanged %q is marked changed: deleted %q, inserted %q", w, del, ins)
		}
	}
	if s.Stats != (plandiff.Stats{Added: 2, Removed: 2}) {
		t.Errorf("stats %+v, want 2 added, 2 removed", s.Stats)
	}
	if got := plandiff.Summary(secs).String(); got != "2 words added, 2 removed, in 1 section" {
		t.Errorf("summary %q", got)
	}
	// The equal and deleted spans are the older text, the equal and inserted the newer.
	old, cur := text(s, plandiff.Equal, plandiff.Delete), text(s, plandiff.Equal, plandiff.Insert)
	if !strings.Contains(old, "Goal 1: Notice worry early and use a coping skill\n") ||
		!strings.Contains(cur, "Goal 1: Notice worry sooner and use a breathing skill\n") {
		t.Errorf("the spans do not rebuild the versions:\n%s\n%s", old, cur)
	}
}

// Issue 15, item 2: an objective's target date and measure, and an intervention, are written out in the
// problem's text, so a change to them shows.
// Proves TP-1.
func TestObjectiveAndInterventionText(t *testing.T) {
	t.Parallel()
	a, b := plan(), plan()
	b.Problems = []model.PlanProblem{a.Problems[0], a.Problems[1]}
	p := b.Problems[0]
	p.Goals = []model.PlanGoal{{Statement: p.Goals[0].Statement, Objectives: []model.PlanObjective{
		{Statement: "Lower depressive symptoms", TargetDate: "2026-06-15",
			Measure: &model.PlanMeasure{Scoring: model.ScoringPHQ9, Below: 8, Baseline: intp(18)}},
		p.Goals[0].Objectives[1],
	}}}
	p.Interventions = []model.PlanIntervention{p.Interventions[0], {Modality: "Sleep hygiene", Frequency: "monthly"}}
	b.Problems[0] = p
	s := byName(t, plandiff.Compare(a, b), "Problem 1")
	old, cur := text(s, plandiff.Equal, plandiff.Delete), text(s, plandiff.Equal, plandiff.Insert)
	for _, w := range []string{"Objective 1.1: Lower depressive symptoms — by 2026-06-01 — measured by PHQ-9 below 10 (from 18)",
		"Intervention: Cognitive behavioural therapy — weekly — behavioural activation first"} {
		if !strings.Contains(old, w) {
			t.Errorf("older text lacks %q:\n%s", w, old)
		}
	}
	if !strings.Contains(cur, "measured by PHQ-9 below 8 (from 18)") || !strings.Contains(cur, "Intervention: Sleep hygiene — monthly\n") {
		t.Errorf("newer text:\n%s", cur)
	}
	if ins := text(s, plandiff.Insert); !strings.Contains(ins, "Sleep hygiene") || !strings.Contains(ins, "8") || !strings.Contains(ins, "15") {
		t.Errorf("inserted %q", ins)
	}
	// With the practice's date format.
	s = byName(t, plandiff.Options{Day: model.NewLocale("UTC", model.DateLong).Day}.Compare(a, b), "Problem 1")
	if old := text(s, plandiff.Equal, plandiff.Delete); !strings.Contains(old, "by 1 Jun 2026") {
		t.Errorf("older text in the practice's format:\n%s", old)
	}
}

// Issue 15, item 2: identical versions show no change; every section is there, collapsed, with its text.
// Proves TP-1.
func TestIdentical(t *testing.T) {
	t.Parallel()
	secs := plandiff.Compare(plan(), plan())
	if len(secs) != 6 {
		t.Fatalf("%d sections", len(secs))
	}
	for _, s := range secs {
		if s.Changed || s.Stats != (plandiff.Stats{}) || len(s.Spans) != 1 || s.Spans[0].Op != plandiff.Equal {
			t.Errorf("%s: %+v", s.Name, s)
		}
	}
	if got := plandiff.Summary(secs).String(); got != "No changes" {
		t.Errorf("summary %q", got)
	}
	// Sections empty in both versions have no spans.
	for _, s := range plandiff.Compare(model.PlanContent{}, model.PlanContent{}) {
		if s.Changed || len(s.Spans) != 0 {
			t.Errorf("empty %s: %+v", s.Name, s)
		}
	}
}

// Issue 15, item 2: an added problem shows wholly inserted, a removed one wholly deleted, each under its
// own statement.
// Proves TP-1.
func TestAddedAndRemovedProblem(t *testing.T) {
	t.Parallel()
	a, b := plan(), plan()
	b.Problems = append(b.Problems, model.PlanProblem{Statement: "Drinking more than planned at weekends",
		Goals: []model.PlanGoal{{Statement: "Keep within agreed limits"}}})
	s := byName(t, plandiff.Compare(a, b), "Problem 3")
	if !s.Changed || len(s.Spans) != 1 || s.Spans[0].Op != plandiff.Insert || s.Heading != "Drinking more than planned at weekends" ||
		s.Spans[0].Text != "Drinking more than planned at weekends\nGoal 1: Keep within agreed limits\n" || s.Stats.Added != 12 || s.Stats.Removed != 0 {
		t.Errorf("added problem: %+v", s)
	}
	s = byName(t, plandiff.Compare(b, a), "Problem 3")
	if !s.Changed || len(s.Spans) != 1 || s.Spans[0].Op != plandiff.Delete || s.Heading != "Drinking more than planned at weekends" ||
		s.Stats.Removed != 12 || s.Stats.Added != 0 {
		t.Errorf("removed problem: %+v", s)
	}
}

// Issue 15, item 2: the other sections: title, diagnoses (one a line, with code and label), narrative
// source and review date.
// Proves TP-1.
func TestOtherSections(t *testing.T) {
	t.Parallel()
	a, b := plan(), plan()
	b.Title = "Plan for low mood"
	b.Diagnoses = []model.PlanDiagnosis{a.Diagnoses[0], {DiagnosisID: "d3", Code: "F43.10", Description: "Post-traumatic stress disorder"}}
	b.Narrative = strings.Replace(a.Narrative, "- call a friend\n", "- call a friend\n- [crisis line](https://example.org)\n", 1)
	b.ReviewDate = "2026-09-01"
	secs := plandiff.Compare(a, b)
	for _, tc := range []struct{ name, del, ins string }{
		{"Title", " and worry", ""},
		{"Diagnoses", "F41.1 Generalized anxiety disorder (GAD)", "F43.10 Post-traumatic stress disorder"},
		{"Narrative", "", "- [crisis line](https://example.org)\n"},
		{"Review date", "2026-08-01", "2026-09-01"},
	} {
		s := byName(t, secs, tc.name)
		if !s.Changed || text(s, plandiff.Delete) != tc.del || text(s, plandiff.Insert) != tc.ins {
			t.Errorf("%s: deleted %q, inserted %q; want %q, %q", tc.name, text(s, plandiff.Delete), text(s, plandiff.Insert), tc.del, tc.ins)
		}
	}
	if s := byName(t, secs, "Diagnoses"); !strings.HasPrefix(text(s, plandiff.Equal), "F32.1 Major depressive disorder, single episode, moderate\n") {
		t.Errorf("diagnoses: %q", text(s, plandiff.Equal))
	}
}

// Issue 15, item 2: the same two versions always give the same diff.
// Proves TP-1.
func TestDeterministic(t *testing.T) {
	t.Parallel()
	a, b := big(0), big(1)
	first := plandiff.Compare(a, b)
	for range 5 {
		if got := plandiff.Compare(a, b); !reflect.DeepEqual(got, first) {
			t.Fatal("two runs differ")
		}
	}
	// And the spans rebuild both versions' text, changing only a few sections.
	changed := 0
	for _, s := range first {
		if s.Changed {
			changed++
		}
	}
	if changed == 0 || changed > 6 {
		t.Errorf("%d sections changed", changed)
	}
}

// words is deterministic prose.
var words = strings.Fields(`the client reports sleep mood work family friends walk evening morning worry plan steady
	notice breathing skill practise daily weekly session review support partner routine energy appetite focus
	return task small step progress journal values exercise calm anger talk safety trigger coping thought feeling`)

func prose(seed, n int) string {
	var b strings.Builder
	x := uint32(seed*7919 + 1)
	for i := range n {
		x = x*1664525 + 1013904223
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(words[int(x>>8)%len(words)])
	}
	return b.String() + "."
}

// big is a plan of about 20 KB; variant 1 differs from 0 in a few places across sections.
func big(variant int) model.PlanContent {
	c := model.PlanContent{Title: "Plan for mood, sleep and worry", ReviewDate: "2026-09-01"}
	for i := range 4 {
		c.Diagnoses = append(c.Diagnoses, model.PlanDiagnosis{DiagnosisID: fmt.Sprint(i), Code: fmt.Sprintf("F4%d.%d", i, i), Description: prose(i, 6)})
	}
	for p := range 6 {
		pr := model.PlanProblem{Statement: prose(100+p, 20)}
		for g := range 3 {
			goal := model.PlanGoal{Statement: prose(200+10*p+g, 18)}
			for o := range 3 {
				goal.Objectives = append(goal.Objectives, model.PlanObjective{Statement: prose(300+100*p+10*g+o, 12), TargetDate: "2026-06-01",
					Measure: &model.PlanMeasure{Scoring: model.ScoringPHQ9, Below: 10, Baseline: intp(17)}})
			}
			pr.Goals = append(pr.Goals, goal)
		}
		for i := range 3 {
			pr.Interventions = append(pr.Interventions, model.PlanIntervention{Modality: prose(400+10*p+i, 3), Frequency: "weekly", Detail: prose(500+10*p+i, 12)})
		}
		c.Problems = append(c.Problems, pr)
	}
	var n strings.Builder
	for i := range 10 {
		fmt.Fprintf(&n, "## Part %d\n\n%s\n\n- %s\n- %s\n\n", i+1, prose(600+i, 50), prose(700+i, 10), prose(800+i, 10))
	}
	c.Narrative = n.String()
	if variant == 1 {
		c.Title = "Plan for mood and worry"
		c.Problems[1].Goals[2].Statement = strings.Replace(c.Problems[1].Goals[2].Statement, " ", " more ", 3)
		c.Problems[3].Goals[0].Objectives[1].TargetDate = "2026-07-15"
		c.Problems[4].Interventions[2].Frequency = "every two weeks"
		c.Narrative = strings.Replace(strings.Replace(c.Narrative, "## Part 3", "## Part three, revised", 1), "## Part 8\n\n", "## Part 8\n\nA new paragraph about the week. ", 1)
		c.ReviewDate = "2026-10-01"
	}
	return c
}

// BenchmarkCompare20KB diffs two versions of a 20 KB plan that differ in six places across sections.
// Issue 15's target: ≤ 20 ms. Run: go test -run '^$' -bench Compare20KB -benchtime=20x ./internal/plandiff/
func BenchmarkCompare20KB(b *testing.B) {
	x, y := big(0), big(1)
	if n := len(x.CanonicalJSON()); n < 19_000 || n > 24_000 {
		b.Fatalf("the plan is %d bytes, want about 20 KB", n)
	}
	for b.Loop() {
		plandiff.Compare(x, y)
	}
	b.ReportMetric(float64(len(y.CanonicalJSON())), "plan-bytes")
}

// The worst case: two 20 KB versions with nothing in common but the layout.
func BenchmarkCompare20KBRewritten(b *testing.B) {
	x, y := big(0), big(0)
	for i := range y.Problems {
		y.Problems[i].Statement = prose(9000+i, 20)
		for j := range y.Problems[i].Goals {
			y.Problems[i].Goals[j].Statement = prose(9100+10*i+j, 18)
		}
	}
	y.Narrative = strings.ToUpper(y.Narrative)
	for b.Loop() {
		plandiff.Compare(x, y)
	}
}
