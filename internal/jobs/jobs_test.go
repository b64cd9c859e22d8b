package jobs_test

import (
	"context"
	"database/sql"
	"errors"
	"io"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"

	"tend/internal/db"
	"tend/internal/jobs"
	"tend/internal/testdb"
)

var ctx = context.Background()

// testArgs is a job whose Mode says how its run ends.
type testArgs struct {
	N    int    `json:"n"`
	Mode string `json:"mode"` // "", fail, permanent, panic, slow
}

func (testArgs) Kind() string { return "test" }

// counter counts runs per job number.
type counter struct {
	river.WorkerDefaults[testArgs]
	mu   sync.Mutex
	runs map[int]int
}

func (c *counter) Timeout(j *river.Job[testArgs]) time.Duration {
	if j.Args.Mode == "slow" {
		return 50 * time.Millisecond
	}
	return 0 // the client's default
}

func (c *counter) Work(ctx context.Context, j *river.Job[testArgs]) error {
	c.mu.Lock()
	c.runs[j.Args.N]++
	c.mu.Unlock()
	switch j.Args.Mode {
	case "fail":
		return errors.New("the server said no")
	case "permanent":
		return jobs.Permanent(errors.New("no such record"))
	case "panic":
		panic("handler bug")
	case "slow":
		<-ctx.Done() // a mail server that never answers
		return ctx.Err()
	}
	return nil
}

func (c *counter) count(n int) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.runs[n]
}

func newQueue(t *testing.T, d *db.DB, c *counter, periodic ...*river.PeriodicJob) *jobs.Queue {
	t.Helper()
	workers := river.NewWorkers()
	river.AddWorker(workers, c)
	q, err := jobs.New(d, slog.New(slog.NewTextHandler(io.Discard, nil)), workers, jobs.Options{Poll: 10 * time.Millisecond, Periodic: periodic})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = q.Stop() })
	return q
}

func enqueue(t *testing.T, d *db.DB, q *jobs.Queue, args testArgs, opts *river.InsertOpts) int64 {
	t.Helper()
	var id int64
	err := d.WithTx(ctx, func(tx *sql.Tx) error {
		var err error
		id, err = q.Enqueue(ctx, tx, args, opts)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return id
}

func state(t *testing.T, q *jobs.Queue, id int64) *rivertype.JobRow {
	t.Helper()
	j, err := q.Client.JobGet(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	return j
}

// Issue 11, item 3: a job exists exactly when the change that queued it does (it goes into the change's
// own transaction, on both engines), and it runs once.
func TestQueuedWithTheChange(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		c := &counter{runs: map[int]int{}}
		q := newQueue(t, d, c)
		boom := errors.New("the change failed")
		err := d.WithTx(ctx, func(tx *sql.Tx) error {
			if _, err := q.Enqueue(ctx, tx, testArgs{N: 1}, nil); err != nil {
				return err
			}
			return boom
		})
		if !errors.Is(err, boom) {
			t.Fatal(err)
		}
		if _, err := q.Enqueue(ctx, d.W, testArgs{N: 2}, nil); err == nil {
			t.Fatal("a job was queued outside a transaction")
		}
		id := enqueue(t, d, q, testArgs{N: 3}, nil)
		if n, err := q.RunDue(ctx); n != 1 || err != nil {
			t.Fatalf("ran %d jobs (%v), want 1", n, err)
		}
		if n, _ := q.RunDue(ctx); n != 0 {
			t.Fatalf("ran %d jobs again", n)
		}
		if c.count(1) != 0 || c.count(2) != 0 || c.count(3) != 1 {
			t.Fatalf("runs %v", c.runs)
		}
		if j := state(t, q, id); j.State != rivertype.JobStateCompleted {
			t.Fatalf("state %s", j.State)
		}
	})
}

// Issue 11, item 3: unique jobs are queued once; a job scheduled for later waits for its time.
func TestUniqueAndScheduled(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		c := &counter{runs: map[int]int{}}
		q := newQueue(t, d, c)
		unique := &river.InsertOpts{UniqueOpts: river.UniqueOpts{ByArgs: true}}
		a := enqueue(t, d, q, testArgs{N: 1}, unique)
		b := enqueue(t, d, q, testArgs{N: 1}, unique)
		if a != b {
			t.Fatalf("a unique job was queued twice: %d and %d", a, b)
		}
		later := enqueue(t, d, q, testArgs{N: 2}, &river.InsertOpts{ScheduledAt: time.Now().Add(time.Hour)})
		if n, err := q.RunDue(ctx); n != 1 || err != nil {
			t.Fatalf("ran %d (%v), want 1", n, err)
		}
		if c.count(1) != 1 || c.count(2) != 0 {
			t.Fatalf("runs %v", c.runs)
		}
		if j := state(t, q, later); j.State != rivertype.JobStateScheduled {
			t.Fatalf("the later job is %s", j.State)
		}
	})
}

