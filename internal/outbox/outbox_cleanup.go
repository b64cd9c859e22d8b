package outbox

import (
	"context"
	"fmt"
	"time"

	"github.com/riverqueue/river"

	"tend/internal/jobs"
	"tend/internal/store"
)

// CleanupKind is the periodic job that deletes old finished messages.
const CleanupKind = "mail.cleanup"

// CleanupArgs is the cleanup job's (empty) payload.
type CleanupArgs struct{}

// Kind names the job kind for River.
func (CleanupArgs) Kind() string { return CleanupKind }

// InsertOpts makes the cleanup unique while one waits or runs, so instances never pile them up.
func (CleanupArgs) InsertOpts() river.InsertOpts {
	return jobs.OneAtATime()
}

// CleanupWorker deletes messages that finished (sent, written, failed) longer ago than Retention; River
// deletes its own finished jobs after the same period.
type CleanupWorker struct {
	river.WorkerDefaults[CleanupArgs]
	Outbox    *Outbox
	Retention time.Duration
}

// Work deletes the old messages.
func (w *CleanupWorker) Work(ctx context.Context, _ *river.Job[CleanupArgs]) error {
	before := w.Outbox.Now().UTC().Add(-w.Retention)
	return w.Outbox.Store.Tx(ctx, func(q store.Q) error {
		if _, err := store.DeleteOldMail(ctx, q, before); err != nil {
			return fmt.Errorf("outbox: cleanup: %w", err)
		}
		if _, err := store.FailOrphanedMail(ctx, q, orphanReason); err != nil {
			return fmt.Errorf("outbox: cleanup: %w", err)
		}
		return nil
	})
}

// orphanReason is what the Mail log says of a message whose sending job stopped without a result.
const orphanReason = "Sending stopped without a result (Tend was stopped during the last try). Retry sends it again."

// CleanupEvery is how often the leader queues a cleanup.
const CleanupEvery = time.Hour

// CleanupJob is the periodic job for River: queued every hour, and at start, by the elected leader only.
func CleanupJob() *river.PeriodicJob {
	return jobs.Periodic(CleanupKind, CleanupEvery, CleanupArgs{})
}
