package audit

import (
	"context"
	"errors"
	"fmt"
	"sync"

	"tend/internal/model"
	"tend/internal/store"
)

// ReadBatch holds the read events of one request until its response starts, then records them together:
// a page that reads a chart, its notes and its documents waits for one disk sync rather than one per
// event. Nothing of the response leaves before its read events are durable; events of reads made after
// the response started are recorded one by one, as without a batch.
type ReadBatch struct {
	mu     sync.Mutex
	held   []heldRead
	closed bool
}

// heldRead is a read event waiting in a batch, with where RecordRead would have recorded it.
type heldRead struct {
	rec ReadRecorder
	st  *store.Store
	log *Log
	e   model.AuditEvent
}

// ManyRecorder is a ReadRecorder that can also record several events with one disk sync.
type ManyRecorder interface {
	RecordMany(ctx context.Context, es []model.AuditEvent) error
}

type batchKey struct{}

// WithReadBatch returns a context whose read events (RecordRead) wait in the returned batch until its
// Flush. Only an HTTP request's scope should make one, and flush it before the response starts.
func WithReadBatch(ctx context.Context) (context.Context, *ReadBatch) {
	b := &ReadBatch{}
	return context.WithValue(ctx, batchKey{}, b), b
}

// hold keeps the event when the batch is still open.
func (b *ReadBatch) hold(h heldRead) bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.closed {
		return false
	}
	b.held = append(b.held, h)
	return true
}

// Flush records the held events, grouped by where they go, and closes the batch: later reads record
// their events directly.
func (b *ReadBatch) Flush(ctx context.Context) error {
	b.mu.Lock()
	held := b.held
	b.held, b.closed = nil, true
	b.mu.Unlock()
	var errs []error
	for len(held) > 0 {
		n := 1
		for n < len(held) && held[n].rec == held[0].rec && held[n].st == held[0].st && held[n].log == held[0].log {
			n++
		}
		errs = append(errs, recordAll(ctx, held[:n]))
		held = held[n:]
	}
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("audit: recording the request's reads: %w", err)
	}
	return nil
}

// recordAll records events bound for the same place: with one call when the recorder can, in one
// transaction without a recorder.
func recordAll(ctx context.Context, hs []heldRead) error {
	es := make([]model.AuditEvent, len(hs))
	for i, h := range hs {
		es[i] = h.e
	}
	h := hs[0]
	switch rec := h.rec.(type) {
	case nil:
		return h.st.Tx(ctx, func(q store.Q) error {
			for _, e := range es {
				if err := h.log.Append(ctx, q, e); err != nil {
					return err
				}
			}
			return nil
		})
	case ManyRecorder:
		return rec.RecordMany(ctx, es)
	default:
		for _, e := range es {
			if err := rec.Record(ctx, e); err != nil {
				return err
			}
		}
		return nil
	}
}
