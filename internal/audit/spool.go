package audit

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"sync"
	"time"

	"tend/internal/id"
	"tend/internal/model"
	"tend/internal/store"
)

// Spool records read events (a chart viewed, a list shown) on SQLite. Each event is synced to a small
// side file before Record returns, so none is lost to a crash, and moved into the audit log's hash
// chain in batches: every few seconds, before the log is read, and at Close.
//
// Why: SQLite empties every reader connection's page cache whenever the main file changes. Writing an
// audit event into it on every read made each following search start cold, several times slower than
// the search itself. The spool keeps those writes out of the main file except once per batch.
//
// Writes to the side file are group-committed: one writer takes every event that arrived while the
// previous insert was syncing and writes them in one statement, so concurrent requests share one disk
// sync instead of queueing one by one behind the side file's single connection. Each caller still
// returns only once its own events are synced.
type Spool struct {
	side   *sql.DB
	log    *Log
	st     *store.Store
	mu     sync.Mutex // one move at a time
	stop   chan struct{}
	done   chan struct{}
	writes chan spoolWrite
	quit   chan struct{} // closed by Close: no more writes are taken
	wrote  chan struct{} // closed when the writer has stopped
	every  time.Duration
	onErr  func(error) // told when a timed move fails; the events stay for the next try
}

// spoolWrite is one caller's events waiting for the writer, and where it hears back.
type spoolWrite struct {
	bodies [][]byte
	res    chan error
}

// spoolBatch bounds how many events one move writes in one transaction.
const spoolBatch = 500

// spoolGroup bounds how many events one group-committed insert writes (one bound parameter each).
const spoolGroup = 256

// NewSpool starts moving events from side into the audit log every interval; Close stops it.
func NewSpool(side *sql.DB, log *Log, st *store.Store, every time.Duration, onErr func(error)) *Spool {
	s := &Spool{side: side, log: log, st: st, stop: make(chan struct{}), done: make(chan struct{}), every: every, onErr: onErr,
		writes: make(chan spoolWrite), quit: make(chan struct{}), wrote: make(chan struct{})}
	go s.loop()
	go s.writer()
	return s
}

// Record keeps e in the spool and returns once it is synced to disk.
func (s *Spool) Record(ctx context.Context, e model.AuditEvent) error {
	return s.RecordMany(ctx, []model.AuditEvent{e})
}

// RecordMany keeps several events in the spool and returns once they are synced, sharing one disk sync
// with the events of other requests that arrive meanwhile.
func (s *Spool) RecordMany(ctx context.Context, es []model.AuditEvent) error {
	bodies := make([][]byte, 0, len(es))
	for _, e := range es {
		if e.ID == "" {
			e.ID = id.New() // fixed now, so a move repeated after a crash adds it once
		}
		body, err := json.Marshal(e)
		if err != nil {
			return fmt.Errorf("audit: spool: %w", err)
		}
		bodies = append(bodies, body)
	}
	w := spoolWrite{bodies: bodies, res: make(chan error, 1)}
	select {
	case s.writes <- w:
	case <-s.quit:
		return ErrClosed
	case <-ctx.Done():
		return ctx.Err()
	}
	select {
	case err := <-w.res:
		return err
	case <-ctx.Done():
		// The events may still be synced; the caller's request has ended either way.
		return ctx.Err()
	}
}

// writer group-commits the waiting writes: everything that arrived while the last insert synced goes
// into the next one.
func (s *Spool) writer() {
	defer close(s.wrote)
	for {
		var first spoolWrite
		select {
		case first = <-s.writes:
		case <-s.quit:
			return
		}
		group := []spoolWrite{first}
		n := len(first.bodies)
	drain:
		for n < spoolGroup {
			select {
			case w := <-s.writes:
				group = append(group, w)
				n += len(w.bodies)
			default:
				break drain
			}
		}
		bodies := make([][]byte, 0, n)
		for _, w := range group {
			bodies = append(bodies, w.bodies...)
		}
		err := store.SpoolEventsAll(context.Background(), s.side, bodies)
		if err != nil {
			err = fmt.Errorf("audit: spool: %w", err)
		}
		for _, w := range group {
			w.res <- err
		}
	}
}

// Flush moves every waiting event into the audit log. Readers of the log call it first, so what they
// show is complete.
func (s *Spool) Flush(ctx context.Context) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	for {
		waiting, err := store.SpooledEvents(ctx, s.side, spoolBatch)
		if err != nil || len(waiting) == 0 {
			return err
		}
		events := make([]model.AuditEvent, len(waiting))
		ids := make([]string, len(waiting))
		for i, w := range waiting {
			if err := json.Unmarshal(w.Body, &events[i]); err != nil {
				return fmt.Errorf("audit: spooled event %d: %w", w.N, err)
			}
			ids[i] = events[i].ID
		}
		err = s.st.Tx(ctx, func(q store.Q) error {
			// A move that committed but crashed before clearing the spool must not add its events twice.
			seen, err := store.ExistingValues(ctx, q, "audit_events", "id", ids)
			if err != nil {
				return err
			}
			fresh := slices.DeleteFunc(events, func(e model.AuditEvent) bool { return seen[e.ID] })
			// One chain reservation, one multi-row insert and one head update per chain for the batch, in
			// the spool's order, instead of three statements per event (issue 19: audited reads).
			return s.log.AppendMany(ctx, q, fresh)
		})
		if err != nil {
			return fmt.Errorf("audit: moving spooled events: %w", err)
		}
		if err := store.DropSpooled(ctx, s.side, waiting); err != nil {
			return err
		}
	}
}

// ChartEvents returns the events about one chart of a practice that wait in the spool, not yet in the
// log, for a view that shows them without moving them (the portal's "who opened my record").
func (s *Spool) ChartEvents(ctx context.Context, practiceID, chartID string) ([]model.AuditEvent, error) {
	waiting, err := store.SpooledChartEvents(ctx, s.side, practiceID, chartID)
	if err != nil {
		return nil, fmt.Errorf("audit: spool: %w", err)
	}
	out := make([]model.AuditEvent, 0, len(waiting))
	for _, w := range waiting {
		var e model.AuditEvent
		if err := json.Unmarshal(w.Body, &e); err != nil {
			return nil, fmt.Errorf("audit: spooled event %d: %w", w.N, err)
		}
		out = append(out, e)
	}
	return out, nil
}

func (s *Spool) loop() {
	defer close(s.done)
	t := time.NewTicker(s.every)
	defer t.Stop()
	for {
		select {
		case <-s.stop:
			return
		case <-t.C:
			if err := s.Flush(context.Background()); err != nil && s.onErr != nil {
				s.onErr(err)
			}
		}
	}
}

// Close stops taking events, stops the mover, moves what is left and closes the side file.
func (s *Spool) Close() error {
	close(s.quit)
	<-s.wrote
	close(s.stop)
	<-s.done
	return errors.Join(s.Flush(context.Background()), s.side.Close())
}
