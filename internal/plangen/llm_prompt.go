package plangen

import (
	"encoding/json"
	"regexp"
	"strings"

	"tend/internal/model"
)

// What the language model is sent: the minimum a plan needs, with nothing that identifies the client.
// The chart's free text (presenting concerns, history) is never sent, not even scrubbed, since no
// scrubber can promise to catch every name or identifier in it. Instead the keyword themes the built-in
// generator uses are sent as Tend's own labels ("sleep problems"). No name, birth date, contact data,
// chart or person id, clinician label, or date is sent: target and review dates are asked for in weeks
// and counted from the practice's today here. Scores go as numbers with their band.

// The categories of data a request may carry, as the audit names them.
const (
	SentDiagnoses = "diagnosis codes and official descriptions"
	SentThemes    = "concern themes (Tend's keywords, no text)"
	SentScores    = "assessment scores"
	SentMood      = "session mood ratings"
	SentOptions   = "draft options"
)

type promptDx struct {
	Code        string `json:"code"`
	Description string `json:"description,omitempty"`
}

type promptScore struct {
	Assessment string `json:"assessment"`
	Scoring    string `json:"scoring"`
	Latest     int    `json:"latest"`
	Previous   *int   `json:"previous,omitempty"`
	Band       string `json:"band,omitempty"`
	Max        int    `json:"max"`
}

type promptFacts struct {
	Client         string        `json:"client"`
	Diagnoses      []promptDx    `json:"diagnoses"`
	ConcernThemes  []string      `json:"concern_themes,omitempty"`
	Assessments    []promptScore `json:"assessments,omitempty"`
	SessionMood    []int         `json:"recent_session_mood_0_to_10,omitempty"`
	MeasurableWith []string      `json:"scorings_available"`
	Length         string        `json:"length"`
	Tone           string        `json:"tone"`
	Format         string        `json:"format"`
}

// prompt is the user message and the categories it carries.
type prompt struct {
	user string
	sent []string
}

// codeShape is an ICD-10-CM code; anything else in a code field is not sent.
var codeShape = regexp.MustCompile(`^[A-Z][0-9][0-9A-Z](\.[0-9A-Z]{1,4})?$`)

// buildPrompt makes the de-identified user message.
func buildPrompt(in Input, o Options) prompt {
	f := promptFacts{Client: "the client", Length: o.Length, Tone: o.Tone, Format: o.Format, MeasurableWith: []string{}, Diagnoses: []promptDx{}}
	var sent []string
	for _, d := range diagnoses(in.Diagnoses) {
		code := strings.ToUpper(strings.TrimSpace(d.Code))
		if !codeShape.MatchString(code) {
			continue
		}
		f.Diagnoses = append(f.Diagnoses, promptDx{Code: code, Description: scrub(d.Description)})
	}
	if len(f.Diagnoses) > 0 {
		sent = append(sent, SentDiagnoses)
	}
	for _, th := range findThemes(in.PresentingConcerns, in.History) {
		f.ConcernThemes = append(f.ConcernThemes, th.label)
	}
	if len(f.ConcernThemes) > 0 {
		sent = append(sent, SentThemes)
	}
	for _, scoring := range []string{phq9, gad7} {
		if in.uses(scoring) {
			f.MeasurableWith = append(f.MeasurableWith, scoring)
		}
		if s, ok := in.score(scoring); ok {
			f.Assessments = append(f.Assessments, promptScore{Assessment: model.ScoringName(scoring), Scoring: scoring, Latest: s.Latest, Previous: s.Previous, Band: scrub(s.Band), Max: maxScore(scoring)})
		}
	}
	if len(f.Assessments) > 0 {
		sent = append(sent, SentScores)
	}
	for _, m := range in.Mood[max(0, len(in.Mood)-10):] {
		f.SessionMood = append(f.SessionMood, min(10, max(0, m)))
	}
	if len(f.SessionMood) > 0 {
		sent = append(sent, SentMood)
	}
	sent = append(sent, SentOptions)
	b, err := json.MarshalIndent(f, "", " ")
	if err != nil { // plain strings and ints
		panic("plangen: prompt: " + err.Error())
	}
	return prompt{user: "Draft a treatment plan for the client described by these facts:\n" + string(b), sent: sent}
}

func maxScore(scoring string) int {
	if scoring == gad7 {
		return 21
	}
	return 27
}

// Patterns scrub removes from a description, in case a field meant for the catalogue's wording holds
// something else.
var (
	scrubEmail  = regexp.MustCompile(`[^\s@]+@[^\s@]+`)
	scrubURL    = regexp.MustCompile(`(?i)\b(?:https?://|www\.)\S+`)
	scrubDate   = regexp.MustCompile(`\b\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}\b`)
	scrubDigits = regexp.MustCompile(`[+(]?\d[\d\s().-]{4,}\d`)
)

// scrub keeps a short, single-line description without addresses, links, dates or long numbers.
func scrub(s string) string {
	s = oneLine(s)
	s = scrubEmail.ReplaceAllString(s, "")
	s = scrubURL.ReplaceAllString(s, "")
	s = scrubDate.ReplaceAllString(s, "")
	s = scrubDigits.ReplaceAllString(s, "")
	s = oneLine(s)
	if r := []rune(s); len(r) > 200 {
		s = string(r[:200])
	}
	return s
}

// systemPrompt tells the model what to answer. It holds no client data.
const systemPrompt = `You draft treatment plans for a licensed behavioural-health clinician, who will review and edit every draft before it is used.
You are given de-identified facts about "the client". Never invent names, dates of birth, contact details or other identifiers; always say "the client" (or "you" in the conversational tone).

Answer with one JSON object only, no other text, shaped like this:
{"title": "...",
 "problems": [{"statement": "...",
   "goals": [{"statement": "...",
     "objectives": [{"statement": "...", "target_weeks": 12, "measure": {"scoring": "phq9", "below": 10}}]}],
   "interventions": [{"modality": "...", "frequency": "...", "detail": "..."}]}],
 "narrative": "...",
 "review_weeks": 12}

Rules:
- Write one problem per diagnosis or closely related group of diagnoses; each problem has goals, each goal has measurable objectives, and each problem has interventions.
- target_weeks is how many weeks from today an objective is due (1 to 52); review_weeks is when the plan is reviewed (4 to 26).
- "measure" is optional. Use it only with a scoring listed in scorings_available, and only when that assessment measures the objective; "below" is the score the objective aims to get under. When an assessment score is given, say the change in the statement, e.g. "PHQ-9 from 18 to below 10 within 12 weeks".
- The narrative is Markdown using only headings, lists, emphasis and links. No HTML.
- Limits: title up to 200 characters; up to 20 problems, 10 goals per problem, 10 objectives per goal, 20 interventions per problem; each statement up to 2000 characters; modality, frequency and detail up to 500 characters each.
- length: short (one or two problems, one goal each, brief narrative), medium, or long (every relevant problem, several goals and objectives, a full narrative).
- tone: professional (third person, "The client will ..."), conversational (speaking to the client, "You will ..."), or clinical (terse clinical shorthand).
- format: structured (the structured fields carry the plan; the narrative is a brief summary), narrative (the narrative tells the whole plan in prose under headings; keep the structured fields to the measurable objectives), or bullets (the narrative as Markdown bullet lists under headings).
- If concern_themes mention thoughts of self-harm or suicide, include safety planning.`
