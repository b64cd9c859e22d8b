// Package overview is a chart at a glance (CL-10): who the client is, what needs attention, the latest
// assessment scores and their trend, the documents waiting, and the clinical blocks other use cases
// provide (active diagnoses, recent notes, drafts to sign). The chart's Overview tab and
// GET /api/v1/clients/{id}/overview both read it. A block the person may not see is left out, never
// shown empty.
package overview

import (
	"context"
	"fmt"
	"time"

	"tend/internal/audit"
	"tend/internal/authz"
	"tend/internal/clients"
	"tend/internal/model"
	"tend/internal/store"
)

// Limits of the Overview's lists.
const (
	DocumentsLimit  = 5  // open documents, and unreviewed documents, each
	PointsPerSeries = 12 // scores drawn in an assessment's trend
	RecentNotes     = 3  // the latest notes shown
	DraftsLimit     = 10 // drafts waiting for a signature, and late notes, shown
)

// Service reads the Overview from the use cases that own each part.
type Service struct {
	Clients *clients.Service
	Store   *store.Store
	Audit   *audit.Log
	// Reads records the audit event of the read (see clients.Service.Reads); nil appends it itself.
	Reads audit.ReadRecorder
	Now   func() time.Time

	// The clinical blocks (see sources.go); nil leaves a block out.
	ActiveDiagnoses DiagnosesFunc
	Notes           NotesFunc // the latest notes, drafts and late notes, in one read
	Plans           PlansFunc // the active treatment plans and their review flags, in one read
	Next            NextFunc  // the next scheduled appointment
	// Tasks counts the chart's open and overdue tasks (TK-1); nil leaves the block out.
	Tasks TasksFunc
	// MoreFlags add their items to the Flags block.
	MoreFlags []FlagsFunc
}

// Overview is a chart at a glance. A Shows… flag false means the block is left out: the person may not
// see it, or the part of Tend that fills it is not there.
type Overview struct {
	Chart         clients.View
	ClinicianName string // "" when no clinician is assigned
	Age           int    // on the practice's today; -1 without a birth date

	// Flags is what needs attention on this chart, the most urgent first; the person sees only flags
	// about what they may see.
	Flags []Flag

	ShowsScores bool
	Scores      []Series // one per assessment and person, by name

	ShowsDocuments   bool
	Documents        Documents
	CanSendDocuments bool // the person may request documents on this chart now (Manage documentation)

	ShowsDiagnoses  bool
	Diagnoses       []Diagnosis
	CanAddDiagnoses bool // the person may change the chart's clinical information (an empty block says how)

	ShowsNotes    bool
	Notes         []Note // the RecentNotes latest
	CanWriteNotes bool   // the person may write a note on this chart (an empty block says how)

	ShowsDrafts bool
	Drafts      []Note

	ShowsPlans     bool
	Plans          []Plan
	CanChangePlans bool // the person may set up a plan (an empty block says how)

	ShowsNext bool
	Next      *NextAppointment // nil: no upcoming appointment

	ShowsTasks bool
	Tasks      TaskBlock
}

// Flag is one thing needing attention.
type Flag struct {
	Kind     string // see the Flag… constants; sources add their own
	Text     string
	RecordID string // the record it is about (a document request, a note), "" for the chart itself
}

// The kinds of flags the Overview raises itself.
const (
	FlagDocument       = "flagged_document" // a finished document whose answers need attention now (PHQ-9 item 9)
	FlagSetup          = "setup_incomplete" // the new client setup is not finished (CL-4)
	FlagNoGuardian     = "no_guardian"      // a minor's chart with no parent or guardian left (MN-1)
	FlagTooFewMembers  = "too_few_members"  // a couple or family chart with fewer than two members
	FlagEmailLookalike = "email_lookalike"  // the email looks like another record's
	FlagPlanReview     = "plan_review"      // an active treatment plan's review date has come (TP-1)
)

// Get opens a chart on its Overview; the chart view and the Overview are audited. A chart of another
// practice, or one the principal may not see, is model.ErrNotFound.
func (s *Service) Get(ctx context.Context, p model.Principal, chartID string) (Overview, error) {
	v, err := s.Clients.Get(ctx, p, chartID)
	if err != nil {
		return Overview{}, err
	}
	return s.Of(ctx, p, v)
}

