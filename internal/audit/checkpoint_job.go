package audit

import (
	"context"
	"time"

	"github.com/riverqueue/river"

	"tend/internal/jobs"
)

// CheckpointKind is the periodic job that writes the chains' heads to the checkpoint file.
const CheckpointKind = "audit.checkpoint"

// CheckpointArgs is the checkpoint job's (empty) payload.
type CheckpointArgs struct{}

// Kind names the job kind for River.
func (CheckpointArgs) Kind() string { return CheckpointKind }

// InsertOpts makes the job unique while one waits or runs, so several instances never pile them up.
func (CheckpointArgs) InsertOpts() river.InsertOpts {
	return jobs.OneAtATime()
}

// CheckpointWorker runs the checkpoint job.
type CheckpointWorker struct {
	river.WorkerDefaults[CheckpointArgs]
	Checkpointer *Checkpointer
}

// Work writes the checkpoints.
func (w *CheckpointWorker) Work(ctx context.Context, _ *river.Job[CheckpointArgs]) error {
	_, err := w.Checkpointer.Write(ctx)
	return err
}

// CheckpointJob is the periodic job for River: queued every interval, and at start, by the elected
// leader only; whichever instance works it writes into its own data folder.
func CheckpointJob(every time.Duration) *river.PeriodicJob {
	return jobs.Periodic(CheckpointKind, every, CheckpointArgs{})
}
