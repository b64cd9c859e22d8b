package plangen

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"tend/internal/model"
)

func intp(n int) *int { return &n }

// chart is a typical chart: depression and anxiety, a PHQ-9 of 18, a GAD-7 of 12, low mood at sessions.
func chart() Input {
	return Input{
		Diagnoses: []model.PlanDiagnosis{
			{DiagnosisID: "d1", Code: "F32.1", Description: "Major depressive disorder, single episode, moderate"},
			{DiagnosisID: "d2", Code: "F41.1", Description: "Generalized anxiety disorder"},
		},
		PresentingConcerns: "Low mood since the layoff; trouble sleeping; conflict with partner.",
		History:            "Two earlier episodes of depression.",
		Scores: []Score{
			{Scoring: model.ScoringPHQ9, Name: "PHQ-9", Latest: 18, Previous: intp(21), Band: "Moderately severe", Date: "2026-02-20"},
			{Scoring: model.ScoringGAD7, Name: "GAD-7", Latest: 12, Band: "Moderate", Date: "2026-02-20"},
		},
		Mood:     []int{3, 4, 4, 5},
		Today:    "2026-03-02",
		Scorings: []string{model.ScoringPHQ9, model.ScoringGAD7},
	}
}

var (
	lengths = []string{LengthShort, LengthMedium, LengthLong}
	tones   = []string{ToneProfessional, ToneConversational, ToneClinical}
	formats = []string{FormatStructured, FormatNarrative, FormatBullets}
)

// allOptions is every combination of the three options.
func allOptions() []Options {
	var out []Options
	for _, l := range lengths {
		for _, t := range tones {
			for _, f := range formats {
				out = append(out, Options{l, t, f})
			}
		}
	}
	return out
}

// count is the plan's number of goals, objectives and interventions.
func count(c model.PlanContent) (goals, objectives, interventions int) {
	for _, p := range c.Problems {
		goals += len(p.Goals)
		interventions += len(p.Interventions)
		for _, g := range p.Goals {
			objectives += len(g.Objectives)
		}
	}
	return
}

