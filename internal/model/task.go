package model

import (
	"strings"
	"time"
	"unicode/utf8"
)

// Limits of a task (TK-1).
const (
	MaxTaskTitle        = 200       // characters
	MaxTaskInstructions = 20 * 1024 // bytes of Markdown
	MaxTaskReply        = 2000      // characters of the client's reply
)

// TaskStatus is where a task stands.
type TaskStatus string

// The statuses: open until the client (or, for a private to-do, staff) marks it done; staff may reopen it.
const (
	TaskOpen TaskStatus = "open"
	TaskDone TaskStatus = "done"
)

// Task is homework or a to-do on a chart (TK-1). On a couple or family chart PersonID is the one member
// it is for (private to them and staff, PT-12), "" the whole chart. A Private task is a staff to-do the
// portal never shows.
type Task struct {
	ID                string
	PracticeID        string
	ChartID           string
	PersonID          string
	Private           bool
	Title             string
	Instructions      string // Markdown
	DueOn             string // YYYY-MM-DD in the practice's calendar, "" for none
	DocumentRequestID string // a document request of the chart to go with it, "" for none
	FileID            string // an attachment, once files are wired to tasks; "" for none
	Status            TaskStatus
	DoneAt            time.Time
	DoneByAccountID   string // the portal account that marked it done
	DoneByStaffID     string // or the staff member
	Reply             string // the client's reply, plain text
	CreatedBy         string
	CreatedAt         time.Time
	UpdatedAt         time.Time
}

// Done reports whether the task is marked done.
func (t Task) Done() bool { return t.Status == TaskDone }

// Overdue reports whether the task is open and its due day is before today (YYYY-MM-DD).
func (t Task) Overdue(today string) bool {
	return t.Status == TaskOpen && t.DueOn != "" && t.DueOn < today
}

// TaskChange is a new task or an edit; nil fields stay as they are.
type TaskChange struct {
	Title        *string
	Instructions *string
	DueOn        *string
	Private      *bool
	// ConfirmPastDue keeps a due day before today: without it such a day is refused with a warning.
	ConfirmPastDue bool
}

// Apply checks the change and puts it on t; problems name the fields title, instructions, due_on and
// confirm_past_due. today is the practice's date (YYYY-MM-DD): a due day before it is most likely a
// typo, so it is kept only once confirmed, and only when it changes.
func (ch TaskChange) Apply(t *Task, today string) error {
	p := Problems{}
	if ch.Title != nil {
		t.Title = strings.TrimSpace(*ch.Title)
	}
	if ch.Instructions != nil {
		t.Instructions = strings.TrimSpace(*ch.Instructions)
	}
	if ch.Private != nil {
		t.Private = *ch.Private
	}
	switch {
	case t.Title == "":
		p.Add("title", "Give the task a title.")
	case utf8.RuneCountInString(t.Title) > MaxTaskTitle:
		p.Add("title", "Keep the title to 200 characters or fewer.")
	case strings.ContainsAny(t.Title, "\r\n"):
		p.Add("title", "Write the title on one line.")
	}
	switch {
	case len(t.Instructions) > MaxTaskInstructions:
		p.Add("instructions", "Keep the instructions under 20 KB. Shorten them, or attach a handout.")
	case !utf8.ValidString(t.Instructions):
		p.Add("instructions", "The instructions have characters that are not valid UTF-8.")
	}
	if ch.DueOn != nil {
		v := strings.TrimSpace(*ch.DueOn)
		d, err := time.Parse(time.DateOnly, v)
		switch {
		case v == "":
			t.DueOn = ""
		case err != nil:
			p.Add("due_on", "Enter a date as YYYY-MM-DD, for example 2026-03-14, or leave it empty.")
		case d.Year() < 2000 || d.Year() > 2200:
			p.Add("due_on", "Enter a date between 2000 and 2200.")
		case v < today && v != t.DueOn && !ch.ConfirmPastDue:
			p.Add("due_on", "This date is in the past, so the task is overdue at once. Check the date.")
			p.Add("confirm_past_due", "If the date is right, confirm it to keep it.")
		default:
			t.DueOn = v
		}
	}
	return p.Err()
}

// CleanReply checks a client's reply: plain text, at most MaxTaskReply characters.
func CleanReply(s string) (string, error) {
	s = strings.TrimSpace(strings.ReplaceAll(s, "\r\n", "\n"))
	switch {
	case !utf8.ValidString(s):
		return "", FieldError("reply", "The reply has characters that are not valid UTF-8.")
	case utf8.RuneCountInString(s) > MaxTaskReply:
		return "", FieldError("reply", "Keep the reply to 2,000 characters or fewer.")
	}
	return s, nil
}
