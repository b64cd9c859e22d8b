package model

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// TemplateKind is what a document template is for (DC-1).
type TemplateKind string

// The kinds of templates.
const (
	TemplateIntake        TemplateKind = "intake"
	TemplateAssessment    TemplateKind = "assessment"
	TemplateQuestionnaire TemplateKind = "questionnaire"
	TemplateConsent       TemplateKind = "consent"
	TemplateCustom        TemplateKind = "custom"
)

// TemplateKinds lists the kinds in display order; the last, a session note template, is for staff only.
func TemplateKinds() []TemplateKind {
	return []TemplateKind{TemplateIntake, TemplateAssessment, TemplateQuestionnaire, TemplateConsent, TemplateCustom, TemplateNote}
}

// ForClients reports whether templates of the kind are documents sent to clients (every kind but a
// session note template).
func (k TemplateKind) ForClients() bool { return k != TemplateNote }

// Label is the kind as people read it.
func (k TemplateKind) Label() string {
	switch k {
	case TemplateIntake:
		return "Intake form"
	case TemplateAssessment:
		return "Assessment"
	case TemplateQuestionnaire:
		return "Questionnaire"
	case TemplateConsent:
		return "Consent or signable document"
	case TemplateCustom:
		return "Custom form"
	case TemplateNote:
		return "Session note template"
	}
	return string(k)
}

// FieldKind is the kind of one question of a form (DC-1's form builder).
type FieldKind string

// The field kinds.
const (
	FieldText      FieldKind = "text"
	FieldParagraph FieldKind = "paragraph"
	FieldSingle    FieldKind = "single"
	FieldMultiple  FieldKind = "multiple"
	FieldYesNo     FieldKind = "yesno"
	FieldDate      FieldKind = "date"
	FieldNumber    FieldKind = "number"
	FieldScale     FieldKind = "scale"
	FieldSignature FieldKind = "signature"
	FieldHeading   FieldKind = "heading"
)

// FieldKinds lists the field kinds in the order the builder offers them.
func FieldKinds() []FieldKind {
	return []FieldKind{FieldText, FieldParagraph, FieldSingle, FieldMultiple, FieldYesNo, FieldDate, FieldNumber, FieldScale,
		FieldSignature, FieldHeading}
}

// Label is the field kind as people read it.
func (k FieldKind) Label() string {
	switch k {
	case FieldText:
		return "Short text"
	case FieldParagraph:
		return "Paragraph"
	case FieldSingle:
		return "Single choice"
	case FieldMultiple:
		return "Multiple choice"
	case FieldYesNo:
		return "Yes or no"
	case FieldDate:
		return "Date"
	case FieldNumber:
		return "Number"
	case FieldScale:
		return "Scale"
	case FieldSignature:
		return "Signature"
	case FieldHeading:
		return "Section heading"
	}
	return string(k)
}

// Field is one question (or heading) of a template version. Answers are keyed by its ID.
type Field struct {
	ID       string    `json:"id"`
	Kind     FieldKind `json:"kind"`
	Label    string    `json:"label"`
	Help     string    `json:"help,omitempty"`
	Required bool      `json:"required,omitempty"`
	Options  []string  `json:"options,omitempty"` // single and multiple choice, in order (a scored item's option i is worth i)
	Min      int       `json:"min,omitempty"`     // number and scale
	Max      int       `json:"max,omitempty"`
	MinLabel string    `json:"min_label,omitempty"` // scale ends
	MaxLabel string    `json:"max_label,omitempty"`
	// Only names a practice setting that must be on for the field to be shown ("legal_sex", CL-6).
	Only string `json:"only,omitempty"`
}

// Limits of templates and answers.
const (
	MaxFields       = 200
	maxLabel        = 500
	maxHelp         = 2000
	maxOptions      = 50
	maxOption       = 200
	MaxTextAnswer   = 200
	MaxParagraph    = 10_000
	MaxAnswersBytes = 256 << 10
	MaxBound        = 1_000_000 // the largest limit of a number or scale field
)

var fieldID = regexp.MustCompile(`^[a-z][a-z0-9_]{0,39}$`)

// plainNumber is a decimal number as people type it: no NaN, infinities or hexadecimal.
var plainNumber = regexp.MustCompile(`^-?[0-9]{1,15}(\.[0-9]{1,15})?$`)

// Asks reports whether the field takes an answer (a heading does not).
func (f Field) Asks() bool { return f.Kind != FieldHeading }

