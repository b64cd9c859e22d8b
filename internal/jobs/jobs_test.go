package jobs_test

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"sync"
	"testing"
	"time"

	"tend/internal/db"
	"tend/internal/jobs"
	"tend/internal/model"
	"tend/internal/store"
	"tend/internal/testdb"
)

var ctx = context.Background()

// clock is a settable test clock.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) Add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// counter is a handler that counts runs per job and fails while fail says so.
type counter struct {
	mu   sync.Mutex
	runs map[string]int
	fail func(model.Job) error
}

func (c *counter) handle(_ context.Context, j model.Job) error {
	c.mu.Lock()
	c.runs[j.ID]++
	c.mu.Unlock()
	if c.fail != nil {
		return c.fail(j)
	}
	return nil
}

func setup(t *testing.T, d *db.DB) (*store.Store, *clock, *counter, func(owner string) *jobs.Runner) {
	st := store.New(d)
	clk := &clock{t: time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)}
	c := &counter{runs: map[string]int{}}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	runner := func(owner string) *jobs.Runner {
		r := jobs.New(st, clk.Now, log, map[string]jobs.Handler{"test.mail": c.handle})
		r.Owner = owner
		return r
	}
	return st, clk, c, runner
}

func enqueue(t *testing.T, st *store.Store, r *jobs.Runner) model.Job {
	t.Helper()
	var j model.Job
	err := st.Tx(ctx, func(q store.Q) error {
		var err error
		j, err = r.Enqueue(ctx, q, "test.mail", "", map[string]string{"message_id": "m1"})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return j
}

func state(t *testing.T, st *store.Store, id string) model.Job {
	t.Helper()
	j, err := store.JobByID(ctx, st.R(), id)
	if err != nil {
		t.Fatal(err)
	}
	return j
}

// A job exists exactly when the change that queued it does; it runs once and is done.
func TestQueuedWithTheChange(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		st, _, c, runner := setup(t, d)
		r := runner("w1")
		rolledBack := errors.New("the change failed")
		err := st.Tx(ctx, func(q store.Q) error {
			if _, err := r.Enqueue(ctx, q, "test.mail", "", nil); err != nil {
				return err
			}
			return rolledBack
		})
		if !errors.Is(err, rolledBack) {
			t.Fatal(err)
		}
		if n, _ := r.RunDue(ctx); n != 0 {
			t.Fatalf("a rolled-back change left %d jobs", n)
		}
		j := enqueue(t, st, r)
		if n, err := r.RunDue(ctx); n != 1 || err != nil {
			t.Fatalf("ran %d: %v", n, err)
		}
		if n, _ := r.RunDue(ctx); n != 0 || c.runs[j.ID] != 1 || state(t, st, j.ID).State != model.JobDone {
			t.Fatalf("runs %d, state %s", c.runs[j.ID], state(t, st, j.ID).State)
		}
	})
}

// Failures are retried after growing pauses; after the last attempt the job fails with its reason and a
// person can retry it. A permanent failure is not retried.
func TestRetriesAndFailure(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		st, clk, c, runner := setup(t, d)
		r := runner("w1")
		c.fail = func(model.Job) error { return errors.New("421 try later") }
		j := enqueue(t, st, r)
		for attempt := 1; attempt <= jobs.DefaultAttempts; attempt++ {
			if n, _ := r.RunDue(ctx); n != 1 {
				t.Fatalf("attempt %d did not run", attempt)
			}
			if n, _ := r.RunDue(ctx); n != 0 {
				t.Fatalf("attempt %d ran again without a pause", attempt)
			}
			clk.Add(jobs.Backoff(attempt))
		}
		got := state(t, st, j.ID)
		if got.State != model.JobFailed || got.LastError != "421 try later" || c.runs[j.ID] != jobs.DefaultAttempts {
			t.Fatalf("after %d runs: %+v", c.runs[j.ID], got)
		}
		c.fail = nil
		if err := st.Tx(ctx, func(q store.Q) error { return store.RetryJob(ctx, q, "", j.ID, clk.Now()) }); err != nil {
			t.Fatal(err)
		}
		if n, _ := r.RunDue(ctx); n != 1 || state(t, st, j.ID).State != model.JobDone {
			t.Fatalf("retry by hand: ran %d, %s", n, state(t, st, j.ID).State)
		}
		c.fail = func(model.Job) error { return jobs.Permanent(errors.New("550 no such mailbox")) }
		k := enqueue(t, st, r)
		r.RunDue(ctx)
		if got := state(t, st, k.ID); got.State != model.JobFailed || got.Attempts != 1 {
			t.Fatalf("permanent failure: %+v", got)
		}
	})
}

