package imports

import (
	"context"
	"time"

	"github.com/riverqueue/river"
)

// JobKind is the job kind that carries out a committed import.
const JobKind = "clients.import"

// jobTimeout bounds one run, under the queue's rescue period: 100,000 rows take seconds.
const jobTimeout = 8 * time.Minute

// JobArgs is an import job's payload: the import's id only.
type JobArgs struct {
	ImportID string `json:"import_id"`
}

// Kind names the job kind for River.
func (JobArgs) Kind() string { return JobKind }

// InsertOpts makes the job unique per import.
func (JobArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{UniqueOpts: river.UniqueOpts{ByArgs: true}}
}

// Worker runs a committed import; Run does nothing for one already finished, so a retry repeats nothing.
type Worker struct {
	river.WorkerDefaults[JobArgs]
	Imports *Service
}

// Timeout bounds one run; see jobTimeout.
func (w *Worker) Timeout(*river.Job[JobArgs]) time.Duration { return jobTimeout }

// Work runs the import.
func (w *Worker) Work(ctx context.Context, j *river.Job[JobArgs]) error {
	return w.Imports.Run(ctx, j.Args.ImportID)
}