// ValidateFields checks a template's fields, adding problems under "fields" and "fields.N.<name>".
func ValidateFields(p Problems, fields []Field) {
	if len(fields) == 0 {
		p.Add("fields", "Add at least one question: a form with no fields has nothing to fill in.")
		return
	}
	if len(fields) > MaxFields {
		p.Add("fields", fmt.Sprintf("Use at most %d fields; split a longer form in two.", MaxFields))
		return
	}
	seen := map[string]int{}
	asks := 0
	for i, f := range fields {
		at := func(name string) string { return "fields." + strconv.Itoa(i) + "." + name }
		if !slices.Contains(FieldKinds(), f.Kind) {
			p.Add(at("kind"), "Choose a kind of field from the list.")
			continue
		}
		switch {
		case !fieldID.MatchString(f.ID):
			p.Add(at("id"), "Use a short id of lowercase letters, digits and underscores, starting with a letter (e.g. \"sleep_hours\").")
		case seen[f.ID] > 0:
			p.Add(at("id"), fmt.Sprintf("Field %d already uses the id %q; each field needs its own.", seen[f.ID], f.ID))
		default:
			seen[f.ID] = i + 1
		}
		if strings.TrimSpace(f.Label) == "" {
			p.Add(at("label"), "Write the question or heading.")
		} else if utf8.RuneCountInString(f.Label) > maxLabel {
			p.Add(at("label"), fmt.Sprintf("Use at most %d characters.", maxLabel))
		}
		if utf8.RuneCountInString(f.Help) > maxHelp {
			p.Add(at("help"), fmt.Sprintf("Use at most %d characters.", maxHelp))
		}
		if f.Asks() {
			asks++
		}
		switch f.Kind {
		case FieldSingle, FieldMultiple:
			if len(f.Options) < 2 {
				p.Add(at("options"), "Give at least two options to choose from.")
			} else if len(f.Options) > maxOptions {
				p.Add(at("options"), fmt.Sprintf("Use at most %d options.", maxOptions))
			}
			dup := map[string]bool{}
			for _, o := range f.Options {
				o = strings.TrimSpace(o)
				switch {
				case o == "":
					p.Add(at("options"), "An option is empty; remove it or write it.")
				case strings.ContainsAny(o, "\n\r"):
					p.Add(at("options"), "Put each option on its own line in the list, not inside another.")
				case utf8.RuneCountInString(o) > maxOption:
					p.Add(at("options"), fmt.Sprintf("Keep each option under %d characters.", maxOption))
				case dup[o]:
					p.Add(at("options"), fmt.Sprintf("The option %q appears twice.", o))
				}
				dup[o] = true
			}
		case FieldScale:
			// The ends are bounded before they are subtracted, so huge values cannot overflow the check.
			if f.Min < -MaxBound || f.Min > MaxBound || f.Max < -MaxBound || f.Max > MaxBound || f.Max <= f.Min || f.Max-f.Min > 100 {
				p.Add(at("max"), "A scale goes from a smaller to a larger whole number, at most 100 steps apart (e.g. 0 to 10).")
			}
		case FieldNumber:
			switch {
			case f.Min < -MaxBound || f.Min > MaxBound || f.Max < -MaxBound || f.Max > MaxBound:
				p.Add(at("max"), fmt.Sprintf("Keep the limits between -%d and %d.", MaxBound, MaxBound))
			case (f.Min != 0 || f.Max != 0) && f.Max < f.Min:
				p.Add(at("max"), "The largest allowed number is smaller than the smallest.")
			}
		case FieldHeading:
			if f.Required {
				p.Add(at("required"), "A section heading takes no answer, so it cannot be required.")
			}
		}
		if f.Kind != FieldSingle && f.Kind != FieldMultiple && len(f.Options) > 0 {
			p.Add(at("options"), "Only choice fields have options.")
		}
	}
	if asks == 0 {
		p.Add("fields", "Add at least one question: headings alone have nothing to fill in.")
	}
}

