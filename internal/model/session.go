package model

import "time"

// Session realms: staff sign in to the app, clients and contacts to the portal.
const (
	RealmStaff  = "staff"
	RealmPortal = "portal"
)

// Session is a signed-in browser. Its ID is the SHA-256 of the secret token in the cookie.
type Session struct {
	ID         string
	Realm      string
	SubjectID  string
	PracticeID string
	CreatedAt  time.Time
	LastSeenAt time.Time
	ExpiresAt  time.Time // the absolute end, whatever the activity
}
