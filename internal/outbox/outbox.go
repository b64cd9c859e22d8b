// Package outbox sends Tend's email through durable jobs: a message is stored with the job that sends it
// in the transaction of the change that causes it, so it goes out exactly when the change happened, and
// survives a crash in between. Once delivered, its bodies are cleared (they may hold a single-use link).
package outbox

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"tend/internal/id"
	"tend/internal/jobs"
	"tend/internal/mail"
	"tend/internal/model"
	"tend/internal/store"
)

// Kind is the job kind that sends one message.
const Kind = "mail.send"

// Outbox queues and sends messages.
type Outbox struct {
	Store  *store.Store
	Jobs   *jobs.Runner
	Sender mail.Sender
	From   string
	Now    func() time.Time
}

// Draft is a message to queue. Callers keep clinical content out, and client names out of subjects.
type Draft struct {
	PracticeID string
	To         string
	Subject    string
	Text, HTML string
}

type payload struct {
	MessageID string `json:"message_id"`
}

// Queue stores d and its sending job inside q, the change's transaction; call Jobs.Wake after commit.
func (o *Outbox) Queue(ctx context.Context, q store.Q, d Draft) (string, error) {
	msgID := id.New()
	j, err := o.Jobs.Enqueue(ctx, q, Kind, d.PracticeID, payload{MessageID: msgID})
	if err != nil {
		return "", err
	}
	err = store.InsertMail(ctx, q, store.MailMessage{ID: msgID, PracticeID: d.PracticeID, JobID: j.ID, To: d.To,
		Subject: d.Subject, Text: d.Text, HTML: d.HTML, CreatedAt: o.Now().UTC()})
	if err != nil {
		return "", err
	}
	return msgID, nil
}

// Handle is the job handler that sends one stored message.
func (o *Outbox) Handle(ctx context.Context, j model.Job) error {
	var p payload
	if err := json.Unmarshal([]byte(j.Payload), &p); err != nil {
		return jobs.Permanent(fmt.Errorf("outbox: payload: %w", err))
	}
	m, err := store.MailByID(ctx, o.Store.R(), p.MessageID)
	if errors.Is(err, model.ErrNotFound) {
		return jobs.Permanent(fmt.Errorf("outbox: %w", err))
	}
	if err != nil {
		return fmt.Errorf("outbox: %w", err) // a passing database failure: try again later
	}
	if m.State == "sent" || m.State == "written" {
		return nil // delivered by a run that died before it could report
	}
	err = o.Sender.Send(ctx, mail.Message{ID: m.ID, From: o.From, To: m.To, Subject: m.Subject, Text: m.Text, HTML: m.HTML})
	if err != nil {
		final := mail.IsPermanent(err) || j.Attempts >= j.MaxAttempts
		if rerr := o.Store.Tx(ctx, func(q store.Q) error { return store.MailAttemptFailed(ctx, q, m.ID, err.Error(), final) }); rerr != nil {
			return rerr
		}
		if mail.IsPermanent(err) {
			return jobs.Permanent(err)
		}
		return err
	}
	state := "sent"
	if _, toFile := o.Sender.(mail.Folder); toFile {
		state = "written"
	}
	return o.Store.Tx(ctx, func(q store.Q) error { return store.MailDelivered(ctx, q, m.ID, state, o.Now().UTC()) })
}