// Of reads the Overview of a chart already opened with clients.Service.Get (which checked that p may see
// it and audited the view), and audits the Overview's read.
func (s *Service) Of(ctx context.Context, p model.Principal, v clients.View) (Overview, error) {
	o := Overview{Chart: v, Age: -1}
	pr, err := store.PracticeByID(ctx, s.Store.R(), p.PracticeID)
	if err != nil {
		return Overview{}, fmt.Errorf("overview: %w", err)
	}
	o.Age = v.Age(s.Now().In(pr.Location()))
	if v.AssignedClinicianID != "" {
		st, err := store.StaffByID(ctx, s.Store.R(), p.PracticeID, v.AssignedClinicianID)
		if err != nil {
			return Overview{}, fmt.Errorf("overview: clinician: %w", err)
		}
		o.ClinicianName = st.Name
	}
	if err := s.documents(ctx, p, &o); err != nil {
		return Overview{}, err
	}
	o.Flags = append(o.Flags, chartFlags(v)...)
	if err := s.clinical(ctx, p, &o); err != nil {
		return Overview{}, err
	}
	e := model.AuditEvent{PracticeID: p.PracticeID, At: s.Now().UTC(), ActorType: model.ActorStaff, ActorID: p.StaffID,
		ActorRole: string(p.Role), Action: "chart.overview.view", RecordType: "chart", RecordID: v.ID, ChartID: v.ID,
		IP: p.IP, Outcome: model.OutcomeSuccess}
	if err := audit.RecordRead(ctx, s.Reads, s.Store, s.Audit, e); err != nil {
		return Overview{}, fmt.Errorf("overview: %w", err)
	}
	return o, nil
}

// chartFlags are the chart's own things needing attention, which everyone who opens it may see.
func chartFlags(v clients.View) []Flag {
	var out []Flag
	if v.State != model.StateActive {
		return nil // nothing is expected of an inactive or archived chart
	}
	switch {
	case v.IsGroup() && len(v.Members) < 2:
		out = append(out, Flag{Kind: FlagTooFewMembers, Text: "This chart has fewer than two members. Add a member, or archive the chart."})
	case v.IsMinor() && len(v.Contacts) == 0:
		out = append(out, Flag{Kind: FlagNoGuardian, Text: "This minor has no parent or guardian on the chart. Add one as a contact."})
	}
	if v.Lookalike != nil {
		out = append(out, Flag{Kind: FlagEmailLookalike, Text: "The client's email looks like another record's. Check they are not the same person before finishing setup."})
	}
	if !v.SetupComplete() {
		out = append(out, Flag{Kind: FlagSetup, Text: "The new client setup is not finished."})
	}
	return out
}

// clinical fills the blocks other use cases provide, leaving out those not wired and those the person
// may not see.
func (s *Service) clinical(ctx context.Context, p model.Principal, o *Overview) error {
	id := o.Chart.ID
	if s.ActiveDiagnoses != nil {
		ds, err := s.ActiveDiagnoses(ctx, p, id)
		if err != nil && !hidden(err) {
			return fmt.Errorf("overview: diagnoses: %w", err)
		}
		if err == nil {
			o.Diagnoses, o.ShowsDiagnoses = ds, true
		}
	}
	// Billing staff never learn what notes a chart has; the policy says so whatever a source answers.
	notesAllowed := authz.PracticeWide(p, authz.View, authz.ClinicalNotes)
	o.CanWriteNotes = o.Chart.CanChange && authz.PracticeWide(p, authz.Change, authz.ClinicalNotes)
	o.CanAddDiagnoses = o.Chart.ChangesClinical // CL-8: the clinical information's own rule
	if s.Notes != nil && notesAllowed {
		nb, err := s.Notes(ctx, p, id, RecentNotes)
		if err != nil && !hidden(err) {
			return fmt.Errorf("overview: notes: %w", err)
		}
		if err == nil {
			o.Notes, o.ShowsNotes = nb.Recent[:min(len(nb.Recent), RecentNotes)], true
			o.Drafts, o.ShowsDrafts = nb.Drafts[:min(len(nb.Drafts), DraftsLimit)], true
			o.Flags = append(o.Flags, nb.Flags...)
		}
	}
	if s.Plans != nil {
		pb, err := s.Plans(ctx, p, id)
		if err != nil && !hidden(err) {
			return fmt.Errorf("overview: plans: %w", err)
		}
		if err == nil {
			o.Plans, o.CanChangePlans, o.ShowsPlans = pb.Plans, pb.CanChange && o.Chart.State == model.StateActive, true
			o.Flags = append(o.Flags, pb.Flags...)
		}
	}
	if s.Next != nil {
		na, err := s.Next(ctx, p, id)
		if err != nil && !hidden(err) {
			return fmt.Errorf("overview: next appointment: %w", err)
		}
		if err == nil {
			o.Next, o.ShowsNext = na, true
		}
	}
	if s.Tasks != nil {
		tb, err := s.Tasks(ctx, p, id)
		if err != nil && !hidden(err) {
			return fmt.Errorf("overview: tasks: %w", err)
		}
		if err == nil {
			o.Tasks, o.ShowsTasks = tb, true
		}
	}
	for _, f := range s.MoreFlags {
		fs, err := f(ctx, p, id)
		if err != nil && !hidden(err) {
			return fmt.Errorf("overview: flags: %w", err)
		}
		if err == nil {
			o.Flags = append(o.Flags, fs...)
		}
	}
	return nil
}
