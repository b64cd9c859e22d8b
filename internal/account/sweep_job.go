package account

import (
	"context"
	"time"

	"github.com/riverqueue/river"

	"tend/internal/jobs"
)

// SweepKind is the periodic job that runs Sweep.
const SweepKind = "account.sweep"

// SweepEvery is how often the leader queues the sweep. Timeouts are enforced on every request
// regardless; the sweep only keeps the tables small.
const SweepEvery = 10 * time.Minute

// SweepArgs is the sweep's (empty) payload.
type SweepArgs struct{}

// Kind names the job kind for River.
func (SweepArgs) Kind() string { return SweepKind }

// InsertOpts makes the sweep unique while one waits or runs, so instances never pile them up.
func (SweepArgs) InsertOpts() river.InsertOpts { return jobs.OneAtATime() }

// SweepWorker runs the sweep.
type SweepWorker struct {
	river.WorkerDefaults[SweepArgs]
	Accounts *Service
}

// Work removes ended sessions, old sign-in failures and long-expired tokens.
func (w *SweepWorker) Work(ctx context.Context, _ *river.Job[SweepArgs]) error {
	return w.Accounts.Sweep(ctx)
}

// SweepJob is the periodic job for River: queued every SweepEvery, and at start, by the elected leader
// only, so several instances do not sweep the same rows at once.
func SweepJob() *river.PeriodicJob {
	return jobs.Periodic(SweepKind, SweepEvery, SweepArgs{})
}
