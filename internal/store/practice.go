package store

import (
	"context"
	"fmt"
	"time"

	"tend/internal/db"
	"tend/internal/model"
)

const practiceCols = `id, name, slug, time_zone, idle_timeout_minutes, clinicians_see_all, created_at, portal_self_registration, intake_asks_legal_sex, require_two_step,
	date_format, portal_banner, cancellation_policy, crisis_text, intake_confirms_on_file, late_note_days`

// practiceRead is what practices are read with: practiceCols and the settings added after them, which a
// new practice takes from their defaults.
const practiceRead = practiceCols + `, admin_sees_clinical, plan_review_notice_days, plan_drafts_external,
	reminder_lead_hours, reminder_names_service, feed_client_names, no_show_fee, no_show_fee_cents, message_notice_names`

func scanPractice(s scanner) (model.Practice, error) {
	var p model.Practice
	var idle int
	var created int64
	var dateFormat string
	if err := s.Scan(&p.ID, &p.Name, &p.Slug, &p.TimeZone, &idle, &p.CliniciansSeeAll, &created, &p.SelfRegistration, &p.IntakeAsksLegalSex, &p.RequireTwoStep,
		&dateFormat, &p.PortalBanner, &p.CancellationPolicy, &p.CrisisText, &p.IntakeConfirmsOnFile,
		&p.LateNoteDays, &p.AdminSeesClinical, &p.PlanReviewNoticeDays, &p.PlanDraftsExternal,
		&p.ReminderLeadHours, &p.ReminderNamesService, &p.FeedClientNames, &p.NoShowFee, &p.NoShowFeeCents, &p.MessageNoticeNames); err != nil {
		return p, db.Classify(err)
	}
	p.DateFormat = model.DateFormat(dateFormat)
	p.IdleTimeout = time.Duration(idle) * time.Minute
	p.CreatedAt = fromMS(created)
	return p, nil
}

// InsertPractice adds a practice. A taken slug is model.ErrConflict.
func InsertPractice(ctx context.Context, q Q, p model.Practice) error {
	_, err := q.ExecContext(ctx, `INSERT INTO practices (`+practiceCols+`) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)`,
		p.ID, p.Name, p.Slug, p.TimeZone, int(p.IdleTimeout/time.Minute), p.CliniciansSeeAll, ms(p.CreatedAt), p.SelfRegistration, p.IntakeAsksLegalSex, p.RequireTwoStep,
		string(p.DateFormat), p.PortalBanner, p.CancellationPolicy, p.CrisisText, p.IntakeConfirmsOnFile, cmpOr(p.LateNoteDays, model.DefaultLateNoteDays))
	if err != nil {
		return fmt.Errorf("store: insert practice: %w", db.Classify(err))
	}
	return nil
}

// PracticeByID returns one practice, or model.ErrNotFound.
// A request reads it once (see WithMemo).
func PracticeByID(ctx context.Context, q Q, id string) (model.Practice, error) {
	return remembered(ctx, q, func(m *memo) *map[string]model.Practice { return &m.practices }, id, clonePractice, func() (model.Practice, error) {
		p, err := scanPractice(q.QueryRowContext(ctx, `SELECT `+practiceRead+` FROM practices WHERE id = $1`, id))
		if err != nil {
			return p, fmt.Errorf("store: practice %s: %w", id, err)
		}
		return p, nil
	})
}

// PracticeBySlug returns the practice with that slug, or model.ErrNotFound.
func PracticeBySlug(ctx context.Context, q Q, slug string) (model.Practice, error) {
	p, err := scanPractice(q.QueryRowContext(ctx, `SELECT `+practiceRead+` FROM practices WHERE slug = $1`, slug))
	if err != nil {
		return p, fmt.Errorf("store: practice by slug: %w", err)
	}
	return p, nil
}

