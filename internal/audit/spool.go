package audit

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
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
type Spool struct {
	side  *sql.DB
	log   *Log
	st    *store.Store
	mu    sync.Mutex // one move at a time
	stop  chan struct{}
	done  chan struct{}
	every time.Duration
	onErr func(error) // told when a timed move fails; the events stay for the next try
}

// spoolBatch bounds how many events one move writes in one transaction.
const spoolBatch = 500

// NewSpool starts moving events from side into the audit log every interval; Close stops it.
func NewSpool(side *sql.DB, log *Log, st *store.Store, every time.Duration, onErr func(error)) *Spool {
	s := &Spool{side: side, log: log, st: st, stop: make(chan struct{}), done: make(chan struct{}), every: every, onErr: onErr}
	go s.loop()
	return s
}

// Record keeps e in the spool and returns once it is synced to disk.
func (s *Spool) Record(ctx context.Context, e model.AuditEvent) error {
	if e.ID == "" {
		e.ID = id.New() // fixed now, so a move repeated after a crash adds it once
	}
	body, err := json.Marshal(e)
	if err != nil {
		return fmt.Errorf("audit: spool: %w", err)
	}
	return store.SpoolEvent(ctx, s.side, body)
}

// RecordMany keeps several events in the spool with one disk sync, and returns once they are synced.
func (s *Spool) RecordMany(ctx context.Context, es []model.AuditEvent) error {
	bodies := make([][]byte, 0, len(es))
	for _, e := range es {
		if e.ID == "" {
			e.ID = id.New()
		}
		body, err := json.Marshal(e)
		if err != nil {
			return fmt.Errorf("audit: spool: %w", err)
		}
		bodies = append(bodies, body)
	}
	return store.SpoolEventsAll(ctx, s.side, bodies)
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
		err = s.st.Tx(ctx, func(q store.Q) error {
			for _, w := range waiting {
				var e model.AuditEvent
				if err := json.Unmarshal(w.Body, &e); err != nil {
					return fmt.Errorf("audit: spooled event %d: %w", w.N, err)
				}
				// A move that committed but crashed before clearing the spool must not add it twice.
				if seen, err := store.AuditEventExists(ctx, q, e.ID); err != nil || seen {
					if err != nil {
						return err
					}
					continue
				}
				if err := s.log.Append(ctx, q, e); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return fmt.Errorf("audit: moving spooled events: %w", err)
		}
		if err := store.DropSpooled(ctx, s.side, waiting); err != nil {
			return err
		}
	}
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

// Close stops the mover, moves what is left and closes the side file.
func (s *Spool) Close() error {
	close(s.stop)
	<-s.done
	return errors.Join(s.Flush(context.Background()), s.side.Close())
}
