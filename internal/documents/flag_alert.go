package documents

import (
	"context"
	"fmt"
	"strings"
	"time"

	"tend/internal/mail"
	"tend/internal/model"
	"tend/internal/outbox"
	"tend/internal/store"
)

// alertFlagged tells a person at once that a finished questionnaire needs attention (issue 13, item 11):
// the chart's assigned clinician, or, with none assigned (or one no longer active), the practice's active
// owners. The email says only that a questionnaire needs attention, with a link behind staff sign-in: never
// the client, the questionnaire, an answer or a score. The alert is audited with the staff ids it went to,
// in the transaction that finished the document, so it is sent exactly when the answers are stored.
func (s *Service) alertFlagged(ctx context.Context, q store.Q, r model.DocumentRequest, now time.Time) error {
	c, err := store.ClientByID(ctx, q, r.PracticeID, r.ChartID)
	if err != nil {
		return err
	}
	staff, err := store.ListStaff(ctx, q, r.PracticeID)
	if err != nil {
		return err
	}
	var to []model.Staff
	for _, st := range staff {
		if st.Active && st.ID == c.AssignedClinicianID {
			to = append(to, st)
		}
	}
	if len(to) == 0 {
		for _, st := range staff {
			if st.Active && st.Role == model.RoleOwner {
				to = append(to, st)
			}
		}
	}
	e := model.AuditEvent{PracticeID: r.PracticeID, At: now, ActorType: model.ActorSystem, Action: "document.flag_alert",
		RecordType: "document_request", RecordID: r.ID, ChartID: r.ChartID, Outcome: model.OutcomeSuccess}
	var ids []string
	if s.Mail != nil {
		subject, text, html, err := mail.Render(mail.DocumentFlagged, map[string]any{"Link": s.BaseURL + "/clients/" + r.ChartID + "/documents/" + r.ID})
		if err != nil {
			return err
		}
		for _, st := range to {
			if _, err := s.Mail.Queue(ctx, q, outbox.Draft{PracticeID: r.PracticeID, To: st.Email, Subject: subject, Text: text, HTML: html}); err != nil {
				return fmt.Errorf("documents: flag alert: %w", err)
			}
			ids = append(ids, st.ID)
		}
	}
	if len(ids) == 0 {
		e.Outcome = model.OutcomeFailure // nobody could be emailed; the document still waits under Needs attention
	}
	e.Detail = "emailed=" + strings.Join(ids, ",")
	return s.Audit.Append(ctx, q, e)
}