// A worker that dies holding a lease loses nothing: once the lease runs out another worker runs the job,
// once; the dead worker's late report cannot overwrite the outcome.
func TestCrashedWorker(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		st, clk, c, runner := setup(t, d)
		r := runner("w2")
		j := enqueue(t, st, r)
		// "w1" claims the job and dies before running it.
		err := st.Tx(ctx, func(q store.Q) error {
			_, err := store.ClaimJob(ctx, q, d.Dialect, "w1", clk.Now(), clk.Now().Add(2*time.Minute))
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		if n, _ := r.RunDue(ctx); n != 0 {
			t.Fatal("a leased job was taken before its lease ran out")
		}
		clk.Add(2*time.Minute + time.Second)
		if n, _ := r.RunDue(ctx); n != 1 || c.runs[j.ID] != 1 || state(t, st, j.ID).State != model.JobDone {
			t.Fatalf("after the lease: runs %d", c.runs[j.ID])
		}
		var kept bool
		err = st.Tx(ctx, func(q store.Q) error {
			var err error
			kept, err = store.FinishJob(ctx, q, j.ID, "w1", model.JobFailed, time.Time{}, "late", clk.Now())
			return err
		})
		if err != nil || kept || state(t, st, j.ID).State != model.JobDone {
			t.Fatalf("the dead worker's late report was kept: %v %v", kept, err)
		}
	})
}

// Workers running at the same time run each job exactly once.
func TestConcurrentWorkers(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		st, _, c, runner := setup(t, d)
		var queued []model.Job
		for range 30 {
			queued = append(queued, enqueue(t, st, runner("x")))
		}
		var wg sync.WaitGroup
		for _, owner := range []string{"a", "b", "c"} {
			wg.Add(1)
			go func() {
				defer wg.Done()
				if _, err := runner(owner).RunDue(ctx); err != nil {
					t.Error(err)
				}
			}()
		}
		wg.Wait()
		for _, j := range queued {
			if c.runs[j.ID] != 1 {
				t.Fatalf("job ran %d times, want once", c.runs[j.ID])
			}
		}
	})
}

// A handler that panics fails its job for good instead of taking the process down; a job whose runs
// keep dying with the process (claimed more often than allowed) is failed without running again.
func TestPanicsAndRunawayJobs(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		st, clk, c, runner := setup(t, d)
		r := runner("w1")
		c.fail = func(model.Job) error { panic("boom") }
		j := enqueue(t, st, r)
		if _, err := r.RunDue(ctx); err != nil {
			t.Fatal(err)
		}
		if got := state(t, st, j.ID); got.State != model.JobFailed {
			t.Fatalf("after a panic: %+v", got)
		}
		c.fail = nil
		k := enqueue(t, st, r)
		for range k.MaxAttempts + 1 { // each claim dies with its worker
			err := st.Tx(ctx, func(q store.Q) error {
				_, err := store.ClaimJob(ctx, q, d.Dialect, "dead", clk.Now(), clk.Now().Add(time.Minute))
				return err
			})
			if err != nil {
				t.Fatal(err)
			}
			clk.Add(time.Minute + time.Second)
		}
		if _, err := r.RunDue(ctx); err != nil {
			t.Fatal(err)
		}
		if got := state(t, st, k.ID); got.State != model.JobFailed || c.runs[k.ID] != 0 {
			t.Fatalf("runaway job: %+v, runs %d", got, c.runs[k.ID])
		}
	})
}
