// Package reminders sends appointment reminders (AP-1, GR-4, MN-2, CT-2; issue 16, item 5). Booking,
// moving or cancelling an appointment rewrites its reminder rows in the same transaction (package
// appointments calls store.SyncAppointmentReminders); a periodic job, queued by the elected leader only,
// reads the rows that are due by their partial index, claims each (sets sent_at where it is still unset)
// and queues its emails through the outbox in that one transaction. A crash before the commit loses the
// claim and the emails together, a crash after it keeps both, and another instance's claim of the same
// row finds it taken: each reminder goes once.
package reminders

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/riverqueue/river"

	"tend/internal/audit"
	"tend/internal/jobs"
	"tend/internal/mail"
	"tend/internal/model"
	"tend/internal/outbox"
	"tend/internal/store"
)

// Service sends due reminders.
type Service struct {
	Store *store.Store
	Audit *audit.Log
	// Mail queues the emails; nil claims the reminders and sends nothing.
	Mail *outbox.Outbox
	Now  func() time.Time
}

// Kind is the periodic job that sends due reminders.
const Kind = "appointments.reminders"

// Every is how often the leader queues the job: a reminder goes at most this long after its time.
const Every = time.Minute

// batch bounds the reminders one transaction claims; a run takes batches until none is due.
const batch = 100

// Args is the job's (empty) payload.
type Args struct{}

// Kind names the job kind for River.
func (Args) Kind() string { return Kind }

// InsertOpts makes the job unique while one waits or runs, so instances never pile them up.
func (Args) InsertOpts() river.InsertOpts {
	return jobs.OneAtATime()
}

// Worker runs the job.
type Worker struct {
	river.WorkerDefaults[Args]
	Reminders *Service
}

// Work sends every due reminder.
func (w *Worker) Work(ctx context.Context, _ *river.Job[Args]) error {
	_, err := w.Reminders.SendDue(ctx)
	return err
}

// Job is the periodic job for River: queued every Every, and at start, by the elected leader only.
func Job() *river.PeriodicJob {
	return jobs.Periodic(Kind, Every, Args{})
}

func (s *Service) now() time.Time { return s.Now().UTC().Truncate(time.Millisecond) }

// SendDue sends the reminders whose time has come and returns how many emails it queued. The work is
// the due reminders' alone: it never reads appointments that have none due.
func (s *Service) SendDue(ctx context.Context) (int, error) {
	sent := 0
	for {
		n, more, err := s.sendBatch(ctx)
		sent += n
		if err != nil {
			return sent, fmt.Errorf("reminders: send: %w", err)
		}
		if !more {
			return sent, nil
		}
	}
}

// sendBatch claims up to batch due reminders and queues their emails in one transaction, and says
// whether more may be due.
func (s *Service) sendBatch(ctx context.Context) (int, bool, error) {
	sent, more := 0, false
	err := s.Store.Tx(ctx, func(q store.Q) error {
		var err error
		sent, more, err = s.claimAndQueue(ctx, q)
		return err
	})
	return sent, more, err
}

// claimAndQueue claims up to batch due reminders and queues their emails in q, which the caller commits
// as one: what it claims and what it queues are saved together or not at all.
func (s *Service) claimAndQueue(ctx context.Context, q store.Q) (int, bool, error) {
	now := s.now()
	due, err := store.DueReminders(ctx, q, now, batch)
	if err != nil {
		return 0, false, err
	}
	sent := 0
	for _, d := range due {
		ok, err := store.ClaimReminder(ctx, q, d.Appointment.ID, d.LeadMinutes, now)
		if err != nil {
			return 0, false, err
		}
		if !ok {
			continue // another instance sent it
		}
		n, err := s.remind(ctx, q, d, now)
		if err != nil {
			return 0, false, fmt.Errorf("appointment %s: %w", d.Appointment.ID, err)
		}
		sent += n
	}
	return sent, len(due) == batch, nil
}

// remind queues one claimed reminder's emails, records how many, and audits it with ids only. An
// appointment that has started already (the server was down through the reminder's time) or is no longer
// scheduled gets none.
func (s *Service) remind(ctx context.Context, q store.Q, d store.DueReminder, now time.Time) (int, error) {
	a := d.Appointment
	e := model.AuditEvent{PracticeID: a.PracticeID, At: now, ActorType: model.ActorSystem, Action: "appointment.reminder",
		RecordType: "appointment", RecordID: a.ID, ChartID: a.ChartID, Outcome: model.OutcomeSuccess}
	var ids []string
	skipped := ""
	switch {
	case a.Status != model.AppointmentScheduled:
		skipped = " skipped=not_scheduled"
	case !a.StartsAt.After(now):
		skipped = " skipped=started"
	default:
		to, err := store.ReminderRecipients(ctx, q, a.ChartID)
		if err != nil {
			return 0, err
		}
		if s.Mail != nil && len(to) > 0 {
			pr, err := store.PracticeByID(ctx, q, a.PracticeID)
			if err != nil {
				return 0, err
			}
			subject, text, html, err := mail.Render(mail.AppointmentReminder, Content(pr, a))
			if err != nil {
				return 0, err
			}
			for _, r := range to {
				if _, err := s.Mail.Queue(ctx, q, outbox.Draft{PracticeID: a.PracticeID, To: r.Email, Subject: subject, Text: text, HTML: html}); err != nil {
					return 0, err
				}
				ids = append(ids, r.PersonID)
			}
		}
	}
	if err := store.SetReminderEmailed(ctx, q, a.ID, d.LeadMinutes, len(ids)); err != nil {
		return 0, err
	}
	if len(ids) == 0 && skipped == "" {
		e.Outcome = model.OutcomeFailure // nobody on the chart has an address to remind
	}
	e.Detail = fmt.Sprintf("lead_minutes=%d emailed=%s%s", d.LeadMinutes, strings.Join(ids, ","), skipped)
	return len(ids), s.Audit.Append(ctx, q, e)
}

// Content is what a reminder email says of an appointment: the practice, the date and time in the
// practice's time zone and date format, and where (the office, or the video link). The service only when
// the practice allows it; never the client's name or anything clinical.
func Content(pr model.Practice, a store.AppointmentRow) map[string]any {
	loc := pr.Locale()
	start := loc.In(a.StartsAt)
	data := map[string]any{"Practice": pr.Name, "Date": loc.Date(a.StartsAt), "Time": loc.Clock(a.StartsAt) + " " + start.Format("MST"),
		"Online": false, "Where": "", "Video": "", "Service": ""}
	if a.LocationKind == model.LocationTelehealth {
		data["Online"], data["Video"] = true, a.Location
	} else {
		data["Where"] = a.Location
	}
	if pr.ReminderNamesService {
		data["Service"] = a.ServiceName
	}
	return data
}
