package model

import "time"

// ImportState is where a CSV client import stands (IM-1).
type ImportState string

// The states of an import, in the wizard's order.
const (
	ImportUploaded ImportState = "uploaded" // the file is kept; columns not yet mapped
	ImportMapped   ImportState = "mapped"   // the mapping is saved; the preview can be read
	ImportQueued   ImportState = "queued"   // committed: the job that imports it is waiting
	ImportRunning  ImportState = "running"  // the job is writing, in one transaction
	ImportDone     ImportState = "done"     // every row written (or skipped), in one go
	ImportFailed   ImportState = "failed"   // stopped: nothing was written
	ImportUndone   ImportState = "undone"   // the clients it created were removed again
)

// ClientImport is one CSV file brought into a practice, from upload to summary (IM-1).
type ClientImport struct {
	ID, PracticeID, StaffID string
	FileName                string
	Size                    int64
	Content                 []byte   // the file as uploaded; only loaded where it is read
	Mapping                 []string // the field of each column, by position ("" leaves it out)
	DateOrder               string   // "mdy" or "dmy" chosen by the person; "" lets the file and the practice decide
	UpdateRows              []int    // rows whose duplicate updates the existing client instead of being skipped
	State                   ImportState
	Total                   int // rows in the file
	Created, Updated        int
	Skipped                 int
	Error                   string
	CreatedAt, UpdatedAt    time.Time
	CommittedAt, UndoneAt   time.Time
}

// Finished reports an import whose job has ended, well or not.
func (c ClientImport) Finished() bool {
	return c.State == ImportDone || c.State == ImportFailed || c.State == ImportUndone
}

// Working reports an import that was committed and whose job has not ended.
func (c ClientImport) Working() bool { return c.State == ImportQueued || c.State == ImportRunning }

// ImportRecord is a chart an import created or updated, for undo: Before is the chart as it was
// before an update (JSON), empty for a chart the import created.
type ImportRecord struct {
	ChartID, PersonID, GuardianPersonID string
	Before                              string
}
