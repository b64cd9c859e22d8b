package model

import (
	"strings"
	"time"
	"unicode/utf8"
)

// MaxPrivateNoteBody is the largest psychotherapy note or reflection text, in bytes (issue 14: 100 KB).
const MaxPrivateNoteBody = 100 * 1024

// MaxReflectionTitle is the longest reflection title, in characters.
const MaxReflectionTitle = 200

// PsychotherapyNote is a clinician's process note about a session (45 CFR 164.501), kept apart from the
// rest of the record: only its author ever reads it, and nothing is signed.
type PsychotherapyNote struct {
	ID         string
	PracticeID string
	ChartID    string
	AuthorID   string
	Date       string // YYYY-MM-DD: the day the note is about
	Body       string
	CreatedAt  time.Time
	UpdatedAt  time.Time
}

// PsychotherapyNoteChange is a new note or an edit; nil fields stay as they are.
type PsychotherapyNoteChange struct {
	Date *string
	Body *string
}

// Apply checks the change and puts it on n; problems name the fields "date" and "body". today is the
// practice's current date, so a note is not dated more than a day ahead.
func (ch PsychotherapyNoteChange) Apply(n *PsychotherapyNote, today time.Time) error {
	p := Problems{}
	if ch.Date != nil {
		n.Date = strings.TrimSpace(*ch.Date)
	}
	if ch.Body != nil {
		n.Body = *ch.Body
	}
	checkNoteDate(n.Date, today, p)
	checkNoteBody(n.Body, "Write the note.", p)
	return p.Err()
}

// Reflection is a note written for the client (PT-6, PT-10): Markdown the portal shows while it is shared.
type Reflection struct {
	ID         string
	PracticeID string
	ChartID    string
	AuthorID   string
	Title      string
	Body       string // Markdown
	CreatedAt  time.Time
	UpdatedAt  time.Time
	SharedAt   time.Time // zero while not shared
	SharedBy   string
}

// Shared reports whether the client sees the reflection in the portal.
func (r Reflection) Shared() bool { return !r.SharedAt.IsZero() }

// ReflectionChange is a new reflection or an edit; nil fields stay as they are.
type ReflectionChange struct {
	Title *string
	Body  *string
}

// Apply checks the change and puts it on r; problems name the fields "title" and "body".
func (ch ReflectionChange) Apply(r *Reflection) error {
	p := Problems{}
	if ch.Title != nil {
		r.Title = strings.TrimSpace(*ch.Title)
	}
	if ch.Body != nil {
		r.Body = *ch.Body
	}
	switch {
	case r.Title == "":
		p.Add("title", "Give the reflection a title the client will see.")
	case utf8.RuneCountInString(r.Title) > MaxReflectionTitle:
		p.Add("title", "Keep the title to 200 characters or fewer.")
	case strings.ContainsAny(r.Title, "\r\n"):
		p.Add("title", "Write the title on one line.")
	}
	checkNoteBody(r.Body, "Write the reflection.", p)
	return p.Err()
}

// checkNoteDate wants a real date no more than a day after today.
func checkNoteDate(s string, today time.Time, p Problems) {
	if s == "" {
		p.Add("date", "Enter the date the note is about.")
		return
	}
	d, err := time.Parse(time.DateOnly, s)
	switch {
	case err != nil:
		p.Add("date", "Enter a date as YYYY-MM-DD, for example 2026-03-14.")
	case d.After(today.AddDate(0, 0, 1)):
		p.Add("date", "The date is in the future. Date the note on or before tomorrow.")
	case d.Year() < 1900:
		p.Add("date", "Enter a date after 1900.")
	}
}

// checkNoteBody wants some text, at most MaxPrivateNoteBody bytes.
func checkNoteBody(s, empty string, p Problems) {
	switch {
	case strings.TrimSpace(s) == "":
		p.Add("body", empty)
	case len(s) > MaxPrivateNoteBody:
		p.Add("body", "This is longer than 100 KB. Shorten it, or split it into two.")
	case !utf8.ValidString(s):
		p.Add("body", "The text has characters that are not valid UTF-8.")
	}
}