// ListPractices returns every practice of the installation, oldest first.
func ListPractices(ctx context.Context, q Q) ([]model.Practice, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+practiceRead+` FROM practices ORDER BY created_at, id`)
	if err != nil {
		return nil, fmt.Errorf("store: list practices: %w", err)
	}
	defer rows.Close()
	var out []model.Practice
	for rows.Next() {
		p, err := scanPractice(rows)
		if err != nil {
			return nil, fmt.Errorf("store: list practices: %w", err)
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

// UpdatePracticeSettings stores changed settings of a practice.
func UpdatePracticeSettings(ctx context.Context, q Q, id string, s model.PracticeSettings) error {
	res, err := q.ExecContext(ctx, `UPDATE practices SET name = $1, time_zone = $2, idle_timeout_minutes = $3, clinicians_see_all = $4,
		portal_self_registration = $5, intake_asks_legal_sex = $6, require_two_step = $7,
		date_format = $9, portal_banner = $10, cancellation_policy = $11, crisis_text = $12 WHERE id = $8`, s.Name, s.TimeZone, s.IdleTimeoutMinutes, s.CliniciansSeeAll,
		s.SelfRegistration, s.IntakeAsksLegalSex, s.RequireTwoStep, id, string(s.DateFormat), s.PortalBanner, s.CancellationPolicy, s.CrisisText)
	if err != nil {
		return fmt.Errorf("store: update practice: %w", err)
	}
	if err := expectOne(res, "update practice"); err != nil {
		return err
	}
	// Issue 13, item 10: a setting of its own statement, so settings added alongside merge apart.
	if _, err := q.ExecContext(ctx, `UPDATE practices SET intake_confirms_on_file = $1 WHERE id = $2`, s.IntakeConfirmsOnFile, id); err != nil {
		return fmt.Errorf("store: update practice intake setting: %w", err)
	}
	// Issue 14, item 2: likewise.
	if _, err := q.ExecContext(ctx, `UPDATE practices SET admin_sees_clinical = $1 WHERE id = $2`, s.AdminSeesClinical, id); err != nil {
		return fmt.Errorf("store: update practice clinical setting: %w", err)
	}
	// Issue 14, item 3: when a session note is late.
	if _, err := q.ExecContext(ctx, `UPDATE practices SET late_note_days = $1 WHERE id = $2`, cmpOr(s.LateNoteDays, model.DefaultLateNoteDays), id); err != nil {
		return fmt.Errorf("store: update practice late-note setting: %w", err)
	}
	// Issue 15, items 4 and 6: the treatment-plan settings.
	if _, err := q.ExecContext(ctx, `UPDATE practices SET plan_review_notice_days = $1, plan_drafts_external = $2 WHERE id = $3`,
		cmpOr(s.PlanReviewNoticeDays, model.DefaultPlanReviewNoticeDays), s.PlanDraftsExternal, id); err != nil {
		return fmt.Errorf("store: update practice plan settings: %w", err)
	}
	// Issue 16, item 5: appointment reminders.
	if _, err := q.ExecContext(ctx, `UPDATE practices SET reminder_lead_hours = $1, reminder_names_service = $2 WHERE id = $3`,
		s.ReminderLeadHours, s.ReminderNamesService, id); err != nil {
		return fmt.Errorf("store: update practice reminder settings: %w", err)
	}
	// Issue 16, item 7: names or initials in the calendar feeds.
	if _, err := q.ExecContext(ctx, `UPDATE practices SET feed_client_names = $1 WHERE id = $2`, s.FeedClientNames, id); err != nil {
		return fmt.Errorf("store: update practice feed setting: %w", err)
	}
	// Issue 17, item 3: whether message notices name the writer.
	if _, err := q.ExecContext(ctx, `UPDATE practices SET message_notice_names = $1 WHERE id = $2`, s.MessageNoticeNames, id); err != nil {
		return fmt.Errorf("store: update practice message setting: %w", err)
	}
	// Issue 16, item 9: what a no-show costs.
	if _, err := q.ExecContext(ctx, `UPDATE practices SET no_show_fee = $1, no_show_fee_cents = $2 WHERE id = $3`,
		cmpOrStr(s.NoShowFee, model.NoShowFeeNone), s.NoShowFeeCents, id); err != nil {
		return fmt.Errorf("store: update practice no-show setting: %w", err)
	}
	return nil
}

// LockPractice holds the practice's row until the transaction ends, so checks across its staff (such as
// "one active owner remains") cannot race. Writing the row takes the lock on both engines.
func LockPractice(ctx context.Context, q Q, id string) error {
	res, err := q.ExecContext(ctx, `UPDATE practices SET id = id WHERE id = $1`, id)
	if err != nil {
		return fmt.Errorf("store: lock practice: %w", err)
	}
	return expectOne(res, "lock practice")
}

// cmpOr is v, or def when v is zero (a practice made before the setting existed in Go).
func cmpOr(v, def int) int {
	if v == 0 {
		return def
	}
	return v
}

// cmpOrStr is v, or def when v is "".
func cmpOrStr(v, def string) string {
	if v == "" {
		return def
	}
	return v
}
