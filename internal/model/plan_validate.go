package model

import (
	"fmt"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// PlanRules are what a plan's content is checked against beyond its own shape.
type PlanRules struct {
	// Start is the plan's first day (YYYY-MM-DD): no target or review date may come before it.
	Start string
	// Scorings are the assessments the practice uses; an objective may be measured only by one of them.
	Scorings map[string]bool
}

// ScoringName is how pages name a scoring rule ("PHQ-9"), or the rule itself when unknown.
func ScoringName(scoring string) string {
	switch scoring {
	case ScoringPHQ9:
		return "PHQ-9"
	case ScoringGAD7:
		return "GAD-7"
	}
	return scoring
}

// Normalize trims every text, writes line breaks as \n and drops rows left wholly empty (an editor's
// blank rows), so what is stored and hashed does not depend on stray spaces.
func (c *PlanContent) Normalize() {
	c.Title = oneLine(c.Title)
	c.Narrative = strings.TrimSpace(strings.ReplaceAll(strings.ReplaceAll(c.Narrative, "\r\n", "\n"), "\r", "\n"))
	c.ReviewDate = strings.TrimSpace(c.ReviewDate)
	var probs []PlanProblem
	for _, p := range c.Problems {
		p.Statement = strings.TrimSpace(p.Statement)
		var goals []PlanGoal
		for _, g := range p.Goals {
			g.Statement = strings.TrimSpace(g.Statement)
			var objs []PlanObjective
			for _, o := range g.Objectives {
				o.Statement, o.TargetDate = strings.TrimSpace(o.Statement), strings.TrimSpace(o.TargetDate)
				if o.Measure != nil && o.Measure.Scoring == "" {
					o.Measure = nil
				}
				if o.Statement != "" || o.TargetDate != "" || o.Measure != nil {
					objs = append(objs, o)
				}
			}
			g.Objectives = objs
			if g.Statement != "" || len(g.Objectives) > 0 {
				goals = append(goals, g)
			}
		}
		p.Goals = goals
		var ivs []PlanIntervention
		for _, iv := range p.Interventions {
			iv.Modality, iv.Frequency, iv.Detail = oneLine(iv.Modality), oneLine(iv.Frequency), strings.TrimSpace(iv.Detail)
			if iv.Modality != "" || iv.Frequency != "" || iv.Detail != "" {
				ivs = append(ivs, iv)
			}
		}
		p.Interventions = ivs
		if p.Statement != "" || len(p.Goals) > 0 || len(p.Interventions) > 0 {
			probs = append(probs, p)
		}
	}
	c.Problems = probs
	if c.Diagnoses == nil {
		c.Diagnoses = []PlanDiagnosis{}
	}
	if c.Problems == nil {
		c.Problems = []PlanProblem{}
	}
	for i := range c.Problems {
		if c.Problems[i].Goals == nil {
			c.Problems[i].Goals = []PlanGoal{}
		}
		if c.Problems[i].Interventions == nil {
			c.Problems[i].Interventions = []PlanIntervention{}
		}
		for j := range c.Problems[i].Goals {
			if c.Problems[i].Goals[j].Objectives == nil {
				c.Problems[i].Goals[j].Objectives = []PlanObjective{}
			}
		}
	}
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// Validate checks normalized content. Field names are the editor's and the API's:
// "title", "narrative", "review_date", "diagnoses", "problems.0.statement",
// "problems.0.goals.1.objectives.2.target_date", "problems.0.interventions.1.modality"…
func (c PlanContent) Validate(r PlanRules) error {
	p := Problems{}
	text := func(field, s string, limit int, need string) {
		switch {
		case s == "" && need != "":
			p.Add(field, need)
		case utf8.RuneCountInString(s) > limit:
			p.Add(field, fmt.Sprintf("Write at most %d characters (this has %d).", limit, utf8.RuneCountInString(s)))
		case strings.IndexFunc(s, func(r rune) bool { return unicode.IsControl(r) && r != '\n' && r != '\t' }) >= 0:
			p.Add(field, "Use plain text: this holds a control character.")
		}
	}
	date := func(field, s, what string) {
		if s == "" {
			return
		}
		if _, err := time.Parse(time.DateOnly, s); err != nil {
			p.Add(field, "Enter a date as YYYY-MM-DD.")
			return
		}
		if r.Start != "" && s < r.Start {
			p.Add(field, fmt.Sprintf("The %s cannot come before the plan began (%s).", what, r.Start))
		}
	}
	text("title", c.Title, MaxPlanTitle, "Give the plan a title.")
	if len(c.Narrative) > MaxPlanNarrative {
		p.Add("narrative", fmt.Sprintf("The narrative holds at most %d KB of text (this has %d KB). Shorten it, or move detail into the problems and goals.",
			MaxPlanNarrative/1024, (len(c.Narrative)+1023)/1024))
	} else {
		text("narrative", c.Narrative, MaxPlanNarrative, "")
	}
	date("review_date", c.ReviewDate, "review date")
	if len(c.Diagnoses) > MaxPlanDiagnoses {
		p.Add("diagnoses", fmt.Sprintf("A plan addresses at most %d diagnoses.", MaxPlanDiagnoses))
	}
	if len(c.Problems) > MaxPlanProblems {
		p.Add("problems", fmt.Sprintf("A plan holds at most %d problems.", MaxPlanProblems))
	}
	for i, pr := range c.Problems {
		f := fmt.Sprintf("problems.%d.", i)
		text(f+"statement", pr.Statement, MaxPlanStatement, "Describe the problem, or clear its goals and interventions to remove it.")
		if len(pr.Goals) > MaxPlanGoals {
			p.Add(f+"goals", fmt.Sprintf("A problem holds at most %d goals.", MaxPlanGoals))
		}
		for j, g := range pr.Goals {
			gf := fmt.Sprintf("%sgoals.%d.", f, j)
			text(gf+"statement", g.Statement, MaxPlanStatement, "Describe the goal, or clear its objectives to remove it.")
			if len(g.Objectives) > MaxPlanObjectives {
				p.Add(gf+"objectives", fmt.Sprintf("A goal holds at most %d objectives.", MaxPlanObjectives))
			}
			for k, o := range g.Objectives {
				of := fmt.Sprintf("%sobjectives.%d.", gf, k)
				text(of+"statement", o.Statement, MaxPlanStatement, "Describe the objective: what will be measured, and how.")
				date(of+"target_date", o.TargetDate, "target date")
				if m := o.Measure; m != nil {
					switch {
					case ScoreMax(m.Scoring) == 0:
						p.Add(of+"measure", "Choose PHQ-9 or GAD-7, or no assessment.")
					case !r.Scorings[m.Scoring]:
						p.Add(of+"measure", fmt.Sprintf("The practice does not use the %s. Choose an assessment from its library, or none.", ScoringName(m.Scoring)))
					case m.Below < 1 || m.Below > ScoreMax(m.Scoring):
						p.Add(of+"measure", fmt.Sprintf("Choose a target score from 1 to %d.", ScoreMax(m.Scoring)))
					case m.Baseline != nil && (*m.Baseline < 0 || *m.Baseline > ScoreMax(m.Scoring)):
						p.Add(of+"measure", fmt.Sprintf("A starting score runs from 0 to %d.", ScoreMax(m.Scoring)))
					}
				}
			}
		}
		if len(pr.Interventions) > MaxPlanInterventions {
			p.Add(f+"interventions", fmt.Sprintf("A problem holds at most %d interventions.", MaxPlanInterventions))
		}
		for j, iv := range pr.Interventions {
			vf := fmt.Sprintf("%sinterventions.%d.", f, j)
			text(vf+"modality", iv.Modality, MaxPlanIntervention, "Name the intervention (for example, cognitive behavioural therapy).")
			text(vf+"frequency", iv.Frequency, MaxPlanIntervention, "")
			text(vf+"detail", iv.Detail, MaxPlanStatement, "")
		}
	}
	return p.Err()
}
