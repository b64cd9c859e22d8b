// Package jobs runs Tend's durable background work, such as sending an email, on River
// (riverqueue/river) over the same database as everything else, SQLite or PostgreSQL. A job is inserted in
// the transaction of the change that causes it, so it exists exactly when the change does. River gives
// what a hand-written queue lacked: unique jobs, jobs scheduled for a time, periodic jobs run by one
// elected leader rather than by every instance, retries with growing pauses, a per-job timeout shorter
// than the time after which a stuck job is rescued, several workers per queue, and deletion of finished
// jobs after a retention period.
package jobs

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"

	"tend/internal/db"
	"tend/internal/store"
)

// Options tune a Queue; the zero value of a field means its default.
type Options struct {
	Retention   time.Duration  // finished jobs are deleted after this long (default 30 days)
	Poll        time.Duration  // how often each queue looks for due jobs (default 1 s)
	RescueAfter time.Duration  // a job running this long is taken to have died with its process (default 10 min)
	Queues      map[string]int // queue name → workers running at once; "default" is always there
	Periodic    []*river.PeriodicJob
}

// DefaultRetention is how long finished jobs and delivered mail are kept when no setting says otherwise.
const DefaultRetention = 30 * 24 * time.Hour

// DefaultRescueAfter is how long a job may run before River takes it for dead (its process was killed)
// and runs it again; every worker's timeout must be well under it, or a slow run would be doubled.
const DefaultRescueAfter = 10 * time.Minute

// DefaultAttempts is how many times a job is tried before it fails for good.
const DefaultAttempts = 8

// Queue inserts and works jobs through one River client.
type Queue struct {
	Client *river.Client[*sql.Tx]
	db     *db.DB

	mu      sync.Mutex
	running bool // Start was called; RunDue leaves the client running
}

// New makes a queue over d whose workers are in workers. It does not work jobs until Start or RunDue.
func New(d *db.DB, log *slog.Logger, workers *river.Workers, o Options) (*Queue, error) {
	if o.Retention <= 0 {
		o.Retention = DefaultRetention
	}
	queues := map[string]river.QueueConfig{river.QueueDefault: {MaxWorkers: 2}}
	for name, n := range o.Queues {
		queues[name] = river.QueueConfig{MaxWorkers: max(n, 1)}
	}
	c, err := river.NewClient(d.RiverDriver(), &river.Config{
		Logger:            log.With("component", "jobs"),
		Workers:           workers,
		Queues:            queues,
		PeriodicJobs:      o.Periodic,
		FetchPollInterval: o.Poll,
		FetchCooldown:     min(o.Poll, river.FetchCooldownDefault),
		// database/sql cannot LISTEN on PostgreSQL; on SQLite River's listener would poll a notification
		// table over the one writer connection, on top of the job fetch that polls anyway.
		PollOnly:                    true,
		MaxAttempts:                 DefaultAttempts,
		RetryPolicy:                 retryPolicy{},
		RescueStuckJobsAfter:        cmp.Or(o.RescueAfter, DefaultRescueAfter),
		JobTimeout:                  time.Minute,
		CompletedJobRetentionPeriod: o.Retention,
		CancelledJobRetentionPeriod: o.Retention,
		DiscardedJobRetentionPeriod: o.Retention,
		ErrorHandler:                errorHandler{log: log},
	})
	if err != nil {
		return nil, fmt.Errorf("jobs: river client: %w", err)
	}
	return &Queue{Client: c, db: d}, nil
}

// Enqueue inserts a job inside q, which must be the change's transaction (a *sql.Tx): the job then
// exists exactly when the change does. It returns River's id of the job, or of the job already waiting
// when the args are unique and a duplicate is queued.
func (qu *Queue) Enqueue(ctx context.Context, q store.Q, args river.JobArgs, opts *river.InsertOpts) (int64, error) {
	tx, ok := q.(*sql.Tx)
	if !ok {
		return 0, fmt.Errorf("jobs: %s must be queued inside the transaction of its change", args.Kind())
	}
	res, err := qu.Client.InsertTx(ctx, tx, args, opts)
	if err != nil {
		return 0, fmt.Errorf("jobs: queueing %s: %w", args.Kind(), err)
	}
	return res.Job.ID, nil
}

// Permanent marks err as one that retrying cannot mend (a malformed address, a deleted record): the job
// is cancelled at once and kept, with the reason, until the retention period ends.
func Permanent(err error) error { return river.JobCancel(err) }

