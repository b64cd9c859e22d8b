package account

import (
	"context"
	"fmt"
	"time"

	"tend/internal/mail"
	"tend/internal/model"
	"tend/internal/outbox"
	"tend/internal/store"
)

// noticeLockout emails a staff member whose sign-in wrong passwords have paused, at most once in
// LockoutNoticeQuiet. Nothing is sent for an email without an account, or without mail.
func (s *Service) noticeLockout(ctx context.Context, staff model.Staff, norm string) error {
	if staff.ID == "" || !staff.Active || s.Mail == nil {
		return nil
	}
	draft := outbox.Draft{PracticeID: staff.PracticeID, To: staff.Email}
	err := s.Store.Tx(ctx, func(q store.Q) error {
		return QueueLockoutNotice(ctx, q, s.Mail, mail.StaffSignInPaused, model.RealmStaff, norm, draft,
			s.BaseURL+"/login/forgot", s.now())
	})
	if err != nil {
		return fmt.Errorf("account: lockout notice: %w", err)
	}
	return nil
}

// QueueLockoutNotice queues the message tmpl to draft.To, in q, unless a notice about the same realm and
// email went out within LockoutNoticeQuiet. Staff and the portal share it.
func QueueLockoutNotice(ctx context.Context, q store.Q, ob *outbox.Outbox, tmpl mail.Template, realm, norm string,
	draft outbox.Draft, forgotLink string, now time.Time) error {
	ok, err := store.ClaimLockoutNotice(ctx, q, realm, norm, now, now.Add(-LockoutNoticeQuiet))
	if err != nil || !ok {
		return err
	}
	draft.Subject, draft.Text, draft.HTML, err = mail.Render(tmpl, map[string]any{
		"Attempts": ThrottleAttempts, "Minutes": int(ThrottleWindow.Minutes()), "ForgotLink": forgotLink})
	if err != nil {
		return err
	}
	_, err = ob.Queue(ctx, q, draft)
	return err
}
