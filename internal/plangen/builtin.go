package plangen

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"tend/internal/model"
)

// reviewDays is how far ahead a draft's review date is: the 90-day review most payers and standards
// expect, whatever the draft's length (length shapes the document, not the clinical interval).
const reviewDays = 90

// sizes are how much of the library each length uses.
type sizes struct {
	problems, goals, objectives, interventions, themes int
}

var lengthSizes = map[string]sizes{
	LengthShort:  {problems: 2, goals: 1, objectives: 2, interventions: 2, themes: 0},
	LengthMedium: {problems: 4, goals: 2, objectives: 3, interventions: 3, themes: 1},
	LengthLong:   {problems: 8, goals: 3, objectives: 4, interventions: 5, themes: 3},
}

// part is one problem of a draft with what the narrative needs to speak about it.
type part struct {
	fam     family
	codes   []string // the diagnosis codes it answers
	problem model.PlanProblem
}

// draft is an assembled plan before it is shaped by the format.
type draft struct {
	o       Options
	w       words
	dx      []model.PlanDiagnosis
	parts   []part
	themes  []theme
	scores  []Score // the scores the plan measures, in scoring order
	mood    []int
	moodAvg float64
	today   time.Time
	dated   bool
	day     func(iso string) string // a date as the narrative writes it
}

// Builtin drafts a plan from the library with no network. It is pure: the same input and options give
// the same plan. An empty option means its default; so does an unknown one (Validate refuses those).
func Builtin(in Input, o Options) model.PlanContent {
	d := assemble(in, o.withDefaults())
	c := model.PlanContent{
		Title:     d.title(),
		Diagnoses: diagnoses(in.Diagnoses),
		Narrative: d.narrative(),
	}
	if d.dated {
		c.ReviewDate = d.today.AddDate(0, 0, reviewDays).Format(time.DateOnly)
	}
	for _, p := range d.parts {
		c.Problems = append(c.Problems, p.problem)
	}
	if d.o.Format == FormatNarrative {
		c.Problems = minimal(c.Problems)
	}
	return c
}

// diagnoses copies the chart's diagnoses within the limit, so the plan names what it addresses.
func diagnoses(ds []model.PlanDiagnosis) []model.PlanDiagnosis {
	if len(ds) > model.MaxPlanDiagnoses {
		ds = ds[:model.MaxPlanDiagnoses]
	}
	return append([]model.PlanDiagnosis{}, ds...)
}

// normCode is a code without its dot, upper-case: "f32.1" → "F321".
func normCode(code string) string {
	return strings.ToUpper(strings.ReplaceAll(strings.TrimSpace(code), ".", ""))
}

// familyOf is the library family whose longest prefix matches code.
func familyOf(code string) (family, bool) {
	c := normCode(code)
	best, bestLen := family{}, 0
	for _, f := range families {
		for _, p := range f.prefixes {
			if strings.HasPrefix(c, p) && len(p) > bestLen {
				best, bestLen = f, len(p)
			}
		}
	}
	return best, bestLen > 0
}

// matchParts maps diagnoses to families in diagnosis order, one part per family; unknown codes share
// one general well-being part.
func matchParts(ds []model.PlanDiagnosis) []part {
	var parts []part
	add := func(f family, code string) {
		for i := range parts {
			if parts[i].fam.key == f.key {
				if code != "" && !slices.Contains(parts[i].codes, code) {
					parts[i].codes = append(parts[i].codes, code)
				}
				return
			}
		}
		p := part{fam: f}
		if code != "" {
			p.codes = []string{code}
		}
		parts = append(parts, p)
	}
	for _, d := range ds {
		f, ok := familyOf(d.Code)
		if !ok {
			f = general
		}
		add(f, strings.TrimSpace(d.Code))
	}
	if len(parts) == 0 {
		add(general, "")
	}
	return parts
}

