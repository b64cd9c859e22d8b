package plangen

import (
	"encoding/json"
	"fmt"
	"os"
	"testing"

	"tend/internal/model"
)

func TestDump(t *testing.T) {
	if os.Getenv("PLANGEN_DUMP") == "" {
		t.Skip()
	}
	prev := 21
	in := Input{
		Diagnoses:          []model.PlanDiagnosis{{Code: "F32.1", Description: "Major depressive disorder, single episode, moderate"}, {Code: "F41.1", Description: "Generalized anxiety disorder"}},
		PresentingConcerns: "Trouble sleeping, stress at work, some hopeless feelings.",
		Scores:             []Score{{Scoring: model.ScoringPHQ9, Name: "PHQ-9", Latest: 18, Previous: &prev, Band: "Moderately severe", Date: "2026-11-20"}, {Scoring: model.ScoringGAD7, Latest: 12, Band: "Moderate"}},
		Mood:               []int{3, 4, 4, 5},
		Today:              "2026-11-30",
		Scorings:           []string{"phq9", "gad7"},
	}
	o := Options{os.Getenv("L"), os.Getenv("T"), os.Getenv("F")}
	c := Builtin(in, o)
	n := c.Narrative
	c.Narrative = ""
	b, _ := json.MarshalIndent(c, "", " ")
	fmt.Println(string(b))
	fmt.Println(n)
}