// Proves TP-2: each of length, tone and format visibly changes the draft, the others held still.
func TestOptionsChangeOutput(t *testing.T) {
	t.Parallel()
	in := chart()
	for _, base := range allOptions() {
		variants := map[string][]Options{}
		for _, l := range lengths {
			variants["length"] = append(variants["length"], Options{l, base.Tone, base.Format})
		}
		for _, tn := range tones {
			variants["tone"] = append(variants["tone"], Options{base.Length, tn, base.Format})
		}
		for _, f := range formats {
			variants["format"] = append(variants["format"], Options{base.Length, base.Tone, f})
		}
		for name, os := range variants {
			var outs []model.PlanContent
			for _, o := range os {
				outs = append(outs, Builtin(in, o))
			}
			for i := range outs {
				for j := i + 1; j < len(outs); j++ {
					if outs[i].Narrative == outs[j].Narrative {
						t.Errorf("%s: %v and %v give the same narrative", name, os[i], os[j])
					}
					if name != "format" && outs[i].CanonicalJSON() == outs[j].CanonicalJSON() {
						t.Errorf("%s: %v and %v give the same plan", name, os[i], os[j])
					}
				}
			}
		}
	}

	// Length: more problems' worth of goals, objectives and narrative as it grows.
	var prevObj, prevNarr int
	for _, l := range lengths {
		c := Builtin(in, Options{l, ToneProfessional, FormatStructured})
		_, objs, _ := count(c)
		if objs <= prevObj || len(c.Narrative) <= prevNarr {
			t.Errorf("%s: %d objectives, %d narrative bytes; want more than %d and %d", l, objs, len(c.Narrative), prevObj, prevNarr)
		}
		prevObj, prevNarr = objs, len(c.Narrative)
	}

	// Tone: the register of the statements.
	want := map[string]string{ToneProfessional: "The client will ", ToneConversational: "You will ", ToneClinical: "By wk "}
	for tone, phrase := range want {
		c := Builtin(in, Options{LengthMedium, tone, FormatStructured})
		if !strings.Contains(c.CanonicalJSON(), phrase) {
			t.Errorf("%s: no %q in the statements", tone, phrase)
		}
	}
	if c := Builtin(in, Options{LengthMedium, ToneConversational, FormatStructured}); strings.Contains(c.CanonicalJSON(), "The client will") || strings.Contains(c.CanonicalJSON(), "{their}") {
		t.Errorf("conversational tone speaks of the client or leaves a placeholder: %s", c.CanonicalJSON())
	}

	// Format: structured parts carry the plan with a brief narrative; narrative is prose under headings
	// with minimal structured parts that keep the measured objectives; bullets is lists under headings.
	s := Builtin(in, Options{LengthMedium, ToneProfessional, FormatStructured})
	n := Builtin(in, Options{LengthMedium, ToneProfessional, FormatNarrative})
	b := Builtin(in, Options{LengthMedium, ToneProfessional, FormatBullets})
	if strings.Contains(s.Narrative, "## ") || strings.Contains(s.Narrative, "\n- ") {
		t.Errorf("structured narrative has headings or lists:\n%s", s.Narrative)
	}
	if !strings.Contains(n.Narrative, "## Problems and goals") || strings.Contains(n.Narrative, "\n- ") || len(n.Narrative) <= len(s.Narrative) {
		t.Errorf("narrative format is not prose under headings:\n%s", n.Narrative)
	}
	if !strings.Contains(b.Narrative, "## ") || strings.Count(b.Narrative, "\n- ") < 5 {
		t.Errorf("bullets format has no lists:\n%s", b.Narrative)
	}
	_, so, _ := count(s)
	_, no, _ := count(n)
	if no >= so || measured(n) != measured(s) || measured(n) == 0 {
		t.Errorf("narrative format: %d objectives (%d measured), structured %d (%d measured)", no, measured(n), so, measured(s))
	}
}

// measured counts the objectives tied to an assessment.
func measured(c model.PlanContent) int {
	n := 0
	for _, p := range c.Problems {
		for _, g := range p.Goals {
			for _, o := range g.Objectives {
				if o.Measure != nil {
					n++
				}
			}
		}
	}
	return n
}

// Proves TP-2: the same input gives the same draft.
func TestBuiltinDeterministic(t *testing.T) {
	t.Parallel()
	for _, o := range allOptions() {
		a, b := Builtin(chart(), o), Builtin(chart(), o)
		if a.CanonicalJSON() != b.CanonicalJSON() {
			t.Fatalf("%v: two drafts differ", o)
		}
	}
	if (Options{}).String() != "medium, professional, structured" ||
		Builtin(chart(), Options{}).CanonicalJSON() != Builtin(chart(), Options{LengthMedium, ToneProfessional, FormatStructured}).CanonicalJSON() {
		t.Error("empty options are not the defaults")
	}
	if Builtin(chart(), Options{"huge", "angry", "poem"}).CanonicalJSON() != Builtin(chart(), Options{}).CanonicalJSON() {
		t.Error("unknown options are not the defaults")
	}
}

// Proves TP-2, CL-11: the narrative writes its dates as the practice writes dates; the structured
// target and review dates stay YYYY-MM-DD.
func TestNarrativeDatesInPracticeFormat(t *testing.T) {
	t.Parallel()
	in := chart()
	in.Day = func(iso string) string { return "day " + strings.ReplaceAll(iso, "-", "/") }
	c := Builtin(in, Options{LengthMedium, ToneConversational, FormatNarrative})
	if !strings.Contains(c.Narrative, "day 20") || strings.Contains(c.Narrative, c.ReviewDate) {
		t.Fatalf("narrative dates: %q (review %s)", c.Narrative, c.ReviewDate)
	}
	if _, err := time.Parse(time.DateOnly, c.ReviewDate); err != nil {
		t.Fatalf("review date %q", c.ReviewDate)
	}
}

