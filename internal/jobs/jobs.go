// Package jobs runs durable background work, such as sending an email. A job is queued in the same
// transaction as the change that causes it, so it exists exactly when the change does; a worker leases
// due jobs, runs them, and retries failures with growing pauses. A lease that runs out (the process
// died mid-run) lets another worker take the job, so nothing queued is lost to a crash.
package jobs

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"runtime/debug"
	"sync"
	"time"

	"tend/internal/id"
	"tend/internal/model"
	"tend/internal/store"
)

// Handler runs one job. An error queues it again after a pause; a Permanent error fails it at once.
type Handler func(ctx context.Context, j model.Job) error

// permanentError is a failure that retrying cannot mend.
type permanentError struct{ err error }

func (e permanentError) Error() string { return e.err.Error() }
func (e permanentError) Unwrap() error { return e.err }

// Permanent marks err as one that retrying cannot mend (a malformed address, a deleted record).
func Permanent(err error) error { return permanentError{err} }

// DefaultAttempts is how many times a job is tried before it fails for good.
const DefaultAttempts = 8

// Runner queues and runs jobs.
type Runner struct {
	Store    *store.Store
	Now      func() time.Time
	Log      *slog.Logger
	Handlers map[string]Handler
	Owner    string        // who holds leases: unique per process
	Lease    time.Duration // how long one run may take before another worker may take the job over
	Poll     time.Duration // how often the worker looks for due jobs when not woken

	mu   sync.Mutex
	wake chan struct{}
	stop chan struct{}
	done chan struct{}
}

// New makes a runner with a fresh owner id, a two-minute lease and a one-second poll.
func New(st *store.Store, now func() time.Time, log *slog.Logger, handlers map[string]Handler) *Runner {
	return &Runner{Store: st, Now: now, Log: log, Handlers: handlers, Owner: id.New(), Lease: 2 * time.Minute, Poll: time.Second,
		wake: make(chan struct{}, 1)}
}

// Enqueue queues a job of kind with payload (ids only) inside the caller's transaction q. Call Wake
// after the transaction commits to run it without waiting for the next poll.
func (r *Runner) Enqueue(ctx context.Context, q store.Q, kind, practiceID string, payload any) (model.Job, error) {
	if _, ok := r.Handlers[kind]; !ok {
		return model.Job{}, fmt.Errorf("jobs: no handler for %q", kind)
	}
	body, err := json.Marshal(payload)
	if err != nil {
		return model.Job{}, fmt.Errorf("jobs: payload of %s: %w", kind, err)
	}
	now := r.Now().UTC()
	j := model.Job{ID: id.New(), Kind: kind, Payload: string(body), PracticeID: practiceID, State: model.JobQueued,
		RunAt: now, MaxAttempts: DefaultAttempts, CreatedAt: now, UpdatedAt: now}
	if err := store.InsertJob(ctx, q, j); err != nil {
		return model.Job{}, err
	}
	return j, nil
}

// Wake asks the worker to look for due jobs now.
func (r *Runner) Wake() {
	select {
	case r.wake <- struct{}{}:
	default:
	}
}

// Backoff is the pause before attempt n+1 after n failed attempts: 30 s, 1 min, 2 min, … at most an hour.
func Backoff(n int) time.Duration {
	d := 30 * time.Second
	for i := 1; i < n && d < time.Hour; i++ {
		d *= 2
	}
	return min(d, time.Hour)
}

// RunDue runs every job that is due now, one after another, and returns how many it ran.
func (r *Runner) RunDue(ctx context.Context) (int, error) {
	ran := 0
	for {
		if ctx.Err() != nil {
			return ran, ctx.Err()
		}
		var j model.Job
		err := r.Store.Tx(ctx, func(q store.Q) error {
			now := r.Now().UTC()
			var err error
			j, err = store.ClaimJob(ctx, q, r.Store.DB.Dialect, r.Owner, now, now.Add(r.Lease))
			return err
		})
		if errors.Is(err, model.ErrNotFound) {
			return ran, nil
		}
		if err != nil {
			return ran, fmt.Errorf("jobs: claiming: %w", err)
		}
		ran++
		if err := r.run(ctx, j); err != nil {
			return ran, err
		}
	}
}

// run runs one leased job and records the outcome. A started job finishes even when ctx is cancelled
// (the worker is stopping): it is not claimed again until its lease runs out otherwise.
// safeRun runs a handler, turning a panic into a permanent failure so one bad job cannot take the
// process down again at every start.
func safeRun(ctx context.Context, log *slog.Logger, h Handler, j model.Job) (err error) {
	defer func() {
		if v := recover(); v != nil {
			log.Error("job panicked", "job", j.ID, "kind", j.Kind, "stack", string(debug.Stack()))
			err = Permanent(fmt.Errorf("handler panicked: %v", v))
		}
	}()
	return h(ctx, j)
}

func (r *Runner) run(ctx context.Context, j model.Job) error {
	ctx = context.WithoutCancel(ctx)
	h := r.Handlers[j.Kind]
	var runErr error
	switch {
	case h == nil:
		runErr = Permanent(fmt.Errorf("no handler for %q", j.Kind))
	case j.Attempts > j.MaxAttempts:
		// Claimed more often than allowed: earlier runs died with the process (a crash or a kill).
		runErr = Permanent(errors.New("stopped after its runs kept ending without a result"))
	default:
		runErr = safeRun(ctx, r.Log, h, j)
	}
	now := r.Now().UTC()
	state, retryAt, msg := model.JobDone, time.Time{}, ""
	if runErr != nil {
		msg = runErr.Error()
		var pe permanentError
		if errors.As(runErr, &pe) || j.Attempts >= j.MaxAttempts {
			state = model.JobFailed
		} else {
			state, retryAt = model.JobQueued, now.Add(Backoff(j.Attempts))
		}
		// The reason is kept with the job, not logged: a mail server's answer may quote an address.
		r.Log.Warn("job failed", "job", j.ID, "kind", j.Kind, "attempt", j.Attempts, "state", string(state))
	}
	var kept bool
	err := r.Store.Tx(ctx, func(q store.Q) error {
		var err error
		kept, err = store.FinishJob(ctx, q, j.ID, r.Owner, state, retryAt, msg, now)
		return err
	})
	if err != nil {
		return fmt.Errorf("jobs: finishing %s: %w", j.ID, err)
	}
	if !kept {
		r.Log.Warn("job lease lost before it finished; another worker took it over", "job", j.ID, "kind", j.Kind)
	}
	return nil
}

// Start runs due jobs in the background until Close: when woken, and every Poll.
func (r *Runner) Start() {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.stop != nil {
		return
	}
	r.stop, r.done = make(chan struct{}), make(chan struct{})
	go r.loop(r.stop, r.done)
}

func (r *Runner) loop(stop, done chan struct{}) {
	defer close(done)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go func() { <-stop; cancel() }()
	t := time.NewTicker(r.Poll)
	defer t.Stop()
	for {
		if _, err := r.RunDue(ctx); err != nil && ctx.Err() == nil {
			r.Log.Error("running jobs", "err", err)
		}
		select {
		case <-stop:
			return
		case <-r.wake:
		case <-t.C:
		}
	}
}

// Close stops the background worker after the job in progress.
func (r *Runner) Close() {
	r.mu.Lock()
	stop, done := r.stop, r.done
	r.stop = nil
	r.mu.Unlock()
	if stop != nil {
		close(stop)
		<-done
	}
}
