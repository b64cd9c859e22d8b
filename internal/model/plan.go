package model

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"time"
)

// Treatment plans (issue 15, TP-1, TP-2). A plan belongs to a chart; what it says lives in its versions,
// each immutable once written. Signatures belong to a version and name the SHA-256 of its content.

// PlanState is whether a plan is in use.
type PlanState string

// The plan states.
const (
	PlanActive PlanState = "active"
	PlanClosed PlanState = "closed"
)

// PlanSource is what made a version.
type PlanSource string

// The version sources.
const (
	PlanWritten  PlanSource = "written"  // saved from the editor or the API
	PlanRestored PlanSource = "restored" // a copy of an earlier version's content
	PlanBuiltin  PlanSource = "builtin"  // drafted by Tend's built-in generator
	PlanLLM      PlanSource = "llm"      // drafted by the configured language-model endpoint
)

// Signature roles.
const (
	PlanSignerClinician = "clinician"
	PlanSignerClient    = "client"
)

// Limits of a plan's content. A version over them is refused with a field error, never cut.
const (
	MaxPlanTitle         = 200
	MaxPlanStatement     = 2000  // a problem, goal or objective
	MaxPlanIntervention  = 500   // modality, frequency or detail
	MaxPlanNarrative     = 50000 // bytes of Markdown
	MaxPlanProblems      = 20
	MaxPlanGoals         = 10 // per problem
	MaxPlanObjectives    = 10 // per goal
	MaxPlanInterventions = 20 // per problem
	MaxPlanDiagnoses     = 20
)

// PlanContent is what one version of a plan says. Its canonical JSON (CanonicalJSON) is what is stored,
// hashed and signed, so the field order and names here are part of every signature: add fields only at
// the end, with omitempty.
type PlanContent struct {
	Title string `json:"title"`
	// Diagnoses the plan addresses, picked from the chart's, copied as they were when the version was
	// written so an old version reads the same after the chart's diagnoses change.
	Diagnoses []PlanDiagnosis `json:"diagnoses"`
	Problems  []PlanProblem   `json:"problems"`
	// Narrative is Markdown limited to headings, lists, emphasis and links; pages show it rendered and
	// sanitized, never as raw HTML.
	Narrative string `json:"narrative"`
	// ReviewDate is YYYY-MM-DD in the practice's calendar, "" for none.
	ReviewDate string `json:"review_date"`
}

// PlanDiagnosis is one of the chart's diagnoses as a plan version names it.
type PlanDiagnosis struct {
	DiagnosisID string `json:"diagnosis_id"`
	Code        string `json:"code"`
	Description string `json:"description"`
	Label       string `json:"label,omitempty"` // the clinician's own words, e.g. a DSM-5-TR name
}

// PlanProblem is a problem the plan works on, with its goals and the interventions used for it.
type PlanProblem struct {
	Statement     string             `json:"statement"`
	Goals         []PlanGoal         `json:"goals"`
	Interventions []PlanIntervention `json:"interventions"`
}

// PlanGoal is a goal of a problem, made concrete by measurable objectives.
type PlanGoal struct {
	Statement  string          `json:"statement"`
	Objectives []PlanObjective `json:"objectives"`
}

// PlanObjective is a measurable step towards a goal, with a target date and, optionally, an assessment
// that measures it ("PHQ-9 below 10 by 1 March"), whose progress is read from the chart's real scores.
type PlanObjective struct {
	Statement  string       `json:"statement"`
	TargetDate string       `json:"target_date"` // YYYY-MM-DD, "" for none
	Measure    *PlanMeasure `json:"measure,omitempty"`
}

// PlanMeasure ties an objective to a scored assessment: met when the latest score is below Below.
type PlanMeasure struct {
	Scoring string `json:"scoring"` // ScoringPHQ9 or ScoringGAD7
	Below   int    `json:"below"`
	// Baseline is the score the objective started from, when one was known ("from 18 to below 10").
	Baseline *int `json:"baseline,omitempty"`
}

// PlanIntervention is what the clinician will do: a modality and how often.
type PlanIntervention struct {
	Modality  string `json:"modality"`
	Frequency string `json:"frequency"`
	Detail    string `json:"detail,omitempty"`
}

// CanonicalJSON is the exact text a version stores, hashes and is signed over.
func (c PlanContent) CanonicalJSON() string {
	b, err := json.Marshal(c)
	if err != nil { // only plain strings, ints and slices: cannot fail
		panic("model: plan content: " + err.Error())
	}
	return string(b)
}

// SHA256 is the hex SHA-256 of the canonical JSON.
func (c PlanContent) SHA256() string {
	sum := sha256.Sum256([]byte(c.CanonicalJSON()))
	return hex.EncodeToString(sum[:])
}

// TreatmentPlan is a plan on a chart, with its newest version's title and review date.
type TreatmentPlan struct {
	ID, PracticeID, ChartID string
	State                   PlanState
	Title                   string
	CurrentVersion          int
	ReviewDate              string // YYYY-MM-DD, "" for none
	SharedAt                time.Time
	SharedBy                string
	CreatedBy               string
	CreatedAt, UpdatedAt    time.Time
}

// Shared reports whether the plan is shared to the portal.
func (p TreatmentPlan) Shared() bool { return !p.SharedAt.IsZero() }

// PlanVersion is one immutable version of a plan.
type PlanVersion struct {
	ID, PracticeID, PlanID string
	Number                 int
	Content                PlanContent
	SHA256                 string
	Source                 PlanSource
	SourceNote             string
	AuthorID, AuthorName   string
	CreatedAt              time.Time
	Signatures             []PlanSignature
}

// PlanSignature is a signature of one version: who, when, and the hash of what they signed.
type PlanSignature struct {
	ID, PlanID, VersionID string
	Role                  string // PlanSignerClinician or PlanSignerClient
	StaffID               string
	AccountID             string
	TypedName             string
	SignedAt              time.Time
	SHA256                string
	SignerIP              string
}

// SignedBy reports whether the version carries a signature in role.
func (v PlanVersion) SignedBy(role string) bool {
	for _, s := range v.Signatures {
		if s.Role == role {
			return true
		}
	}
	return false
}
