package outbox

import (
	"context"
	"fmt"

	"tend/internal/authz"
	"tend/internal/id"
	"tend/internal/mail"
	"tend/internal/model"
	"tend/internal/store"
)

// LogPage is one page of a practice's outgoing mail.
type LogPage struct {
	Messages []store.MailMessage
	Total    int
	Page     int
	PerPage  int
}

// perPage is how many messages a Mail log page shows.
const perPage = 50

// Log lists the practice's messages, newest first (owners only): recipient, subject, state and the
// reason of a failure; never the bodies.
func (o *Outbox) Log(ctx context.Context, p model.Principal, page int) (LogPage, error) {
	if !authz.PracticeWide(p, authz.List, authz.MailLog) {
		return LogPage{}, model.ErrForbidden
	}
	page = min(max(page, 1), 1_000_000) // beyond any real log; keeps the offset from overflowing
	msgs, total, err := store.ListMail(ctx, o.Store.R(), p.PracticeID, perPage, (page-1)*perPage)
	if err != nil {
		return LogPage{}, err
	}
	return LogPage{Messages: msgs, Total: total, Page: page, PerPage: perPage}, nil
}

// Retry queues a failed message of the practice again (owners only).
func (o *Outbox) Retry(ctx context.Context, p model.Principal, messageID string) error {
	if !authz.PracticeWide(p, authz.Change, authz.MailLog) {
		return model.ErrForbidden
	}
	if !id.Valid(messageID) {
		return fmt.Errorf("outbox: malformed message id: %w", model.ErrNotFound)
	}
	err := o.Store.Tx(ctx, func(q store.Q) error {
		if err := store.RequeueMail(ctx, q, p.PracticeID, messageID); err != nil {
			return err
		}
		return o.enqueue(ctx, q, messageID) // a fresh job: the failed one was cancelled or discarded
	})
	if err != nil {
		return fmt.Errorf("outbox: retry: %w", err)
	}
	return nil
}

// SendTest queues a short message to the signed-in owner, to check the mail settings.
func (o *Outbox) SendTest(ctx context.Context, p model.Principal) error {
	if !authz.PracticeWide(p, authz.Change, authz.MailLog) {
		return model.ErrForbidden
	}
	err := o.Store.Tx(ctx, func(q store.Q) error {
		st, err := store.StaffByID(ctx, q, p.PracticeID, p.StaffID)
		if err != nil {
			return err
		}
		subject, text, body, err := mail.Render(mail.TestMessage, nil)
		if err != nil {
			return err
		}
		_, err = o.Queue(ctx, q, Draft{PracticeID: p.PracticeID, To: st.Email, Subject: subject, Text: text, HTML: body})
		return err
	})
	if err != nil {
		return fmt.Errorf("outbox: test message: %w", err)
	}
	return nil
}
