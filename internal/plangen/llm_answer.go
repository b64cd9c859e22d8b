package plangen

import (
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"tend/internal/model"
)

// The answer a language model is asked for. Unknown fields are ignored; everything else is checked,
// cleaned and turned into a plan, or refused as a whole.
type answerObjective struct {
	Statement   string `json:"statement"`
	TargetWeeks *int   `json:"target_weeks"`
	TargetDate  string `json:"target_date"`
	Measure     *struct {
		Scoring string `json:"scoring"`
		Below   int    `json:"below"`
	} `json:"measure"`
}

type answerGoal struct {
	Statement  string            `json:"statement"`
	Objectives []answerObjective `json:"objectives"`
}

type answerIntervention struct {
	Modality  string `json:"modality"`
	Frequency string `json:"frequency"`
	Detail    string `json:"detail"`
}

type answerProblem struct {
	Statement     string               `json:"statement"`
	Goals         []answerGoal         `json:"goals"`
	Interventions []answerIntervention `json:"interventions"`
}

type answer struct {
	Title       string          `json:"title"`
	Problems    []answerProblem `json:"problems"`
	Narrative   string          `json:"narrative"`
	ReviewWeeks *int            `json:"review_weeks"`
	ReviewDate  string          `json:"review_date"`
}

// fence matches a Markdown code fence around the JSON, which some models add despite being asked not to.
var fence = regexp.MustCompile("(?s)^\\s*```[a-zA-Z]*\\s*\\n?(.*?)\\n?\\s*```\\s*$")