// Backoff is the pause before attempt n+1 after n failed attempts: 30 s, 1 min, 2 min, … at most an hour.
func Backoff(n int) time.Duration {
	d := 30 * time.Second
	for i := 1; i < n && d < time.Hour; i++ {
		d *= 2
	}
	return min(d, time.Hour)
}

// retryPolicy pauses by Backoff rather than River's default (attempt⁴ seconds), which retries a
// refusing mail server within a second.
type retryPolicy struct{}

func (retryPolicy) NextRetry(j *rivertype.JobRow) time.Time {
	return time.Now().UTC().Add(Backoff(max(j.Attempt, 1)))
}

// errorHandler logs a failed or panicking job by id and kind only: the error text may quote an address.
type errorHandler struct{ log *slog.Logger }

func (h errorHandler) HandleError(ctx context.Context, j *rivertype.JobRow, err error) *river.ErrorHandlerResult {
	h.log.Warn("job failed", "job", j.ID, "kind", j.Kind, "attempt", j.Attempt, "max_attempts", j.MaxAttempts)
	return nil
}

func (h errorHandler) HandlePanic(ctx context.Context, j *rivertype.JobRow, v any, trace string) *river.ErrorHandlerResult {
	h.log.Error("job panicked", "job", j.ID, "kind", j.Kind, "attempt", j.Attempt, "stack", trace)
	return nil
}

// Start works jobs in the background until Stop: what is queued, including work left by an earlier run
// that died, goes out now.
func (qu *Queue) Start(ctx context.Context) error {
	qu.mu.Lock()
	defer qu.mu.Unlock()
	if qu.running {
		return nil
	}
	// A cancelled start context would stop River at once, cancelling running jobs; Stop drains first.
	if err := qu.Client.Start(context.WithoutCancel(ctx)); err != nil {
		return fmt.Errorf("jobs: starting: %w", err)
	}
	qu.running = true
	return nil
}

// stopTimeout bounds how long Stop waits for running jobs (one mail is well under a minute's timeout).
const stopTimeout = 30 * time.Second

// Stop lets the jobs in progress finish, for up to 30 seconds, then cancels what still runs; a cancelled
// job is tried again later. It is safe to call when the queue never started.
func (qu *Queue) Stop() error {
	qu.mu.Lock()
	defer qu.mu.Unlock()
	if !qu.running {
		return nil
	}
	qu.running = false
	ctx, cancel := context.WithTimeout(context.Background(), stopTimeout)
	defer cancel()
	err := qu.Client.Stop(ctx)
	if errors.Is(err, context.DeadlineExceeded) {
		err = qu.Client.StopAndCancel(context.Background())
	}
	if err != nil {
		return fmt.Errorf("jobs: stopping: %w", err)
	}
	return nil
}

// runDueLimit bounds RunDue, so a job that never finishes fails a test instead of hanging it.
const runDueLimit = time.Minute

// RunDue works every job that is due now and waits until each is finished, failed or waiting for a retry,
// then returns how many it saw; jobs those jobs queue are worked too. Tests use it as the background
// worker; when the queue was not started it starts it for the call and stops it after.
func (qu *Queue) RunDue(ctx context.Context) (int, error) {
	qu.mu.Lock()
	defer qu.mu.Unlock()
	if !qu.running {
		if err := qu.Client.Start(context.WithoutCancel(ctx)); err != nil { // stopped below, after a drain
			return 0, fmt.Errorf("jobs: starting: %w", err)
		}
		defer func() {
			stopCtx, cancel := context.WithTimeout(context.Background(), stopTimeout)
			defer cancel()
			_ = qu.Client.Stop(stopCtx)
		}()
	}
	ctx, cancel := context.WithTimeout(ctx, runDueLimit)
	defer cancel()
	seen := map[int64]bool{}
	for {
		ids, err := store.DueJobIDs(ctx, qu.db.R)
		if err != nil {
			return len(seen), err
		}
		if len(ids) == 0 {
			return len(seen), nil
		}
		for _, id := range ids {
			seen[id] = true
		}
		select {
		case <-ctx.Done():
			return len(seen), fmt.Errorf("jobs: %d jobs still due or running: %w", len(ids), ctx.Err())
		case <-time.After(5 * time.Millisecond):
		}
	}
}
