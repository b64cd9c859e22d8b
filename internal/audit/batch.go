package audit

import (
	"context"
	"errors"
	"fmt"

	"tend/internal/model"
	"tend/internal/store"
)

// ErrClosed is returned by Record after the batcher was closed.
var ErrClosed = errors.New("audit: the batcher is closed")

// Batcher records events that stand alone (a chart viewed, a list shown) with group commit: events
// that arrive while a transaction is committing are written together in the next one. Every caller
// still waits until its event is committed, so nothing is lost to a crash, but concurrent readers
// share one disk sync instead of queueing one by one behind SQLite's single writer.
type Batcher struct {
	log  *Log
	st   *store.Store
	reqs chan batchReq
	done chan struct{}
}

type batchReq struct {
	e   model.AuditEvent
	res chan error
}

// maxBatch bounds how many events one transaction writes.
const maxBatch = 256

// NewBatcher starts a batcher; Close stops it.
func NewBatcher(log *Log, st *store.Store) *Batcher {
	b := &Batcher{log: log, st: st, reqs: make(chan batchReq), done: make(chan struct{})}
	go b.loop()
	return b
}

// Record appends e and returns once it is committed.
func (b *Batcher) Record(ctx context.Context, e model.AuditEvent) error {
	r := batchReq{e: e, res: make(chan error, 1)}
	select {
	case b.reqs <- r:
	case <-b.done:
		return ErrClosed
	case <-ctx.Done():
		return ctx.Err()
	}
	select {
	case err := <-r.res:
		return err
	case <-ctx.Done():
		// The event may still be committed; the caller's request has ended either way.
		return ctx.Err()
	}
}

// RecordMany appends several events and returns once all are committed: they are handed over together,
// so they share the batcher's next transactions rather than waiting for one each.
func (b *Batcher) RecordMany(ctx context.Context, es []model.AuditEvent) error {
	reqs := make([]batchReq, 0, len(es))
	for _, e := range es {
		r := batchReq{e: e, res: make(chan error, 1)}
		select {
		case b.reqs <- r:
		case <-b.done:
			return ErrClosed
		case <-ctx.Done():
			return ctx.Err()
		}
		reqs = append(reqs, r)
	}
	var errs []error
	for _, r := range reqs {
		select {
		case err := <-r.res:
			errs = append(errs, err)
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	return errors.Join(errs...)
}

// Close stops the batcher after the batch in progress.
func (b *Batcher) Close() { close(b.done) }

func (b *Batcher) loop() {
	for {
		var first batchReq
		select {
		case first = <-b.reqs:
		case <-b.done:
			return
		}
		batch := []batchReq{first}
	drain:
		for len(batch) < maxBatch {
			select {
			case r := <-b.reqs:
				batch = append(batch, r)
			default:
				break drain
			}
		}
		es := make([]model.AuditEvent, len(batch))
		for i, r := range batch {
			es[i] = r.e
		}
		// One chain reservation, one multi-row insert and one head update per chain, rather than three
		// statements per event: the batch's transaction stays short however many readers wait on it.
		err := b.st.Tx(context.Background(), func(q store.Q) error {
			return b.log.AppendMany(context.Background(), q, es)
		})
		if err != nil {
			err = fmt.Errorf("audit: batch of %d: %w", len(batch), err)
		}
		for _, r := range batch {
			r.res <- err
		}
	}
}
