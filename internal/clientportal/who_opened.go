package clientportal

import (
	"context"
	"fmt"
	"slices"
	"time"

	"tend/internal/authz"
	"tend/internal/model"
	"tend/internal/store"
)

// openedLimit bounds the staff events one "who opened my record" page groups. When a chart has more,
// the oldest day shown could be counted short, so it is left out and the page says older activity is
// not shown.
const openedLimit = 5000

// Opened is "who opened my record" for one chart (PT-11): the staff's views and changes from the audit
// log, by day in the practice's time zone and by role, never by name (issue 13, item 13).
type Opened struct {
	Access store.AccountAccess
	Days   []OpenedDay // newest first
	More   bool        // older events exist than those grouped here
}

// OpenedDay is one day's lines.
type OpenedDay struct {
	Day   time.Time // midnight of the day in the practice's time zone
	Lines []OpenedLine
}

// OpenedLine is what one role did on one day, or the practice's setup work on the day the chart was
// added, which reads as one line however many steps it took.
type OpenedLine struct {
	Who     string // your_clinician, or the staff role: owner, admin, clinician, supervisor, billing; "practice" for setup
	Views   int
	Changes int
	Setup   bool
	Summary string // the line as the person reads it, without the day: "Your clinician viewed your record, 3 times"
}

// WhoOpened groups the staff events of a chart the person may see who opened (the client, a guardian,
// a group member; not another contact), and audits that they looked. Any other access is
// model.ErrNotFound.
func (s *Service) WhoOpened(ctx context.Context, pp model.PortalPrincipal, accessID string) (Opened, error) {
	acc, err := s.open(ctx, pp, accessID, authz.AuditLog)
	if err != nil {
		return Opened{}, err
	}
	// The spool first, then the log: an event moved between the two reads is in both, and counted once.
	var waiting []model.AuditEvent
	if s.Waiting != nil {
		if waiting, err = s.Waiting(ctx, acc.PracticeID, acc.ChartID); err != nil {
			return Opened{}, fmt.Errorf("clientportal: who opened: %w", err)
		}
	}
	chart, err := store.ClientByID(ctx, s.Store.R(), acc.PracticeID, acc.ChartID)
	if err != nil {
		return Opened{}, fmt.Errorf("clientportal: who opened: %w", err)
	}
	events, err := store.ChartStaffEvents(ctx, s.Store.R(), acc.PracticeID, acc.ChartID, openedLimit)
	if err != nil {
		return Opened{}, fmt.Errorf("clientportal: who opened: %w", err)
	}
	events = withWaiting(events, waiting)
	loc := acc.Loc.Zone
	if loc == nil {
		loc = time.UTC
	}
	out := Opened{Access: acc, More: len(events) == openedLimit}
	out.Days = groupOpened(events, loc, chart.CreatedAt, chart.AssignedClinicianID, acc.Role == model.AccessSelf)
	if out.More && len(out.Days) > 1 {
		out.Days = out.Days[:len(out.Days)-1]
	}
	e := s.event(acc.PracticeID, pp.AccountID, pp.IP, "portal.opened.view", "portal_access", acc.ID)
	e.ChartID = acc.ChartID
	return out, s.recordRead(ctx, e)
}

// withWaiting adds the staff's successful events still waiting in the spool to those of the log (newest
// first), each once, and keeps the newest openedLimit.
func withWaiting(events []store.ChartStaffEvent, waiting []model.AuditEvent) []store.ChartStaffEvent {
	if len(waiting) == 0 {
		return events
	}
	inLog := make(map[string]bool, len(events))
	for _, e := range events {
		inLog[e.ID] = true
	}
	var out []store.ChartStaffEvent
	for _, w := range waiting {
		if w.ActorType != model.ActorStaff || (w.Outcome != "" && w.Outcome != model.OutcomeSuccess) || inLog[w.ID] {
			continue
		}
		out = append(out, store.ChartStaffEvent{ID: w.ID, At: w.At, ActorID: w.ActorID, Role: w.ActorRole, Action: w.Action})
	}
	// Waiting events are the newest: at the same millisecond they go before those already in the log.
	out = append(out, events...)
	slices.SortStableFunc(out, func(a, b store.ChartStaffEvent) int { return b.At.Compare(a.At) })
	return out[:min(len(out), openedLimit)]
}

// groupOpened turns events, newest first, into days and lines. Every staff event on the day the chart
// was created is the practice setting it up: one line, so a new client is not met by a dozen entries
// of their intake being typed in. On other days a line per role, the chart's own clinician apart from
// other clinicians, in the order of each one's latest event.
func groupOpened(events []store.ChartStaffEvent, loc *time.Location, created time.Time, clinicianID string, self bool) []OpenedDay {
	dayOf := func(t time.Time) time.Time {
		y, m, d := t.In(loc).Date()
		return time.Date(y, m, d, 0, 0, 0, 0, loc)
	}
	setupDay := dayOf(created)
	var days []OpenedDay
	for _, e := range events {
		day := dayOf(e.At)
		if len(days) == 0 || !days[len(days)-1].Day.Equal(day) {
			days = append(days, OpenedDay{Day: day})
		}
		d := &days[len(days)-1]
		who := e.Role
		switch {
		case !created.IsZero() && day.Equal(setupDay):
			who = "practice"
		case clinicianID != "" && e.ActorID == clinicianID:
			who = "your_clinician"
		}
		i := 0
		for i < len(d.Lines) && d.Lines[i].Who != who {
			i++
		}
		if i == len(d.Lines) {
			d.Lines = append(d.Lines, OpenedLine{Who: who, Setup: who == "practice"})
		}
		if e.IsChange() {
			d.Lines[i].Changes++
		} else {
			d.Lines[i].Views++
		}
	}
	for i := range days {
		for j := range days[i].Lines {
			days[i].Lines[j].Summary = days[i].Lines[j].summary(self, clinicianID != "")
		}
	}
	return days
}

// summary says the line in words: whose record is "your record" for the client, "the record" for a
// guardian or a group member; a clinician is "another" only when the chart has its own.
func (l OpenedLine) summary(self, hasClinician bool) string {
	record := "the record"
	if self {
		record = "your record"
	}
	if l.Setup {
		return "The practice set up " + record
	}
	who := map[string]string{
		"owner":      "The practice owner",
		"admin":      "An administrator",
		"clinician":  "Another clinician",
		"supervisor": "A clinical supervisor",
		"billing":    "Billing staff",
	}[l.Who]
	switch {
	case l.Who == "your_clinician" && self:
		who = "Your clinician"
	case l.Who == "your_clinician":
		who = "The assigned clinician"
	case l.Who == "clinician" && !hasClinician:
		who = "A clinician"
	case who == "":
		who = "Someone at the practice"
	}
	switch {
	case l.Changes == 0:
		return fmt.Sprintf("%s viewed %s, %s", who, record, times(l.Views))
	case l.Views == 0:
		return fmt.Sprintf("%s changed %s, %s", who, record, times(l.Changes))
	}
	return fmt.Sprintf("%s viewed %s %s and changed it %s", who, record, times(l.Views), times(l.Changes))
}

func times(n int) string {
	switch n {
	case 1:
		return "once"
	case 2:
		return "twice"
	}
	return fmt.Sprintf("%d times", n)
}
