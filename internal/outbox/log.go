package outbox

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"tend/internal/authz"
	"tend/internal/id"
	"tend/internal/mail"
	"tend/internal/model"
	"tend/internal/store"
)

// LogPage is one page of a practice's outgoing mail.
type LogPage struct {
	Messages []store.MailMessage
	Total    int  // how many messages the practice has, counted up to store.CountCap
	Capped   bool // more than store.CountCap
	PerPage  int
	// Newer and Older are the page values of the pages before and after this one; "" at the ends.
	Newer, Older string
}

// perPage is how many messages a Mail log page shows.
const perPage = 50

// Log lists the practice's messages, newest first (owners only): recipient, subject, state and the
// reason of a failure; never the bodies. page is "" for the newest, else a LogPage's Newer or Older; a
// plain number (an older link's page) reads as the newest.
func (o *Outbox) Log(ctx context.Context, p model.Principal, page string) (LogPage, error) {
	if !authz.PracticeWide(p, authz.List, authz.MailLog) {
		return LogPage{}, model.ErrForbidden
	}
	key, newer, err := parseMailKey(page)
	if err != nil {
		return LogPage{}, err
	}
	q := o.Store.R()
	n, err := store.CountMail(ctx, q, p.PracticeID)
	if err != nil {
		return LogPage{}, err
	}
	msgs, more, err := store.ListMail(ctx, q, p.PracticeID, key, newer, perPage)
	if err != nil {
		return LogPage{}, err
	}
	if newer && !more {
		// The newer page reached the top: show the newest page whole.
		key, newer = nil, false
		if msgs, more, err = store.ListMail(ctx, q, p.PracticeID, nil, false, perPage); err != nil {
			return LogPage{}, err
		}
	}
	out := LogPage{Messages: msgs, Total: min(n, store.CountCap), Capped: n > store.CountCap, PerPage: perPage}
	if len(msgs) > 0 {
		if key != nil {
			out.Newer = mailKey("w", msgs[0])
		}
		if more || newer {
			out.Older = mailKey("o", msgs[len(msgs)-1])
		}
	}
	return out, nil
}

// mailKey writes a message's place in the log as a page value: "o" (the older page after it) or "w"
// (the newer page before it), its queue time in milliseconds and its id.
func mailKey(way string, m store.MailMessage) string {
	return way + strconv.FormatInt(m.CreatedAt.UnixMilli(), 10) + "_" + m.ID
}

// parseMailKey reads a page value mailKey wrote, and whether it asks for the newer page.
func parseMailKey(page string) (*store.MailKey, bool, error) {
	if _, err := strconv.ParseUint(page, 10, 64); page == "" || err == nil || errors.Is(err, strconv.ErrRange) {
		return nil, false, nil
	}
	bad := model.FieldError("page", "This page address is not one Tend made. Start from the newest page.")
	at, msgID, ok := strings.Cut(page[1:], "_")
	if !ok || (page[0] != 'o' && page[0] != 'w') || !id.Valid(msgID) {
		return nil, false, bad
	}
	ms, err := strconv.ParseInt(at, 10, 64)
	if err != nil {
		return nil, false, bad
	}
	return &store.MailKey{At: ms, ID: msgID}, page[0] == 'w', nil
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