// parseAnswer turns the model's content into a plan for in, or says why it is not a usable one. The
// reasons name the place in the plan, never the answer's text.
func parseAnswer(content string, in Input) (model.PlanContent, error) {
	if m := fence.FindStringSubmatch(content); m != nil {
		content = m[1]
	}
	var a answer
	dec := json.NewDecoder(strings.NewReader(content))
	if err := dec.Decode(&a); err != nil {
		return model.PlanContent{}, fmt.Errorf("not a JSON plan")
	}
	if dec.More() {
		return model.PlanContent{}, fmt.Errorf("text after the JSON plan")
	}
	today, err := in.today()
	if err != nil {
		return model.PlanContent{}, err
	}
	c := model.PlanContent{Title: line(a.Title), Diagnoses: diagnoses(in.Diagnoses), Narrative: markdown(a.Narrative)}
	if c.Title == "" {
		c.Title = "Treatment plan"
	}
	if utf8.RuneCountInString(c.Title) > model.MaxPlanTitle {
		return model.PlanContent{}, fmt.Errorf("title over %d characters", model.MaxPlanTitle)
	}
	if len(c.Narrative) > model.MaxPlanNarrative {
		return model.PlanContent{}, fmt.Errorf("narrative over %d bytes", model.MaxPlanNarrative)
	}
	if len(a.Problems) == 0 {
		return model.PlanContent{}, fmt.Errorf("no problems")
	}
	if len(a.Problems) > model.MaxPlanProblems {
		return model.PlanContent{}, fmt.Errorf("more than %d problems", model.MaxPlanProblems)
	}
	date := func(where string, weeks *int, d string) (string, error) {
		switch {
		case d != "":
			t, err := time.Parse(time.DateOnly, strings.TrimSpace(d))
			if err != nil {
				return "", fmt.Errorf("%s: date is not YYYY-MM-DD", where)
			}
			if t.Before(today) {
				return "", fmt.Errorf("%s: date before today", where)
			}
			return t.Format(time.DateOnly), nil
		case weeks != nil:
			if *weeks < 1 || *weeks > 104 {
				return "", fmt.Errorf("%s: weeks out of range", where)
			}
			return today.AddDate(0, 0, 7**weeks).Format(time.DateOnly), nil
		}
		return "", nil
	}
	if c.ReviewDate, err = date("review", a.ReviewWeeks, a.ReviewDate); err != nil {
		return model.PlanContent{}, err
	}
	for i, ap := range a.Problems {
		where := fmt.Sprintf("problem %d", i+1)
		p := model.PlanProblem{Statement: line(ap.Statement)}
		if err := text(where, p.Statement, model.MaxPlanStatement, true); err != nil {
			return model.PlanContent{}, err
		}
		if len(ap.Goals) > model.MaxPlanGoals {
			return model.PlanContent{}, fmt.Errorf("%s: more than %d goals", where, model.MaxPlanGoals)
		}
		if len(ap.Interventions) > model.MaxPlanInterventions {
			return model.PlanContent{}, fmt.Errorf("%s: more than %d interventions", where, model.MaxPlanInterventions)
		}
		for j, ag := range ap.Goals {
			where := fmt.Sprintf("%s, goal %d", where, j+1)
			g := model.PlanGoal{Statement: line(ag.Statement)}
			if err := text(where, g.Statement, model.MaxPlanStatement, true); err != nil {
				return model.PlanContent{}, err
			}
			if len(ag.Objectives) > model.MaxPlanObjectives {
				return model.PlanContent{}, fmt.Errorf("%s: more than %d objectives", where, model.MaxPlanObjectives)
			}
			for k, ao := range ag.Objectives {
				where := fmt.Sprintf("%s, objective %d", where, k+1)
				ob := model.PlanObjective{Statement: line(ao.Statement)}
				if err := text(where, ob.Statement, model.MaxPlanStatement, true); err != nil {
					return model.PlanContent{}, err
				}
				if ob.TargetDate, err = date(where, ao.TargetWeeks, ao.TargetDate); err != nil {
					return model.PlanContent{}, err
				}
				if ao.Measure != nil {
					if !in.uses(ao.Measure.Scoring) {
						return model.PlanContent{}, fmt.Errorf("%s: measured with an assessment the practice does not use", where)
					}
					if ao.Measure.Below < 1 || ao.Measure.Below > maxScore(ao.Measure.Scoring) {
						return model.PlanContent{}, fmt.Errorf("%s: measure target out of range", where)
					}
					ob.Measure = &model.PlanMeasure{Scoring: ao.Measure.Scoring, Below: ao.Measure.Below}
					if s, ok := in.score(ao.Measure.Scoring); ok { // the baseline is the chart's, not the model's
						base := s.Latest
						ob.Measure.Baseline = &base
					}
				}
				g.Objectives = append(g.Objectives, ob)
			}
			p.Goals = append(p.Goals, g)
		}
		for j, ai := range ap.Interventions {
			where := fmt.Sprintf("%s, intervention %d", where, j+1)
			v := model.PlanIntervention{Modality: line(ai.Modality), Frequency: line(ai.Frequency), Detail: line(ai.Detail)}
			if err := text(where+" modality", v.Modality, model.MaxPlanIntervention, true); err != nil {
				return model.PlanContent{}, err
			}
			if err := text(where+" frequency", v.Frequency, model.MaxPlanIntervention, false); err != nil {
				return model.PlanContent{}, err
			}
			if err := text(where+" detail", v.Detail, model.MaxPlanIntervention, false); err != nil {
				return model.PlanContent{}, err
			}
			p.Interventions = append(p.Interventions, v)
		}
		c.Problems = append(c.Problems, p)
	}
	return c, nil
}

// text checks a cleaned field's length.
func text(where, s string, limit int, required bool) error {
	if required && s == "" {
		return fmt.Errorf("%s: empty", where)
	}
	if utf8.RuneCountInString(s) > limit {
		return fmt.Errorf("%s: over %d characters", where, limit)
	}
	return nil
}

// htmlTag matches raw HTML tags and comments, which a plan never carries.
var htmlTag = regexp.MustCompile(`(?s)<!--.*?-->|</?[a-zA-Z][^<>]*>`)

// line cleans a one-line field: no HTML tags, no control characters, single spaces.
func line(s string) string {
	return oneLine(stripControl(htmlTag.ReplaceAllString(s, "")))
}

// markdown cleans the narrative: no HTML tags, no control characters but newlines and tabs, Unix line
// ends. The page sanitizes the rendered Markdown again.
func markdown(s string) string {
	s = strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\r", "\n")
	s = htmlTag.ReplaceAllString(s, "")
	s = stripControl(s)
	s = strings.TrimSpace(s)
	if s != "" {
		s += "\n"
	}
	return s
}

// stripControl removes control and invisible formatting characters, keeping newlines and tabs, and
// replaces invalid UTF-8.
func stripControl(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	return strings.Map(func(r rune) rune {
		if r == '\n' || r == '\t' {
			return r
		}
		if unicode.IsControl(r) || unicode.Is(unicode.Cf, r) {
			return -1
		}
		return r
	}, s)
}
