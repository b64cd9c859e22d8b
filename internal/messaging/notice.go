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
// no client name, and no staff name unless the practice allows it (MessageNoticeNames). Each side of a conversation gets at most one per NoticeEvery: the
// portal user when staff write, the chart's clinician when the portal user writes (nobody when the chart
// has no clinician; the inbox and badges still show it to the whole care team).

// noticeClient emails the conversation's portal user that writer wrote, unless one went out in the last
// NoticeEvery.
func (s *Service) noticeClient(ctx context.Context, q store.Q, cv model.Conversation, c model.Client, writer string) error {
	now := s.now()
	if s.Mail == nil || (!cv.ClientNoticeAt.IsZero() && now.Sub(cv.ClientNoticeAt) < NoticeEvery) {
		return nil
	}
	acct, _, err := store.PortalAccountByID(ctx, q, cv.PortalAccountID)
	if err != nil {
		return fmt.Errorf("messaging: notice: %w", err)
	}
	if err := s.queue(ctx, q, c.PracticeID, acct.Email, s.BaseURL+"/portal/login", writer); err != nil {
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
	if err := s.queue(ctx, q, c.PracticeID, st.Email, s.BaseURL+"/messages/"+cv.ID, ""); err != nil {
		return err
	}
	return store.SetNoticeAt(ctx, q, cv.ID, false, now)
}

// queue renders and queues a notice: to a portal user when writer (the staff member who wrote) is not "",
// else to staff.
func (s *Service) queue(ctx context.Context, q store.Q, practiceID, to, link, writer string) error {
	pr, err := store.PracticeByID(ctx, q, practiceID)
	if err != nil {
		return fmt.Errorf("messaging: notice: %w", err)
	}
	from := ""
	if pr.MessageNoticeNames {
		from = writer
	}
	subject, text, body, err := mail.Render(mail.MessageWaiting, map[string]any{"Practice": pr.Name, "Link": link, "From": from, "Staff": writer == ""})
	if err != nil {
		return err
	}
	_, err = s.Mail.Queue(ctx, q, outbox.Draft{PracticeID: practiceID, To: to, Subject: subject, Text: text, HTML: body})
	return err
}
