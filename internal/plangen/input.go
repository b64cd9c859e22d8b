package plangen

import (
	"fmt"
	"time"

	"tend/internal/model"
)

// Score is the latest score of one assessment on the chart.
type Score struct {
	Scoring  string // model.ScoringPHQ9 or model.ScoringGAD7
	Name     string // "PHQ-9"
	Latest   int
	Previous *int   // the score before it, when there is one
	Band     string // e.g. "Moderately severe"
	Date     string // YYYY-MM-DD of the latest score
}

// Input is what a draft is built from: the chart's clinical picture, never who the client is.
type Input struct {
	Diagnoses          []model.PlanDiagnosis // the chart's active diagnoses, primary first
	PresentingConcerns string                // free text; only read for keywords, never copied or sent
	History            string                // free text; likewise
	Scores             []Score               // the latest score per assessment
	Mood               []int                 // recent session mood scores 0-10, oldest first
	Today              string                // YYYY-MM-DD in the practice's calendar; dates count from it
	Scorings           []string              // the scorings the practice uses; objectives measure only these
	// Day writes a YYYY-MM-DD date in the narrative as the practice writes dates (model.Locale.Day); nil
	// leaves it as it is. The structured dates stay YYYY-MM-DD.
	Day func(iso string) string
}

// Result is a draft and how it was made, for the version's source and the audit.
type Result struct {
	Content model.PlanContent
	Source  model.PlanSource // model.PlanBuiltin or model.PlanLLM
	Note    string           // the options ("short, professional, structured") or the model's name
	// Sent lists the categories of data sent off the server ("diagnosis codes", "assessment scores", …);
	// empty when nothing was. It is filled whenever a request went out, even one that then failed.
	Sent        []string
	Host, Model string // the endpoint's host and model, when one was asked
	// Fallback says why the language model was not used when it was asked for; "" when it was used or
	// the built-in generator was asked for.
	Fallback string
}

// today parses Input.Today.
func (in Input) today() (time.Time, error) {
	t, err := time.Parse(time.DateOnly, in.Today)
	if err != nil {
		return time.Time{}, fmt.Errorf("plangen: today %q is not a YYYY-MM-DD date", in.Today)
	}
	return t, nil
}

// uses reports whether the practice uses a scoring.
func (in Input) uses(scoring string) bool {
	for _, s := range in.Scorings {
		if s == scoring {
			return true
		}
	}
	return false
}

// score is the latest score of scoring when the practice uses it.
func (in Input) score(scoring string) (Score, bool) {
	if !in.uses(scoring) {
		return Score{}, false
	}
	for _, s := range in.Scores {
		if s.Scoring == scoring {
			return s, true
		}
	}
	return Score{}, false
}
