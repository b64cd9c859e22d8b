package model

import "time"

// BulkState is where a bulk operation stands.
type BulkState string

// The bulk operation states.
const (
	BulkQueued  BulkState = "queued"
	BulkRunning BulkState = "running"
	BulkDone    BulkState = "done"
	BulkFailed  BulkState = "failed"
)

// BulkOperation is one bulk action on many charts that runs in the background, chunk by chunk.
type BulkOperation struct {
	ID         string
	PracticeID string
	ActorID    string // the staff member who asked; the run acts with their role
	ActorRole  Role
	ActorIP    string
	Action     string // deactivate, reactivate, archive, restore, delete, tag, untag
	TagID      string // for tag and untag
	ChartIDs   []string
	Total      int
	Done       int // how many of ChartIDs have been worked through
	Changed    int // how many of those changed (the rest were already as asked)
	State      BulkState
	Error      string // what stopped it, in words for people
	CreatedAt  time.Time
	UpdatedAt  time.Time
}

// Finished reports whether the operation will make no more progress.
func (o BulkOperation) Finished() bool { return o.State == BulkDone || o.State == BulkFailed }

// Percent is how far the operation got, 0 to 100.
func (o BulkOperation) Percent() int {
	if o.Total == 0 {
		return 100
	}
	return o.Done * 100 / o.Total
}