// assemble builds the plan's problems from the library, the scores, the mood and the themes.
func assemble(in Input, o Options) draft {
	sz := lengthSizes[o.Length]
	d := draft{o: o, w: words{tone: o.Tone}, dx: diagnoses(in.Diagnoses), day: in.Day}
	if d.day == nil {
		d.day = func(iso string) string { return iso }
	}
	if t, err := in.today(); err == nil {
		d.today, d.dated = t, true
	}
	d.parts = matchParts(in.Diagnoses)
	if len(d.parts) > sz.problems {
		d.parts = d.parts[:sz.problems]
	}
	for i := range d.parts {
		d.parts[i].problem = d.problemOf(d.parts[i], sz)
	}

	// Scores: each measured by the first problem whose family names it; a moderate or worse score no
	// family names is measured under the first problem, since it still needs watching.
	for _, scoring := range []string{phq9, gad7} {
		s, ok := in.score(scoring)
		if !ok {
			if in.uses(scoring) && o.Length != LengthShort {
				if i := d.claimer(scoring); i >= 0 {
					d.insert(i, d.objective(d.w.rateObjective(scoring), 0))
				}
			}
			continue
		}
		i := d.claimer(scoring)
		if i < 0 {
			if s.Latest < 10 {
				continue
			}
			i = 0
		}
		d.insert(i, d.scoreObjective(s))
		d.scores = append(d.scores, s)
	}

	// Mood: an average of the last five session ratings, when there are at least two.
	if len(in.Mood) >= 2 {
		recent := in.Mood[max(0, len(in.Mood)-5):]
		sum := 0
		for _, m := range recent {
			sum += m
		}
		d.mood = recent
		d.moodAvg = float64(sum) / float64(len(recent))
		d.insert(0, d.objective(d.w.moodObjective(d.moodAvg), 8))
	}

	// Themes from the free text: safety at every length, others as the length allows.
	n := 0
	for _, th := range findThemes(in.PresentingConcerns, in.History) {
		if !th.always {
			if n >= sz.themes || d.covers(th.unless) {
				continue
			}
			n++
		}
		d.themes = append(d.themes, th)
	}
	if len(d.themes) > 0 {
		d.addThemeGoal()
	}
	return d
}

// claimer is the index of the first part whose family is measured by scoring, or -1.
func (d *draft) claimer(scoring string) int {
	for i, p := range d.parts {
		if slices.Contains(p.fam.scorings, scoring) {
			return i
		}
	}
	return -1
}

// covers reports whether a part of the plan is the family key.
func (d *draft) covers(key string) bool {
	for _, p := range d.parts {
		if p.fam.key == key {
			return true
		}
	}
	return false
}

// problemOf is one family's problem, trimmed to the length.
func (d *draft) problemOf(p part, sz sizes) model.PlanProblem {
	pr := model.PlanProblem{Statement: d.w.problem(p.fam, p.codes)}
	for _, gl := range p.fam.goals[:min(sz.goals, len(p.fam.goals))] {
		pg := model.PlanGoal{Statement: d.w.goal(gl.aim)}
		for _, ob := range gl.objs[:min(sz.objectives, len(gl.objs))] {
			pg.Objectives = append(pg.Objectives, d.objective(d.w.objective(ob.act, ob.weeks), ob.weeks))
		}
		pr.Goals = append(pr.Goals, pg)
	}
	pr.Interventions = append(pr.Interventions, p.fam.ivs[:min(sz.interventions, len(p.fam.ivs))]...)
	return pr
}

// objective is a statement with its target date weeks from today.
func (d *draft) objective(statement string, weeks int) model.PlanObjective {
	ob := model.PlanObjective{Statement: statement}
	if d.dated && weeks > 0 {
		ob.TargetDate = d.today.AddDate(0, 0, 7*weeks).Format(time.DateOnly)
	}
	return ob
}

// insert puts an objective in part i's first goal, after the measured objectives already at its top, so
// what the scores measure reads first.
func (d *draft) insert(i int, ob model.PlanObjective) {
	g := &d.parts[i].problem.Goals[0]
	at := 0
	for at < len(g.Objectives) && g.Objectives[at].Measure != nil {
		at++
	}
	g.Objectives = slices.Insert(g.Objectives, at, ob)
	d.fit(g)
}

