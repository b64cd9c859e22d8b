package clients

import (
	"context"
	"time"

	"github.com/riverqueue/river"
)

// BulkJobKind is the job kind that runs a large bulk action in the background.
const BulkJobKind = "clients.bulk"

// bulkJobTimeout bounds one run of a bulk job, under the queue's rescue period. A run that takes longer
// stops between chunks and the retry carries on from the stored progress.
const bulkJobTimeout = 5 * time.Minute

// BulkArgs is a bulk job's payload: the operation's id only.
type BulkArgs struct {
	OperationID string `json:"operation_id"`
}

// Kind names the job kind for River.
func (BulkArgs) Kind() string { return BulkJobKind }

// InsertOpts makes the job unique per operation.
func (BulkArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{UniqueOpts: river.UniqueOpts{ByArgs: true}}
}

// BulkWorker runs a queued bulk operation; RunBulk resumes it from its stored progress, so a retry after
// a crash or a timeout repeats nothing.
type BulkWorker struct {
	river.WorkerDefaults[BulkArgs]
	Clients *Service
}

// Timeout bounds one run; see bulkJobTimeout.
func (w *BulkWorker) Timeout(*river.Job[BulkArgs]) time.Duration { return bulkJobTimeout }

// Work runs the operation.
func (w *BulkWorker) Work(ctx context.Context, j *river.Job[BulkArgs]) error {
	return w.Clients.RunBulk(ctx, j.Args.OperationID)
}
