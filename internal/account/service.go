// Package account holds the use cases of installations, practices and staff: setup, login and sessions,
// API tokens, staff management, passwords and practice settings. Every front door calls these.
package account

import (
	"errors"
	"tend/internal/password"
	"time"

	"tend/internal/audit"
	"tend/internal/authz"
	"tend/internal/id"
	"tend/internal/model"
	"tend/internal/outbox"
	"tend/internal/sealed"
	"tend/internal/store"
)

// Limits of staff sign-in.
const (
	AbsoluteTimeout  = 12 * time.Hour   // a session ends this long after login, whatever the activity
	ThrottleWindow   = 15 * time.Minute // failed logins are counted over this window
	ThrottleAttempts = 10               // failures allowed in the window before login is refused
	// LockoutNoticeQuiet is the least time between two emails telling one account holder that wrong
	// passwords paused sign-in.
	LockoutNoticeQuiet = 24 * time.Hour
	touchEvery         = 30 * time.Second // last-seen is written at most this often, to spare the database
	tokenPrefix        = "tend_"
)

// ErrBadCredentials is the one answer to a wrong email or password, so accounts cannot be discovered.
var ErrBadCredentials = errors.New("email or password is incorrect")

// ErrAlreadySetUp refuses a second setup of the installation.
var ErrAlreadySetUp = errors.New("this installation is already set up")

// Service runs the account use cases against a store with a clock.
type Service struct {
	Store   *store.Store
	Audit   *audit.Log
	Now     func() time.Time
	Mail    *outbox.Outbox // password reset links; nil sends none
	BaseURL string         // the public address, for links in email
	// ResetFloor is the least time a password-reset request takes, known email or not, so its timing
	// does not tell who has an account.
	ResetFloor time.Duration
	// Passwords makes password hashes; its zero value has the standard cost.
	Passwords password.Hasher
	// Devices signs the cookies of browsers that signed in before; its zero value issues none.
	Devices Devices
	// TwoStepSeal seals authenticator secrets at rest; RecoveryKey keys the hashes of recovery codes.
	// Both are derived from the installation's secret key.
	TwoStepSeal *sealed.Box
	RecoveryKey []byte
}

func (s *Service) now() time.Time { return s.Now().UTC() }

// Capabilities is what p may do across the practice, for pages and API answers to show or hide actions.
func (s *Service) Capabilities(p model.Principal) authz.Capabilities { return authz.CapabilitiesOf(p) }

// hashToken is how session and API secrets are stored: their SHA-256, never the secret itself.
func hashToken(token string) string { return id.HashToken(token) }

// event starts an audit event acted by p.
func (s *Service) event(p model.Principal, action, recordType, recordID string) model.AuditEvent {
	actor, role := model.ActorStaff, string(p.Role)
	if p.StaffID == "" {
		actor, role = model.ActorSystem, "" // a command run by the operator, not a person signed in
	}
	return model.AuditEvent{
		PracticeID: p.PracticeID,
		At:         s.now(),
		ActorType:  actor,
		ActorID:    p.StaffID,
		ActorRole:  role,
		Action:     action,
		RecordType: recordType,
		RecordID:   recordID,
		IP:         p.IP,
		Outcome:    model.OutcomeSuccess,
	}
}