// CheckAnswer checks one answer against its field and returns it cleaned, or a message for the person.
// An empty answer is "" (allowed here; Required is checked on submit). Multiple choice answers are the
// chosen options joined by newlines.
func (f Field) CheckAnswer(v string) (string, string) {
	v = strings.TrimSpace(v)
	if v == "" {
		return "", ""
	}
	switch f.Kind {
	case FieldHeading:
		return "", "A section heading takes no answer."
	case FieldText, FieldSignature:
		if strings.ContainsAny(v, "\n\r") {
			return "", "Write this on one line."
		}
		if utf8.RuneCountInString(v) > MaxTextAnswer {
			return "", fmt.Sprintf("Use at most %d characters.", MaxTextAnswer)
		}
	case FieldParagraph:
		if utf8.RuneCountInString(v) > MaxParagraph {
			return "", fmt.Sprintf("Use at most %d characters.", MaxParagraph)
		}
	case FieldSingle:
		if !slices.Contains(f.Options, v) {
			return "", "Choose one of the options."
		}
	case FieldMultiple:
		var picked []string
		for _, o := range strings.Split(v, "\n") {
			o = strings.TrimSpace(o)
			if o == "" {
				continue
			}
			if !slices.Contains(f.Options, o) {
				return "", "Choose from the options."
			}
			if !slices.Contains(picked, o) {
				picked = append(picked, o)
			}
		}
		slices.SortFunc(picked, func(a, b string) int { return slices.Index(f.Options, a) - slices.Index(f.Options, b) })
		return strings.Join(picked, "\n"), ""
	case FieldYesNo:
		switch strings.ToLower(v) {
		case "yes":
			return "yes", ""
		case "no":
			return "no", ""
		}
		return "", "Answer yes or no."
	case FieldDate:
		if _, err := time.Parse(time.DateOnly, v); err != nil {
			return "", "Enter a date as YYYY-MM-DD."
		}
	case FieldNumber, FieldScale:
		if !plainNumber.MatchString(v) {
			return "", "Enter a number, such as 7 or 7.5."
		}
		n, err := strconv.ParseFloat(v, 64)
		if err != nil {
			return "", "Enter a number, such as 7 or 7.5."
		}
		if f.Kind == FieldScale && (n != float64(int(n)) || int(n) < f.Min || int(n) > f.Max) {
			return "", fmt.Sprintf("Choose a whole number from %d to %d.", f.Min, f.Max)
		}
		if f.Kind == FieldNumber && (f.Min != 0 || f.Max != 0) && (n < float64(f.Min) || n > float64(f.Max)) {
			return "", fmt.Sprintf("Enter a number from %d to %d.", f.Min, f.Max)
		}
	}
	return v, ""
}

// Severity is a scored assessment's band.
type Severity struct {
	Score int
	Band  string // e.g. "Moderate"
	Max   int    // the highest possible score
	Flag  string // why the answers need a clinician's attention now, or ""
}

// Scoring names how a template's answers are scored: "" (not scored), "phq9" or "gad7".
const (
	ScoringPHQ9 = "phq9"
	ScoringGAD7 = "gad7"
)

// ScoredItem reports whether field f counts towards the score of a template scored by scoring: a single
// choice whose id starts with "item".
func ScoredItem(scoring string, f Field) bool {
	return scoring != "" && f.Kind == FieldSingle && strings.HasPrefix(f.ID, "item")
}

// ItemPoints is what answer is worth on a scored item: the chosen option's index. ok is false for a field
// that is not scored, or an answer that is none of its options.
func ItemPoints(scoring string, f Field, answer string) (points int, ok bool) {
	if !ScoredItem(scoring, f) {
		return 0, false
	}
	i := slices.Index(f.Options, answer)
	if i < 0 {
		return 0, false
	}
	return i, true
}

// ScoreMax is the highest score of a scoring rule, 0 for an unknown one.
func ScoreMax(scoring string) int {
	return map[string]int{ScoringPHQ9: 27, ScoringGAD7: 21}[scoring]
}

// Score scores answers by a scoring rule. Every item is a single choice whose option index is its points;
// ok is false while any item is unanswered.
func Score(scoring string, fields []Field, answers map[string]string) (Severity, bool) {
	var items []Field
	for _, f := range fields {
		if ScoredItem(scoring, f) {
			items = append(items, f)
		}
	}
	total := 0
	for _, f := range items {
		i, ok := ItemPoints(scoring, f, answers[f.ID])
		if !ok {
			return Severity{}, false
		}
		total += i
	}
	switch scoring {
	case ScoringPHQ9:
		if len(items) != 9 {
			return Severity{}, false
		}
		s := Severity{Score: total, Max: ScoreMax(scoring), Band: band(total, []int{4, 9, 14, 19}, []string{"Minimal", "Mild", "Moderate", "Moderately severe", "Severe"})}
		if slices.Index(items[8].Options, answers[items[8].ID]) > 0 {
			s.Flag = "Item 9 (thoughts of being better off dead or of self-harm) was answered above “Not at all”."
		}
		return s, true
	case ScoringGAD7:
		if len(items) != 7 {
			return Severity{}, false
		}
		return Severity{Score: total, Max: ScoreMax(scoring), Band: band(total, []int{4, 9, 14}, []string{"Minimal", "Mild", "Moderate", "Severe"})}, true
	}
	return Severity{}, false
}

// band returns names[i] for the first upper bound ups[i] the score does not exceed, else the last name.
func band(score int, ups []int, names []string) string {
	for i, up := range ups {
		if score <= up {
			return names[i]
		}
	}
	return names[len(names)-1]
}