// fit keeps a goal within the objectives limit, dropping library objectives from the end.
func (d *draft) fit(g *model.PlanGoal) {
	if len(g.Objectives) > model.MaxPlanObjectives {
		g.Objectives = g.Objectives[:model.MaxPlanObjectives]
	}
}

// scoreObjective is the measurable objective of a real score: below 10 within 12 weeks from a moderate or
// worse score, below 5 from a mild one, and staying below 5 from a minimal one.
func (d *draft) scoreObjective(s Score) model.PlanObjective {
	below := 10
	if s.Latest < 10 {
		below = 5
	}
	base := s.Latest
	ob := d.objective(d.w.scoreObjective(s.Scoring, s.Latest, below, 12), 12)
	ob.Measure = &model.PlanMeasure{Scoring: s.Scoring, Below: below, Baseline: &base}
	return ob
}

// addThemeGoal adds the concerns the free text raised to the first problem: first when safety is among
// them, else last.
func (d *draft) addThemeGoal() {
	safety := d.themes[0].always
	g := model.PlanGoal{Statement: d.w.themeGoal(safety)}
	pr := &d.parts[0].problem
	for _, th := range d.themes {
		g.Objectives = append(g.Objectives, d.objective(d.w.objective(th.obj.act, th.obj.weeks), th.obj.weeks))
		if !slices.ContainsFunc(pr.Interventions, func(v model.PlanIntervention) bool { return v.Modality == th.iv.Modality }) &&
			len(pr.Interventions) < model.MaxPlanInterventions {
			pr.Interventions = append(pr.Interventions, th.iv)
		}
	}
	if safety {
		pr.Goals = append([]model.PlanGoal{g}, pr.Goals...)
	} else {
		pr.Goals = append(pr.Goals, g)
	}
	if len(pr.Goals) > model.MaxPlanGoals {
		pr.Goals = pr.Goals[:model.MaxPlanGoals]
	}
}

// minimal keeps, for the narrative format, only what must stay structured: the measured objectives (and
// the safety plan), else each problem's first objective, and its first intervention.
func minimal(ps []model.PlanProblem) []model.PlanProblem {
	out := make([]model.PlanProblem, 0, len(ps))
	for _, p := range ps {
		q := model.PlanProblem{Statement: p.Statement}
		for _, g := range p.Goals {
			var keep []model.PlanObjective
			for _, ob := range g.Objectives {
				if ob.Measure != nil {
					keep = append(keep, ob)
				}
			}
			if len(keep) > 0 {
				q.Goals = append(q.Goals, model.PlanGoal{Statement: g.Statement, Objectives: keep})
			}
		}
		if len(q.Goals) == 0 && len(p.Goals) > 0 {
			g := p.Goals[0]
			q.Goals = []model.PlanGoal{{Statement: g.Statement, Objectives: g.Objectives[:min(1, len(g.Objectives))]}}
		}
		q.Interventions = p.Interventions[:min(1, len(p.Interventions))]
		out = append(out, q)
	}
	return out
}

// title names the plan after its first problems.
func (d *draft) title() string {
	var names []string
	for _, p := range d.parts {
		names = append(names, p.fam.name)
	}
	list := names[0]
	switch {
	case len(names) == 2:
		list = names[0] + " and " + names[1]
	case len(names) > 2:
		list = names[0] + ", " + names[1] + " and more"
	}
	var t string
	switch d.o.Tone {
	case ToneConversational:
		t = "Your plan for " + list
	case ToneClinical:
		if len(names) > 4 {
			names = append(names[:4], fmt.Sprintf("+%d", len(names)-4))
		}
		t = "Tx plan: " + strings.Join(names, "; ")
	default:
		t = "Treatment plan: " + list
	}
	return t
}

// weeksText is "1 week" or "12 weeks".
func weeksText(n int) string {
	if n == 1 {
		return "1 week"
	}
	return fmt.Sprintf("%d weeks", n)
}
