package messaging

import (
	"context"
	"fmt"

	"tend/internal/mail"
	"tend/internal/model"
	"tend/internal/outbox"
	"tend/internal/store"
)

// The "a message is waiting" emails (MS-1). They say that a message waits and where to sign in: no text,
// no client name, no clinician name. Each side of a conversation gets at most one per NoticeEvery: the
// portal user when staff write, the chart's clinician when the portal user writes (nobody when the chart
// has no clinician; the inbox and badges still show it to the whole care team).

// noticeClient emails the conversation's portal user, unless one went out in the last NoticeEvery.
func (s *Service) noticeClient(ctx context.Context, q store.Q, cv model.Conversation, c model.Client) error {
	now := s.now()
	if s.Mail == nil || (!cv.ClientNoticeAt.IsZero() && now.Sub(cv.ClientNoticeAt) < NoticeEvery) {
		return nil
	}
	acct, _, err := store.PortalAccountByID(ctx, q, cv.PortalAccountID)
	if err != nil {
		return fmt.Errorf("messaging: notice: %w", err)
	}
	if err := s.queue(ctx, q, c.PracticeID, acct.Email, s.BaseURL+"/portal/login", false); err != nil {
		return err
	}
	return store.SetNoticeAt(ctx, q, cv.ID, true, now)
}

// noticeStaff emails the chart's clinician, unless one went out in the last NoticeEvery.
func (s *Service) noticeStaff(ctx context.Context, q store.Q, cv model.Conversation, c model.Client) error {
	now := s.now()
	if s.Mail == nil || c.AssignedClinicianID == "" || (!cv.StaffNoticeAt.IsZero() && now.Sub(cv.StaffNoticeAt) < NoticeEvery) {
		return nil
	}
	st, err := store.StaffByID(ctx, q, c.PracticeID, c.AssignedClinicianID)
	if err != nil {
		return fmt.Errorf("messaging: notice: %w", err)
	}
	if !st.Active || st.Email == "" {
		return nil
	}
	if err := s.queue(ctx, q, c.PracticeID, st.Email, s.BaseURL+"/messages/"+cv.ID, true); err != nil {
		return err
	}
	return store.SetNoticeAt(ctx, q, cv.ID, false, now)
}

func (s *Service) queue(ctx context.Context, q store.Q, practiceID, to, link string, toStaff bool) error {
	pr, err := store.PracticeByID(ctx, q, practiceID)
	if err != nil {
		return fmt.Errorf("messaging: notice: %w", err)
	}
	subject, text, body, err := mail.Render(mail.MessageWaiting, map[string]any{"Practice": pr.Name, "Link": link, "From": "", "Staff": toStaff})
	if err != nil {
		return err
	}
	_, err = s.Mail.Queue(ctx, q, outbox.Draft{PracticeID: practiceID, To: to, Subject: subject, Text: text, HTML: body})
	return err
}