// Proves TP-2: an objective is made measurable from the real score, with the target date 12 weeks on.
func TestScoreObjective(t *testing.T) {
	t.Parallel()
	c := Builtin(chart(), Options{LengthShort, ToneProfessional, FormatStructured})
	var found *model.PlanObjective
	for _, p := range c.Problems {
		for _, g := range p.Goals {
			for i, o := range g.Objectives {
				if o.Measure != nil && o.Measure.Scoring == model.ScoringPHQ9 {
					found = &g.Objectives[i]
				}
			}
		}
	}
	if found == nil {
		t.Fatalf("no PHQ-9 objective: %s", c.CanonicalJSON())
	}
	if !strings.Contains(found.Statement, "PHQ-9 from 18 to below 10 within 12 weeks") || found.TargetDate != "2026-05-25" ||
		found.Measure.Below != 10 || found.Measure.Baseline == nil || *found.Measure.Baseline != 18 {
		t.Errorf("objective = %+v %+v", found, found.Measure)
	}
	if c.ReviewDate != "2026-05-31" {
		t.Errorf("review date = %s, want 90 days on", c.ReviewDate)
	}

	// A mild score aims below 5; a minimal one stays there.
	in := chart()
	in.Scores = []Score{{Scoring: model.ScoringPHQ9, Latest: 7}, {Scoring: model.ScoringGAD7, Latest: 3}}
	c = Builtin(in, Options{})
	for _, want := range []string{"PHQ-9 from 7 to below 5", "GAD-7 below 5 (now 3)"} {
		if !strings.Contains(c.CanonicalJSON(), want) {
			t.Errorf("no %q in %s", want, c.CanonicalJSON())
		}
	}

	// Only the practice's scorings are measured.
	in = chart()
	in.Scorings = []string{model.ScoringGAD7}
	for _, o := range allOptions() {
		c := Builtin(in, o)
		for _, p := range c.Problems {
			for _, g := range p.Goals {
				for _, ob := range g.Objectives {
					if ob.Measure != nil && ob.Measure.Scoring != model.ScoringGAD7 || strings.Contains(ob.Statement, "PHQ-9") {
						t.Fatalf("%v: objective measured with a scoring the practice does not use: %+v", o, ob)
					}
				}
			}
		}
	}

	// Session mood adds an objective from its recent average.
	c = Builtin(chart(), Options{})
	if !strings.Contains(c.CanonicalJSON(), "from 4.0 to 6 or more out of 10") {
		t.Errorf("no mood objective: %s", c.CanonicalJSON())
	}
}

// code turns a library prefix into a code as charts write it: "F411" → "F41.1".
func code(prefix string) string {
	if len(prefix) > 3 {
		return prefix[:3] + "." + prefix[3:]
	}
	return prefix + ".9"
}

