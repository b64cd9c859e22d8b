package plans

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/riverqueue/river"

	"tend/internal/jobs"
	"tend/internal/mail"
	"tend/internal/model"
	"tend/internal/outbox"
	"tend/internal/store"
)

// Review reminders (TP-1, issue 15 item 4): a plan's clinician is emailed PlanReviewNoticeDays before its
// review date, once per date, through the outbox. The email says only that a plan on one of their charts
// comes up for review on a date, with a link behind staff sign-in: no client name, no diagnosis, no plan
// text.

// ReviewNoticeKind is the periodic job that emails plans' clinicians of coming reviews.
const ReviewNoticeKind = "plans.review_notice"

// ReviewNoticeEvery is how often the leader queues the sweep; each review date is announced once, so
// running often only makes the email come sooner after a date moves into range.
const ReviewNoticeEvery = 3 * time.Hour

// reviewNoticeBatch bounds the plans one practice's sweep handles in one transaction; the rest follow
// in the next batch of the same run.
const reviewNoticeBatch = 100

// ReviewNoticeArgs is the sweep's (empty) payload.
type ReviewNoticeArgs struct{}

// Kind names the job kind for River.
func (ReviewNoticeArgs) Kind() string { return ReviewNoticeKind }

// InsertOpts makes the sweep unique while one waits or runs, so instances never pile them up.
func (ReviewNoticeArgs) InsertOpts() river.InsertOpts {
	return jobs.OneAtATime()
}

// ReviewNoticeWorker runs the sweep. Plans is set once the service exists (workers are registered first).
type ReviewNoticeWorker struct {
	river.WorkerDefaults[ReviewNoticeArgs]
	Plans *Service
}

// Work emails the clinicians of every practice's plans coming up for review.
func (w *ReviewNoticeWorker) Work(ctx context.Context, _ *river.Job[ReviewNoticeArgs]) error {
	_, err := w.Plans.SendReviewNotices(ctx)
	return err
}

// ReviewNoticeJob is the periodic job for River: queued every ReviewNoticeEvery, and at start, by the
// elected leader only.
func ReviewNoticeJob() *river.PeriodicJob {
	return jobs.Periodic(ReviewNoticeKind, ReviewNoticeEvery, ReviewNoticeArgs{})
}

// SendReviewNotices emails, for each practice, the clinician of every active plan whose review date is
// within the practice's PlanReviewNoticeDays (today in its time zone included, and dates already past
// that were never announced), and returns how many emails it queued. Each plan is marked with the date
// announced in the email's transaction; another instance that got there first leaves it alone, so each
// date is announced once. A new review date is announced again when it comes within range.
func (s *Service) SendReviewNotices(ctx context.Context) (int, error) {
	prs, err := store.ListPractices(ctx, s.Store.R())
	if err != nil {
		return 0, fmt.Errorf("plans: review notices: %w", err)
	}
	sent := 0
	for _, pr := range prs {
		days := pr.PlanReviewNoticeDays
		if days <= 0 {
			days = model.DefaultPlanReviewNoticeDays
		}
		upTo := s.Now().In(pr.Location()).AddDate(0, 0, days).Format(time.DateOnly)
		for {
			n, more, err := s.reviewNoticeBatch(ctx, pr, upTo)
			sent += n
			if err != nil {
				return sent, fmt.Errorf("plans: review notices of practice %s: %w", pr.ID, err)
			}
			if !more {
				break
			}
		}
	}
	return sent, nil
}

// reviewNoticeBatch announces up to reviewNoticeBatch plans of a practice in one transaction, and says
// whether more may wait.
func (s *Service) reviewNoticeBatch(ctx context.Context, pr model.Practice, upTo string) (int, bool, error) {
	sent, more := 0, false
	err := s.Store.Tx(ctx, func(q store.Q) error {
		sent = 0
		due, err := store.PlansDueForReviewNotice(ctx, q, pr.ID, upTo, reviewNoticeBatch)
		if err != nil {
			return err
		}
		more = len(due) == reviewNoticeBatch
		for _, d := range due {
			ok, err := store.MarkPlanReviewNoticed(ctx, q, d.Plan.ID, d.Plan.ReviewDate)
			if err != nil {
				return err
			}
			if !ok {
				continue // another instance announced this date
			}
			n, err := s.reviewNotice(ctx, q, pr, d)
			if err != nil {
				return err
			}
			sent += n
		}
		return nil
	})
	return sent, more, err
}

// reviewNotice queues the email about one plan to its chart's clinician (the practice's owners when the
// clinician no longer works there) and audits it with ids only.
func (s *Service) reviewNotice(ctx context.Context, q store.Q, pr model.Practice, d store.PlanReviewDue) (int, error) {
	to, err := reviewRecipients(ctx, q, pr.ID, d.ClinicianID)
	if err != nil {
		return 0, err
	}
	e := model.AuditEvent{PracticeID: pr.ID, At: s.now(), ActorType: model.ActorSystem, Action: "chart.plan.review_notice",
		RecordType: recordType, RecordID: d.Plan.ID, ChartID: d.Plan.ChartID, Outcome: model.OutcomeSuccess}
	var ids []string
	if s.Mail != nil && len(to) > 0 {
		date, err := model.LocalDate(d.Plan.ReviewDate, pr.Locale())
		if err != nil {
			return 0, err
		}
		subject, text, html, err := mail.Render(mail.PlanReviewDue, map[string]any{"Date": date,
			"Link": s.BaseURL + "/clients/" + d.Plan.ChartID + "/plans/" + d.Plan.ID})
		if err != nil {
			return 0, err
		}
		for _, st := range to {
			if _, err := s.Mail.Queue(ctx, q, outbox.Draft{PracticeID: pr.ID, To: st.Email, Subject: subject, Text: text, HTML: html}); err != nil {
				return 0, err
			}
			ids = append(ids, st.ID)
		}
	}
	if len(ids) == 0 {
		e.Outcome = model.OutcomeFailure // nobody could be told; the plan still shows under Needs attention when due
	}
	e.Detail = fmt.Sprintf("review_date=%s emailed=%s", d.Plan.ReviewDate, strings.Join(ids, ","))
	return len(ids), s.Audit.Append(ctx, q, e)
}

// reviewRecipients is the chart's clinician while active, else the practice's active owners.
func reviewRecipients(ctx context.Context, q store.Q, practiceID, clinicianID string) ([]model.Staff, error) {
	st, err := store.StaffByID(ctx, q, practiceID, clinicianID)
	if err != nil {
		return nil, err
	}
	if st.Active {
		return []model.Staff{st}, nil
	}
	all, err := store.ListStaff(ctx, q, practiceID)
	if err != nil {
		return nil, err
	}
	var out []model.Staff
	for _, o := range all {
		if o.Active && o.Role == model.RoleOwner {
			out = append(out, o)
		}
	}
	return out, nil
}
