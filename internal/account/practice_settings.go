package account

import (
	"context"
	"fmt"
	"strings"

	"tend/internal/authz"
	"tend/internal/model"
	"tend/internal/store"
)

// Practice returns the principal's practice.
func (s *Service) Practice(ctx context.Context, p model.Principal) (model.Practice, error) {
	return store.PracticeByID(ctx, s.Store.R(), p.PracticeID)
}

// ChangePracticeSettings changes some of the practice's settings (name, time zone, idle timeout,
// visibility rule, two-step sign-in for everyone, date format, portal banner, cancellation policy, crisis text) in one transaction; fields left nil stay as they are. Owners and admins only.
func (s *Service) ChangePracticeSettings(ctx context.Context, p model.Principal, ch model.PracticeSettingsChange) (model.Practice, error) {
	if !authz.PracticeWide(p, authz.Change, authz.PracticeSettings) {
		return model.Practice{}, model.ErrForbidden
	}
	var out model.Practice
	err := s.Store.Tx(ctx, func(q store.Q) error {
		if err := store.LockPractice(ctx, q, p.PracticeID); err != nil {
			return err
		}
		before, err := store.PracticeByID(ctx, q, p.PracticeID)
		if err != nil {
			return err
		}
		set := ch.Apply(before)
		set.Normalize()
		if err := set.Validate(); err != nil {
			return err
		}
		if set.RequireTwoStep && !before.RequireTwoStep {
			if err := requireTwoStepOfSelf(ctx, q, p); err != nil {
				return err
			}
		}
		if err := store.UpdatePracticeSettings(ctx, q, p.PracticeID, set); err != nil {
			return err
		}
		if out, err = store.PracticeByID(ctx, q, p.PracticeID); err != nil {
			return err
		}
		e := s.event(p, "practice.update", "practice", p.PracticeID)
		e.Detail = settingsDiff(before, out)
		return s.Audit.Append(ctx, q, e)
	})
	if err != nil {
		return model.Practice{}, fmt.Errorf("account: change practice settings: %w", err)
	}
	return out, nil
}

func settingsDiff(a, b model.Practice) string {
	var parts []string
	if a.Name != b.Name {
		parts = append(parts, "name")
	}
	if a.TimeZone != b.TimeZone {
		parts = append(parts, "time_zone="+b.TimeZone)
	}
	if a.IdleTimeout != b.IdleTimeout {
		parts = append(parts, fmt.Sprintf("idle_timeout=%dm", int(b.IdleTimeout.Minutes())))
	}
	if a.CliniciansSeeAll != b.CliniciansSeeAll {
		parts = append(parts, fmt.Sprintf("clinicians_see_all=%t", b.CliniciansSeeAll))
	}
	if a.IntakeAsksLegalSex != b.IntakeAsksLegalSex {
		parts = append(parts, fmt.Sprintf("intake_asks_legal_sex=%t", b.IntakeAsksLegalSex))
	}
	if a.RequireTwoStep != b.RequireTwoStep {
		parts = append(parts, fmt.Sprintf("require_two_step=%t", b.RequireTwoStep))
	}
	if a.AdminSeesClinical != b.AdminSeesClinical {
		parts = append(parts, fmt.Sprintf("admin_sees_clinical=%t", b.AdminSeesClinical))
	}
	if a.IntakeConfirmsOnFile != b.IntakeConfirmsOnFile {
		parts = append(parts, fmt.Sprintf("intake_confirms_on_file=%t", b.IntakeConfirmsOnFile))
	}
	if a.SelfRegistration != b.SelfRegistration {
		parts = append(parts, fmt.Sprintf("portal_self_registration=%t", b.SelfRegistration))
	}
	if a.DateFormat != b.DateFormat {
		parts = append(parts, "date_format="+string(b.DateFormat))
	}
	if a.PortalBanner != b.PortalBanner {
		parts = append(parts, "portal_banner") // the text stays out of the log, as the name does
	}
	if a.CancellationPolicy != b.CancellationPolicy {
		parts = append(parts, "cancellation_policy")
	}
	if a.CrisisText != b.CrisisText {
		parts = append(parts, "crisis_text") // the words themselves stay out of the audit log
	}
	if a.LateNoteDays != b.LateNoteDays {
		parts = append(parts, fmt.Sprintf("late_note_days=%d", b.LateNoteDays))
	}
	if a.PlanReviewNoticeDays != b.PlanReviewNoticeDays {
		parts = append(parts, fmt.Sprintf("plan_review_notice_days=%d", b.PlanReviewNoticeDays))
	}
	if a.PlanDraftsExternal != b.PlanDraftsExternal {
		parts = append(parts, fmt.Sprintf("plan_drafts_external=%t", b.PlanDraftsExternal))
	}
	if a.ReminderLeadHours != b.ReminderLeadHours {
		parts = append(parts, "reminder_lead_hours="+strings.ReplaceAll(b.ReminderLeadHours, " ", ""))
	}
	if a.ReminderNamesService != b.ReminderNamesService {
		parts = append(parts, fmt.Sprintf("reminder_names_service=%t", b.ReminderNamesService))
	}
	if a.FeedClientNames != b.FeedClientNames {
		parts = append(parts, fmt.Sprintf("feed_client_names=%t", b.FeedClientNames))
	}
	if a.MessageNoticeNames != b.MessageNoticeNames {
		parts = append(parts, fmt.Sprintf("message_notice_names=%t", b.MessageNoticeNames))
	}
	if a.NoShowFee != b.NoShowFee || a.NoShowFeeCents != b.NoShowFeeCents {
		parts = append(parts, fmt.Sprintf("no_show_fee=%s no_show_fee_cents=%d", b.NoShowFee, b.NoShowFeeCents))
	}
	return strings.Join(parts, " ")
}

// requireTwoStepOfSelf refuses to require two-step sign-in of the practice while the person asking has
// not set it up: they would be sent to set it up at once anyway, and should know it works first.
func requireTwoStepOfSelf(ctx context.Context, q store.Q, p model.Principal) error {
	st, err := store.StaffByID(ctx, q, p.PracticeID, p.StaffID)
	if err != nil {
		return err
	}
	if !st.TwoStepOn() {
		return model.FieldError("require_two_step", "Set up two-step sign-in for your own account first (Settings → Two-step sign-in), then require it of everyone.")
	}
	return nil
}
