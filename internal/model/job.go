package model

import "time"

// JobState is where a background job stands.
type JobState string

// The job states.
const (
	JobQueued JobState = "queued" // waiting for its time, or being run under a lease
	JobDone   JobState = "done"
	JobFailed JobState = "failed" // out of attempts; a person may retry it
)

// Job is one unit of background work, such as sending one email. Its payload holds ids only.
type Job struct {
	ID          string
	Kind        string
	Payload     string // JSON
	PracticeID  string
	State       JobState
	RunAt       time.Time
	Attempts    int
	MaxAttempts int
	LastError   string
	CreatedAt   time.Time
	UpdatedAt   time.Time
}
