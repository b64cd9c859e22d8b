package overview

import (
	"context"
	"errors"
	"time"

	"tend/internal/model"
)

// The blocks below come from use cases other than this one (clinical information, session notes). Each
// is a function field of Service: nil means the block is not built or not wired, and the Overview leaves
// it out (no empty box, no placeholder). A source must apply its own policy: when the person may not see
// what it holds, it answers an error wrapping model.ErrNotFound or model.ErrForbidden, and the block is
// left out for them rather than shown empty. Any other error fails the Overview.

// DiagnosesFunc lists a chart's active diagnoses, primary first.
type DiagnosesFunc func(ctx context.Context, p model.Principal, chartID string) ([]Diagnosis, error)

// NotesFunc reads, in one audited read, what the Overview shows of a chart's session notes: up to n of
// the latest (their state, never their body), the drafts waiting for a signature (up to DraftsLimit),
// and the flags they raise (late notes).
type NotesFunc func(ctx context.Context, p model.Principal, chartID string, n int) (NoteBlocks, error)

// NoteBlocks are the Overview's blocks about session notes.
type NoteBlocks struct {
	Recent []Note // newest first
	Drafts []Note
	Flags  []Flag
}

// PlansFunc reads, in one audited read, a chart's active treatment plans and the flags they raise (a
// review date that has come).
type PlansFunc func(ctx context.Context, p model.Principal, chartID string) (PlanBlock, error)

// PlanBlock is the Overview's Treatment plan block.
type PlanBlock struct {
	Plans     []Plan // the active plans, newest first
	CanChange bool   // the person may set up and change plans (an empty block says how)
	Flags     []Flag
}

// Plan is an active treatment plan as the Overview shows it: its title, version, review date and who
// signed its newest version, never what it says.
type Plan struct {
	ID              string
	Title           string
	Version         int
	ReviewDate      string // YYYY-MM-DD, a calendar day; "" for none
	ReviewDue       bool   // the review date has come
	ClinicianSigned bool   // the newest version carries the clinician's signature
	ClientSigned    bool   // and the client's
	Shared          bool   // shared to the portal
}

// NextFunc reads, in one audited read, a chart's next scheduled appointment: nil when none is booked.
type NextFunc func(ctx context.Context, p model.Principal, chartID string) (*NextAppointment, error)

// NextAppointment is the chart's next scheduled session as the Overview shows it (issue 16, item 8).
type NextAppointment struct {
	ID              string
	StartsAt        time.Time // UTC
	Local           time.Time // StartsAt in the practice's time zone
	DurationMinutes int
	ClinicianName   string
	ServiceName     string
	LocationKind    string // model.LocationOffice or model.LocationTelehealth
	Location        string
}

// FlagsFunc lists further things needing attention on a chart (late notes, say).
type FlagsFunc func(ctx context.Context, p model.Principal, chartID string) ([]Flag, error)

// Diagnosis is one active diagnosis as the Overview shows it.
type Diagnosis struct {
	ID          string
	Code        string // ICD-10-CM
	Description string // the code's official description
	Label       string // the clinician's own words, or ""
	Primary     bool
	Onset       string // YYYY-MM-DD, a calendar day; "" when not recorded
}

// Note is a session note as the Overview shows it: what it is and where it stands, never what it says.
type Note struct {
	ID          string
	Date        string // date of service, YYYY-MM-DD: a calendar day, not a moment
	Kind        string // the template or service type ("SOAP", "Intake"…)
	State       string // e.g. draft, signed, cosign_needed
	StateLabel  string // the state as people read it
	AuthorName  string
	Late        bool // unsigned past the practice's late-note days
	NeedsCosign bool // waiting for the supervisor's co-signature
}

// hidden reports whether a source refused the person: the block is then left out for them.
func hidden(err error) bool {
	return errors.Is(err, model.ErrNotFound) || errors.Is(err, model.ErrForbidden)
}