// Proves TP-2: every family of the library yields a problem, a goal and, where a score exists, a
// measurable objective, within the content limits, at every option.
func TestFamilies(t *testing.T) {
	t.Parallel()
	if len(families) < 25 {
		t.Fatalf("%d families, want at least 25", len(families))
	}
	required := []string{"F32.1", "F33.0", "F34.1", "F31.81", "F41.1", "F41.0", "F40.10", "F40.218", "F40.00", "F42.2", "F43.10",
		"F43.0", "F43.21", "F90.0", "F10.20", "F12.10", "F11.20", "F14.10", "F15.20", "F17.210", "F50.00", "F50.2", "F50.81",
		"F51.01", "F60.3", "F84.0", "F91.3", "F45.1", "F44.81", "F64.0", "Z63.0", "Z60.2", "Z56.0", "Z59.0", "Z65.3", "Z62.820"}
	seen := map[string]string{}
	for _, c := range required {
		f, ok := familyOf(c)
		if !ok {
			t.Errorf("%s matches no family", c)
			continue
		}
		seen[f.key] = c
	}
	if len(seen) < 30 {
		t.Errorf("the required codes fall in %d families, want 30 or more distinct", len(seen))
	}
	if f, _ := familyOf("F40.218"); f.key != "phobia" {
		t.Errorf("F40.218 → %s, want the longest prefix (phobia)", f.key)
	}

	all := append([]family{general}, families...)
	for _, f := range all {
		in := chart()
		in.PresentingConcerns, in.History = "", ""
		in.Scores[1].Latest = 15
		in.Diagnoses = nil
		if f.key != "general" {
			in.Diagnoses = []model.PlanDiagnosis{{Code: code(f.prefixes[0]), Description: "Test description"}}
		}
		for _, o := range allOptions() {
			c := Builtin(in, o)
			if err := checkLimits(c); err != nil {
				t.Errorf("%s %v: %v", f.key, o, err)
			}
			g, objs, _ := count(c)
			if len(c.Problems) == 0 || g == 0 || objs == 0 || measured(c) == 0 {
				t.Errorf("%s %v: %d problems, %d goals, %d objectives, %d measured", f.key, o, len(c.Problems), g, objs, measured(c))
			}
			if j := c.CanonicalJSON(); strings.Contains(j, "{they}") || strings.Contains(j, "{their}") || strings.Contains(j, "{them}") || strings.Contains(j, "{self}") {
				t.Errorf("%s %v: a placeholder is left: %s", f.key, o, c.CanonicalJSON())
			}
		}
	}

	// The most a plan can hold: many diagnoses, every theme, long.
	in := chart()
	in.Diagnoses = nil
	for _, f := range families {
		in.Diagnoses = append(in.Diagnoses, model.PlanDiagnosis{Code: code(f.prefixes[0]), Description: "d"})
	}
	in.PresentingConcerns = "suicidal thoughts, sleep, work, partner, grief, alcohol, lonely, trauma, parenting"
	for _, o := range allOptions() {
		c := Builtin(in, o)
		if err := checkLimits(c); err != nil {
			t.Errorf("every family %v: %v", o, err)
		}
	}
}

// checkLimits reports content over model/plan.go's limits, an empty statement or a date out of shape.
func checkLimits(c model.PlanContent) error {
	n := utf8.RuneCountInString
	switch {
	case c.Title == "" || n(c.Title) > model.MaxPlanTitle:
		return fmt.Errorf("title %q", c.Title)
	case len(c.Narrative) > model.MaxPlanNarrative:
		return errors.New("narrative too long")
	case len(c.Problems) > model.MaxPlanProblems, len(c.Diagnoses) > model.MaxPlanDiagnoses:
		return errors.New("too many problems or diagnoses")
	case strings.Contains(c.Narrative, "<"):
		return errors.New("raw < in the narrative")
	}
	for _, p := range c.Problems {
		if p.Statement == "" || n(p.Statement) > model.MaxPlanStatement || len(p.Goals) > model.MaxPlanGoals || len(p.Interventions) > model.MaxPlanInterventions {
			return fmt.Errorf("problem %q", p.Statement)
		}
		for _, g := range p.Goals {
			if g.Statement == "" || n(g.Statement) > model.MaxPlanStatement || len(g.Objectives) > model.MaxPlanObjectives {
				return fmt.Errorf("goal %q has %d objectives", g.Statement, len(g.Objectives))
			}
			for _, o := range g.Objectives {
				if o.Statement == "" || n(o.Statement) > model.MaxPlanStatement || (o.TargetDate != "" && len(o.TargetDate) != 10) {
					return fmt.Errorf("objective %+v", o)
				}
			}
		}
		for _, v := range p.Interventions {
			if v.Modality == "" || n(v.Modality) > model.MaxPlanIntervention || n(v.Frequency) > model.MaxPlanIntervention || n(v.Detail) > model.MaxPlanIntervention {
				return fmt.Errorf("intervention %+v", v)
			}
		}
	}
	return nil
}

