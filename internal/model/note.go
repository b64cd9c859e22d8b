package model

import (
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// NoteState is where a session note is in its life (NT-1): a draft that saves itself, then signed and locked.
type NoteState string

// The note states.
const (
	NoteDraft  NoteState = "draft"
	NoteSigned NoteState = "signed"
)

// Label is the state as pages show it.
func (s NoteState) Label() string {
	if s == NoteSigned {
		return "Signed"
	}
	return "Draft"
}

// Limits of a session note.
const (
	// MaxNoteBody is the most a note's sections may hold together, in bytes.
	MaxNoteBody = 100 * 1024
	// MaxNoteDuration is the longest session a note records, in minutes (a whole day).
	MaxNoteDuration = 24 * 60
	// MaxServiceType bounds the service's short name.
	MaxServiceType = 100
	// MaxAddendumReason bounds an addendum's reason.
	MaxAddendumReason = 500
)

// NoteSection is one labelled text of a note's body: a template's section, with what was written in it.
type NoteSection struct {
	Key   string `json:"key"`
	Label string `json:"label"`
	// Hint is a practice template's help text for the section, shown under its label (empty for the built-ins).
	Hint string `json:"hint,omitempty"`
	Text string `json:"text"`
}

// TemplateNote is the document-template kind of a practice's own note template: its text and paragraph
// fields become the note's sections. It is never sent to clients.
const TemplateNote TemplateKind = "note"

// NoteTemplate is a shape of note: its sections in order. The built-ins have short keys; a practice's own
// template (a document template of kind "note") has its id as key and one section per text field.
type NoteTemplate struct {
	Key      string
	Name     string
	Sections []NoteSection // labels only
}

// BuiltinNoteTemplates are the note templates every practice has (issue 14, item 3).
func BuiltinNoteTemplates() []NoteTemplate {
	s := func(pairs ...string) []NoteSection {
		var out []NoteSection
		for i := 0; i+1 < len(pairs); i += 2 {
			out = append(out, NoteSection{Key: pairs[i], Label: pairs[i+1]})
		}
		return out
	}
	return []NoteTemplate{
		{Key: "soap", Name: "SOAP", Sections: s("subjective", "Subjective", "objective", "Objective", "assessment", "Assessment", "plan", "Plan")},
		{Key: "dap", Name: "DAP", Sections: s("data", "Data", "assessment", "Assessment", "plan", "Plan")},
		{Key: "birp", Name: "BIRP", Sections: s("behavior", "Behavior", "intervention", "Intervention", "response", "Response", "plan", "Plan")},
		{Key: "free", Name: "Free text", Sections: s("note", "Note")},
	}
}

// BuiltinNoteTemplate returns the built-in template with key.
func BuiltinNoteTemplate(key string) (NoteTemplate, bool) {
	for _, t := range BuiltinNoteTemplates() {
		if t.Key == key {
			return t, true
		}
	}
	return NoteTemplate{}, false
}

// NoteTemplateFrom maps a practice's document template of kind "note" onto note sections: each text or
// long-text field is one section, labelled as in the form builder.
func NoteTemplateFrom(t Template) NoteTemplate {
	nt := NoteTemplate{Key: t.ID, Name: t.Name}
	for _, f := range t.Fields {
		if f.Kind == FieldText || f.Kind == FieldParagraph {
			nt.Sections = append(nt.Sections, NoteSection{Key: f.ID, Label: f.Label, Hint: f.Help})
		}
	}
	return nt
}

// ServiceTypes are the services a note offers to choose from until appointments bring a practice's own
// list (issue 16); any short text is accepted.
func ServiceTypes() []string {
	return []string{"Individual therapy", "Intake assessment", "Couples or family therapy", "Group therapy", "Crisis session", "Consultation"}
}

// Note is a session note on a chart. Listings leave Sections empty: they never carry the body.
type Note struct {
	ID, PracticeID, ChartID  string
	AuthorID, AuthorName     string
	Template, TemplateName   string
	Sections                 []NoteSection
	ServiceDate              string // YYYY-MM-DD in the practice's calendar
	DurationMinutes          int
	ServiceType              string
	Mood                     *int
	State                    NoteState
	CreatedAt, UpdatedAt     time.Time
	SignedAt                 time.Time
	SignedBy, SignerName     string
	SignedContent            string // exactly what was signed, as canonical JSON
	ContentSHA256            string
	NeedsCosign              bool
	CosignedAt               time.Time
	CosignedBy, CosignerName string
	Addenda                  []Addendum
}

// Signed reports whether the note is locked.
func (n Note) Signed() bool { return n.State == NoteSigned }

// AwaitsCosign reports whether a signed note still waits for the supervisor's co-signature.
func (n Note) AwaitsCosign() bool { return n.Signed() && n.NeedsCosign && n.CosignedAt.IsZero() }

// Late reports whether a draft is still unsigned days after its date of service, on today's date.
func (n Note) Late(today string, days int) bool {
	if n.Signed() {
		return false
	}
	d, err := time.Parse(time.DateOnly, n.ServiceDate)
	t, err2 := time.Parse(time.DateOnly, today)
	if err != nil || err2 != nil {
		return false
	}
	return t.Sub(d) >= time.Duration(days)*24*time.Hour
}

// Empty reports whether nothing has been written in any section.
func (n Note) Empty() bool {
	for _, s := range n.Sections {
		if strings.TrimSpace(s.Text) != "" {
			return false
		}
	}
	return true
}

// ServiceDay is the date of service as a time at midnight UTC, for locale formatting; zero when unset.
func (n Note) ServiceDay() time.Time {
	d, _ := time.Parse(time.DateOnly, n.ServiceDate)
	return d
}

// Addendum is text added to a signed note: the note itself never changes.
type Addendum struct {
	ID, NoteID           string
	AuthorID, AuthorName string
	Reason, Body         string
	CreatedAt            time.Time
}

// NoteInput is what a person writes on a draft. Nil fields are left as they are; the numbers come as
// typed, so a page and the API report the same field errors.
type NoteInput struct {
	Sections        map[string]string // by section key
	ServiceDate     *string
	DurationMinutes *string
	ServiceType     *string
	Mood            *string // "" clears it
}

// ApplyNote checks in against the practice's today (YYYY-MM-DD) and writes it onto n. Every problem is
// reported at once, by field; n is changed only when there are none.
func ApplyNote(n *Note, in NoteInput, today string) error {
	p := Problems{}
	out := *n
	out.Sections = append([]NoteSection(nil), n.Sections...)
	if in.ServiceDate != nil {
		v := strings.TrimSpace(*in.ServiceDate)
		d, err := time.Parse(time.DateOnly, v)
		t, _ := time.Parse(time.DateOnly, today)
		switch {
		case v == "":
			p.Add("service_date", "Enter the date of service.")
		case err != nil:
			p.Add("service_date", "Enter the date of service as YYYY-MM-DD.")
		case d.Sub(t) > 24*time.Hour:
			p.Add("service_date", "The date of service can be at most a day ahead of today.")
		default:
			out.ServiceDate = v
		}
	}
	if in.DurationMinutes != nil {
		v := strings.TrimSpace(*in.DurationMinutes)
		m, err := strconv.Atoi(v)
		switch {
		case v == "":
			out.DurationMinutes = 0
		case err != nil || m < 1 || m > MaxNoteDuration:
			p.Add("duration_minutes", fmt.Sprintf("Enter the duration in whole minutes, from 1 to %d.", MaxNoteDuration))
		default:
			out.DurationMinutes = m
		}
	}
	if in.ServiceType != nil {
		v := strings.Join(strings.Fields(*in.ServiceType), " ")
		if utf8.RuneCountInString(v) > MaxServiceType {
			p.Add("service_type", fmt.Sprintf("Use at most %d characters.", MaxServiceType))
		} else {
			out.ServiceType = v
		}
	}
	if in.Mood != nil {
		v := strings.TrimSpace(*in.Mood)
		m, err := strconv.Atoi(v)
		switch {
		case v == "":
			out.Mood = nil
		case err != nil || m < 0 || m > 10:
			p.Add("mood", "Enter a mood score from 0 to 10, or leave it empty.") // NT-2
		default:
			out.Mood = &m
		}
	}
	for key, text := range in.Sections {
		i := sectionIndex(out.Sections, key)
		if i < 0 {
			p.Add("sections."+key, "This note has no such section.")
			continue
		}
		if !utf8.ValidString(text) {
			p.Add("sections."+key, "The text is not valid UTF-8.")
			continue
		}
		out.Sections[i].Text = strings.ReplaceAll(text, "\r\n", "\n")
	}
	size := 0
	for _, s := range out.Sections {
		size += len(s.Text)
	}
	if size > MaxNoteBody {
		p.Add("body", fmt.Sprintf("The note is %d KB; a note holds at most %d KB. Shorten it, or move material to a file.", (size+1023)/1024, MaxNoteBody/1024))
	}
	if err := p.Err(); err != nil {
		return err
	}
	*n = out
	return nil
}

func sectionIndex(ss []NoteSection, key string) int {
	for i, s := range ss {
		if s.Key == key {
			return i
		}
	}
	return -1
}

// CheckAddendum checks an addendum's reason and text.
func CheckAddendum(reason, body string) (string, string, error) {
	reason = strings.Join(strings.Fields(reason), " ")
	body = strings.TrimSpace(strings.ReplaceAll(body, "\r\n", "\n"))
	p := Problems{}
	switch {
	case reason == "":
		p.Add("reason", "Say why the addendum is added (for example: a correction, late information).")
	case utf8.RuneCountInString(reason) > MaxAddendumReason:
		p.Add("reason", fmt.Sprintf("Use at most %d characters.", MaxAddendumReason))
	}
	switch {
	case body == "":
		p.Add("body", "Write the addendum's text.")
	case len(body) > MaxNoteBody:
		p.Add("body", fmt.Sprintf("An addendum holds at most %d KB.", MaxNoteBody/1024))
	case !utf8.ValidString(body):
		p.Add("body", "The text is not valid UTF-8.")
	}
	return reason, body, p.Err()
}

// NoteFilter narrows a chart's notes list; After is the key of the last note of the previous page.
type NoteFilter struct {
	State    NoteState // "" for both
	Template string    // "" for any
	// Before pages older: the notes after this (service date, id) in newest-first order; Since pages
	// newer: the ones before it. At most one is set.
	Before, Since *NoteKey
	Limit         int
}

// NoteKey is a note's place in the newest-first order.
type NoteKey struct {
	ServiceDate, ID string
}

// String writes the key as a cursor ("2026-01-31~id").
func (k NoteKey) String() string { return k.ServiceDate + "~" + k.ID }

// ParseNoteKey reads a cursor written by String.
func ParseNoteKey(s string) (NoteKey, bool) {
	d, id, ok := strings.Cut(s, "~")
	if !ok {
		return NoteKey{}, false
	}
	if _, err := time.Parse(time.DateOnly, d); err != nil || id == "" || len(id) > 64 {
		return NoteKey{}, false
	}
	return NoteKey{d, id}, true
}