// Issue 11, item 3: a failure is retried after a pause of 30 s, then growing; a permanent failure is
// cancelled at once with its reason; a panic fails the run, not the process; a run longer than its
// timeout is stopped and retried, so it cannot run on until it is taken for dead and sent twice.
func TestFailures(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		c := &counter{runs: map[int]int{}}
		q := newQueue(t, d, c)
		fail := enqueue(t, d, q, testArgs{N: 1, Mode: "fail"}, nil)
		perm := enqueue(t, d, q, testArgs{N: 2, Mode: "permanent"}, nil)
		pan := enqueue(t, d, q, testArgs{N: 3, Mode: "panic"}, nil)
		slow := enqueue(t, d, q, testArgs{N: 4, Mode: "slow"}, nil)
		start := time.Now()
		if n, err := q.RunDue(ctx); n != 4 || err != nil {
			t.Fatalf("ran %d (%v), want 4", n, err)
		}
		if time.Since(start) > 20*time.Second {
			t.Fatalf("the slow job held the worker for %v", time.Since(start))
		}
		for _, id := range []int64{fail, pan, slow} {
			j := state(t, q, id)
			if j.State != rivertype.JobStateRetryable || len(j.Errors) != 1 {
				t.Fatalf("job %d (%s): state %s, %d errors", id, j.Kind, j.State, len(j.Errors))
			}
			if wait := j.ScheduledAt.Sub(j.Errors[0].At); wait < 29*time.Second || wait > 31*time.Second {
				t.Fatalf("job %d retries %v after its failure, want 30 s", id, wait)
			}
		}
		if j := state(t, q, slow); !strings.Contains(j.Errors[0].Error, "deadline") {
			t.Fatalf("the slow job ended with %q, not its timeout", j.Errors[0].Error)
		}
		if j := state(t, q, perm); j.State != rivertype.JobStateCancelled || len(j.Errors) != 1 || !strings.Contains(j.Errors[0].Error, "no such record") {
			t.Fatalf("permanent failure: %s %+v", j.State, j.Errors)
		}
	})
}

// Issue 11, item 3: two instances working one database run each job exactly once.
func TestConcurrentWorkers(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		c := &counter{runs: map[int]int{}}
		a, b := newQueue(t, d, c), newQueue(t, d, c)
		const n = 40
		for i := range n {
			enqueue(t, d, a, testArgs{N: i}, nil)
		}
		if err := a.Start(ctx); err != nil {
			t.Fatal(err)
		}
		if err := b.Start(ctx); err != nil {
			t.Fatal(err)
		}
		if _, err := a.RunDue(ctx); err != nil {
			t.Fatal(err)
		}
		for i := range n {
			if got := c.count(i); got != 1 {
				t.Fatalf("job %d ran %d times", i, got)
			}
		}
	})
}

// Issue 11, item 3: a periodic job is queued by the one elected leader, not by every instance.
func TestPeriodicOnTheLeaderOnly(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		c := &counter{runs: map[int]int{}}
		every := func() *river.PeriodicJob {
			return river.NewPeriodicJob(river.PeriodicInterval(time.Hour),
				func() (river.JobArgs, *river.InsertOpts) { return testArgs{N: 7}, nil }, &river.PeriodicJobOpts{RunOnStart: true})
		}
		instances := []*jobs.Queue{newQueue(t, d, c, every()), newQueue(t, d, c, every()), newQueue(t, d, c, every())}
		for _, q := range instances {
			if err := q.Start(ctx); err != nil {
				t.Fatal(err)
			}
		}
		deadline := time.Now().Add(10 * time.Second)
		for c.count(7) == 0 && time.Now().Before(deadline) {
			time.Sleep(20 * time.Millisecond)
		}
		time.Sleep(time.Second) // room for a second instance's run, were there one
		if got := c.count(7); got != 1 {
			t.Fatalf("the periodic job ran %d times across 3 instances, want 1", got)
		}
	})
}

func TestBackoff(t *testing.T) {
	t.Parallel()
	for n, want := range map[int]time.Duration{1: 30 * time.Second, 2: time.Minute, 3: 2 * time.Minute, 8: time.Hour, 20: time.Hour} {
		if got := jobs.Backoff(n); got != want {
			t.Errorf("Backoff(%d) = %v, want %v", n, got, want)
		}
	}
}