// Proves TP-2: the free text chooses variants by keyword but is never copied; a mention of self-harm
// brings a safety plan at every length, and a denial does not.
func TestFreeTextThemes(t *testing.T) {
	t.Parallel()
	in := chart()
	in.PresentingConcerns = "Quillon Marchbanks reports suicidal thoughts after losing the job at Zephyrine Ltd."
	in.History = "Sleeps badly."
	for _, o := range allOptions() {
		c := Builtin(in, o)
		j := c.CanonicalJSON()
		if strings.Contains(j, "Quillon") || strings.Contains(j, "Zephyrine") || strings.Contains(j, "Sleeps badly") {
			t.Fatalf("%v: free text copied into the draft", o)
		}
		if !strings.Contains(j, "safety plan") {
			t.Errorf("%v: no safety plan for a mention of suicidal thoughts", o)
		}
	}
	in.PresentingConcerns = "Denies suicidal ideation. Worried about money."
	in.History = ""
	if j := Builtin(in, Options{LengthLong, "", ""}).CanonicalJSON(); strings.Contains(j, "safety plan") {
		t.Errorf("a denial brought a safety plan: %s", j)
	}
	in.PresentingConcerns = "Can't sleep; arguments with my wife."
	long := Builtin(in, Options{LengthLong, "", ""}).CanonicalJSON()
	short := Builtin(in, Options{LengthShort, "", ""}).CanonicalJSON()
	if !strings.Contains(long, "wind-down routine") || !strings.Contains(long, "calm-down and repair") || strings.Contains(short, "wind-down routine") {
		t.Errorf("themes by length: long %v, short %v", strings.Contains(long, "wind-down"), strings.Contains(short, "wind-down"))
	}
}

// Proves TP-2: codes the library does not know, and a chart with no diagnosis, get a general problem;
// text from the chart is escaped in the Markdown.
func TestUnknownCodesAndEscaping(t *testing.T) {
	t.Parallel()
	in := chart()
	in.Diagnoses = []model.PlanDiagnosis{{Code: "R45.851", Description: "Suicidal ideations <script>alert(1)</script> *x*"}, {Code: "F32.1"}}
	c := Builtin(in, Options{LengthMedium, ToneProfessional, FormatBullets})
	if len(c.Problems) != 2 || !strings.Contains(c.Problems[0].Statement, "(R45.851)") || !strings.Contains(c.Title, "overall well-being") {
		t.Errorf("unknown code: %s", c.CanonicalJSON())
	}
	if strings.Contains(c.Narrative, "<script>") || !strings.Contains(c.Narrative, `\<script\>`) || !strings.Contains(c.Narrative, `\*x\*`) {
		t.Errorf("description not escaped:\n%s", c.Narrative)
	}
	in.Diagnoses = nil
	c = Builtin(in, Options{})
	if len(c.Problems) != 1 || len(c.Diagnoses) != 0 || measured(c) != 2 {
		t.Errorf("no diagnoses: %s", c.CanonicalJSON())
	}
	in.Today = "someday"
	if c := Builtin(in, Options{}); c.ReviewDate != "" || strings.Contains(c.CanonicalJSON(), `"target_date":"0001`) {
		t.Errorf("no date: %s", c.CanonicalJSON())
	}
}

// Proves TP-2: unknown options are field errors naming the option.
func TestOptionsValidate(t *testing.T) {
	t.Parallel()
	if err := (Options{}).Validate(); err != nil {
		t.Errorf("defaults: %v", err)
	}
	for _, o := range allOptions() {
		if err := o.Validate(); err != nil {
			t.Errorf("%v: %v", o, err)
		}
	}
	err := Options{"huge", "angry", "poem"}.Validate()
	var ve *model.ValidationError
	if !errors.As(err, &ve) || ve.Fields["length"] == "" || ve.Fields["tone"] == "" || ve.Fields["format"] == "" {
		t.Errorf("err = %v", err)
	}
}

// Speed (issue 15): the built-in generator within 50 ms; it takes well under a millisecond.
func BenchmarkBuiltin(b *testing.B) {
	in := chart()
	o := Options{LengthLong, ToneConversational, FormatNarrative}
	for b.Loop() {
		Builtin(in, o)
	}
}
