// Package outbox sends Tend's email through durable jobs: a message is stored with the job that sends it
// in the transaction of the change that causes it, so it goes out exactly when the change happened, and
// survives a crash in between. Once delivered, its bodies are cleared (they may hold a single-use link).
package outbox

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/riverqueue/river"

	"tend/internal/id"
	"tend/internal/jobs"
	"tend/internal/mail"
	"tend/internal/model"
	"tend/internal/store"
)

// Kind is the job kind that sends one message.
const Kind = "mail.send"

// QueueName is the River queue mail is sent from, with its own workers so a slow mail server does not
// hold up other work.
const QueueName = "mail"

// Workers is how many messages one instance sends at once.
const Workers = 4

// SendTimeout bounds one try at sending a message, well under the time after which River takes a running
// job for dead and runs it again (jobs.Options.RescueAfter): a slow mail server makes the try fail and
// be retried by this worker, never sent a second time by another.
const SendTimeout = 2 * time.Minute

// Outbox queues and sends messages.
type Outbox struct {
	Store  *store.Store
	Jobs   *jobs.Queue
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

// SendArgs is the sending job's payload: the message's id only, never an address or a body.
type SendArgs struct {
	MessageID string `json:"message_id"`
}

// Kind names the job kind for River.
func (SendArgs) Kind() string { return Kind }

// InsertOpts puts the job on the mail queue, unique per message: one message is never queued twice,
// nor queued again once sent.
func (SendArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{Queue: QueueName, UniqueOpts: river.UniqueOpts{ByArgs: true}}
}

// Queue stores d and its sending job inside q, the change's transaction.
func (o *Outbox) Queue(ctx context.Context, q store.Q, d Draft) (string, error) {
	msgID := id.New()
	// The job cannot run before the message is there: both become visible when q commits.
	jobID, err := o.Jobs.Enqueue(ctx, q, SendArgs{MessageID: msgID}, nil)
	if err != nil {
		return "", err
	}
	err = store.InsertMail(ctx, q, store.MailMessage{ID: msgID, PracticeID: d.PracticeID, JobID: jobID, To: d.To,
		Subject: d.Subject, Text: d.Text, HTML: d.HTML, CreatedAt: o.Now().UTC()})
	if err != nil {
		return "", err
	}
	return msgID, nil
}

// enqueue queues the job that sends the stored message msgID again, inside q, and records it with the message.
func (o *Outbox) enqueue(ctx context.Context, q store.Q, msgID string) error {
	jobID, err := o.Jobs.Enqueue(ctx, q, SendArgs{MessageID: msgID}, nil)
	if err != nil {
		return err
	}
	return store.SetMailJob(ctx, q, msgID, jobID)
}

// SendWorker is the River worker that sends one stored message.
type SendWorker struct {
	river.WorkerDefaults[SendArgs]
	Outbox *Outbox
}

// Timeout bounds one try; see SendTimeout.
func (w *SendWorker) Timeout(*river.Job[SendArgs]) time.Duration { return SendTimeout }

// Work sends the message, unless an earlier run already did (it died before it could report).
func (w *SendWorker) Work(ctx context.Context, j *river.Job[SendArgs]) error {
	return w.Outbox.send(ctx, j.Args.MessageID, j.Attempt >= j.MaxAttempts)
}

// send delivers message msgID; last says this is the job's last try, so a failure is final.
func (o *Outbox) send(ctx context.Context, msgID string, last bool) error {
	m, err := store.MailByID(ctx, o.Store.R(), msgID)
	if errors.Is(err, model.ErrNotFound) {
		return jobs.Permanent(fmt.Errorf("outbox: %w", err))
	}
	if err != nil {
		return fmt.Errorf("outbox: %w", err) // a passing database failure: try again later
	}
	if m.State != StateQueued {
		return nil // delivered (or failed for good) by a run that died before it could report
	}
	err = o.Sender.Send(ctx, mail.Message{ID: m.ID, From: o.From, To: m.To, Subject: m.Subject, Text: m.Text, HTML: m.HTML})
	if err != nil {
		final := mail.IsPermanent(err) || last
		// The job's context may have run out (the try took too long); recording the reason must not.
		rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
		defer cancel()
		if rerr := o.Store.Tx(rctx, func(q store.Q) error { return store.MailAttemptFailed(rctx, q, m.ID, err.Error(), final) }); rerr != nil {
			return rerr
		}
		if mail.IsPermanent(err) {
			return jobs.Permanent(err)
		}
		return err
	}
	state := StateSent
	if _, toFile := o.Sender.(mail.Folder); toFile {
		state = StateWritten
	}
	// Once sent, the outcome is recorded even if the job's time ran out meanwhile, so it is not sent again.
	rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
	defer cancel()
	return o.Store.Tx(rctx, func(q store.Q) error { return store.MailDelivered(rctx, q, m.ID, state, o.Now().UTC()) })
}