// Template is a form of the practice's library with the fields of its current version.
type Template struct {
	ID            string
	PracticeID    string
	BuiltinKey    string // the built-in it started as, or ""
	Kind          TemplateKind
	Name          string
	Description   string
	Scoring       string
	UsesLegalName bool // the client's legal name goes on the PDF (CL-6)
	Version       int
	Fields        []Field
	ArchivedAt    time.Time
	CreatedAt     time.Time
	UpdatedAt     time.Time
}

// Archived reports whether the template is out of the library (kept for the requests made with it).
func (t Template) Archived() bool { return !t.ArchivedAt.IsZero() }

// TemplateChange is a new template or a change of one; nil fields stay as they are.
type TemplateChange struct {
	Kind          *TemplateKind
	Name          *string
	Description   *string
	UsesLegalName *bool
	Fields        *[]Field
	Archived      *bool // out of the library (requests made with it stay), or back in
}

// Apply makes the change on t and returns what is wrong with the result.
func (ch TemplateChange) Apply(t *Template) Problems {
	p := Problems{}
	if ch.Kind != nil {
		t.Kind = *ch.Kind
	}
	if !slices.Contains(TemplateKinds(), t.Kind) {
		p.Add("kind", "Choose what the template is: intake, assessment, questionnaire, consent, custom or a session note template.")
	}
	if ch.Name != nil {
		t.Name = strings.TrimSpace(*ch.Name)
	}
	switch {
	case t.Name == "":
		p.Add("name", "Name the template, e.g. \"Couples intake\".")
	case utf8.RuneCountInString(t.Name) > 120:
		p.Add("name", "Use at most 120 characters.")
	}
	if ch.Description != nil {
		t.Description = strings.TrimSpace(*ch.Description)
	}
	if utf8.RuneCountInString(t.Description) > 1000 {
		p.Add("description", "Use at most 1,000 characters.")
	}
	if ch.UsesLegalName != nil {
		t.UsesLegalName = *ch.UsesLegalName
	}
	if ch.Fields != nil {
		t.Fields = *ch.Fields
		for i := range t.Fields {
			f := &t.Fields[i]
			f.ID, f.Label, f.Help = strings.TrimSpace(f.ID), strings.TrimSpace(f.Label), strings.TrimSpace(f.Help)
			for j := range f.Options {
				f.Options[j] = strings.TrimSpace(f.Options[j])
			}
		}
	}
	ValidateFields(p, t.Fields)
	if t.Kind == TemplateNote {
		validateNoteTemplate(p, *t)
	}
	return p
}

// RequestState is where a document request stands (DC-4).
type RequestState string

// The states of a request.
const (
	RequestRequested  RequestState = "requested"
	RequestInProgress RequestState = "in_progress"
	RequestCompleted  RequestState = "completed"
	RequestSigned     RequestState = "signed"
	RequestWithdrawn  RequestState = "withdrawn"
)

// Label is the state as people read it.
func (s RequestState) Label() string {
	switch s {
	case RequestRequested:
		return "Requested"
	case RequestInProgress:
		return "In progress"
	case RequestCompleted:
		return "Completed"
	case RequestSigned:
		return "Signed"
	case RequestWithdrawn:
		return "Withdrawn"
	}
	return string(s)
}

// Open reports whether the client may still fill in the request.
func (s RequestState) Open() bool { return s == RequestRequested || s == RequestInProgress }

// Done reports whether the answers are final (DC-4: immutable after completion or signing).
func (s RequestState) Done() bool { return s == RequestCompleted || s == RequestSigned }

// DocumentRequest is a template sent to a chart, with the version it was sent with and its answers.
type DocumentRequest struct {
	ID             string
	PracticeID     string
	ChartID        string
	TemplateID     string
	TemplateName   string
	Kind           TemplateKind
	Scoring        string
	UsesLegalName  bool
	Version        int
	Fields         []Field
	MemberPersonID string // on a group chart, the member it is for (PT-12); "" for the whole chart
	MemberName     string
	State          RequestState
	Answers        map[string]string
	Score          *int
	Band           string
	Flag           string
	RequestedBy    string
	RequestedAt    time.Time
	MailID         string
	MailState      string // of the latest notification: queued, sent, written, failed (DC-7); "" when none
	MailError      string
	StartedAt      time.Time
	CompletedAt    time.Time
	CompletedBy    string // the portal account
	SignedAt       time.Time
	SignerName     string
	SignerIP       string
	SignerAccount  string
	ContentSHA256  string
	SignedContent  string // the exact JSON the SHA-256 was taken of
	ReviewedAt     time.Time
	ReviewedBy     string
	WithdrawnAt    time.Time
	UpdatedAt      time.Time
}

// NeedsSignature reports whether the request is finished by signing: its form has a signature field.
func (r DocumentRequest) NeedsSignature() bool {
	return slices.ContainsFunc(r.Fields, func(f Field) bool { return f.Kind == FieldSignature })
}
