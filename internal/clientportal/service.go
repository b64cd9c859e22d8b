// Package clientportal holds the use cases of the client portal's own users: accounts (one per email
// across practices), login and sessions, registration through an invitation or on one's own, password
// reset, connection requests, and what a person sees of the charts they can reach. Staff manage portal
// access in package clients.
package clientportal

import (
	"context"
	"errors"
	"fmt"
	"tend/internal/account"
	"tend/internal/password"
	"time"

	"tend/internal/audit"
	"tend/internal/id"
	"tend/internal/model"
	"tend/internal/outbox"
	"tend/internal/store"
)

// Limits of portal sign-in.
const (
	IdleTimeout     = 30 * time.Minute // a portal session ends after this long without a request
	AbsoluteTimeout = 12 * time.Hour   // and this long after login, whatever the activity
	touchEvery      = 30 * time.Second // last-seen is written at most this often
)

// Service runs the portal use cases.
type Service struct {
	Store *store.Store
	Audit *audit.Log
	Reads audit.ReadRecorder // nil appends each read event in its own transaction
	// Waiting, when set (the SQLite spool's ChartEvents), lists a chart's read events not yet moved into
	// the log, so "who opened my record" shows them without moving them inside the person's request.
	Waiting func(ctx context.Context, practiceID, chartID string) ([]model.AuditEvent, error)
	Now     func() time.Time
	Mail    *outbox.Outbox
	BaseURL string
	// ResetFloor is the least time a request that may send a link takes, known email or not.
	ResetFloor time.Duration
	// Passwords makes password hashes; its zero value has the standard cost.
	Passwords password.Hasher
	// Devices signs the cookies of browsers that signed in before; its zero value issues none.
	Devices account.Devices
}

func (s *Service) now() time.Time { return s.Now().UTC() }

// event starts an audit event acted by a portal account in a practice ("" for the installation's chain).
func (s *Service) event(practiceID, accountID, ip, action, recordType, recordID string) model.AuditEvent {
	actor := model.ActorPortal
	if accountID == "" {
		actor = model.ActorAnonymous
	}
	return model.AuditEvent{PracticeID: practiceID, At: s.now(), ActorType: actor, ActorID: accountID, ActorRole: "portal",
		Action: action, RecordType: recordType, RecordID: recordID, IP: ip, Outcome: model.OutcomeSuccess}
}

// recordRead audits a read that changed nothing.
func (s *Service) recordRead(ctx context.Context, e model.AuditEvent) error {
	return audit.RecordRead(ctx, s.Reads, s.Store, s.Audit, e)
}

// floor makes the calling request take at least ResetFloor; defer the returned function at its start.
func (s *Service) floor() func() {
	start := time.Now()
	return func() {
		if wait := s.ResetFloor - time.Since(start); wait > 0 {
			time.Sleep(wait)
		}
	}
}

// startSession stores a new portal session for an account inside q, ending oldToken's, and returns
// the secret for the cookie.
func (s *Service) startSession(ctx context.Context, q store.Q, accountID, oldToken string, now time.Time) (string, error) {
	if oldToken != "" {
		if err := store.DeleteSession(ctx, q, id.HashToken(oldToken)); err != nil {
			return "", err
		}
	}
	token := id.Token(32)
	err := store.InsertSession(ctx, q, model.Session{ID: id.HashToken(token), Realm: model.RealmPortal, SubjectID: accountID,
		CreatedAt: now, LastSeenAt: now, ExpiresAt: now.Add(AbsoluteTimeout)})
	return token, err
}

// Authenticate turns a portal session cookie's token into the signed-in person, ending the session when
// it is idle for IdleTimeout or older than AbsoluteTimeout.
func (s *Service) Authenticate(ctx context.Context, token, ip string) (model.PortalPrincipal, error) {
	if token == "" {
		return model.PortalPrincipal{}, model.ErrUnauthenticated
	}
	now := s.now()
	sess, acct, err := store.PortalSession(ctx, s.Store.R(), id.HashToken(token))
	if errors.Is(err, model.ErrNotFound) {
		return model.PortalPrincipal{}, model.ErrUnauthenticated
	}
	if err != nil {
		return model.PortalPrincipal{}, fmt.Errorf("clientportal: authenticate: %w", err)
	}
	if !now.Before(sess.ExpiresAt) || now.Sub(sess.LastSeenAt) >= IdleTimeout {
		if err := s.Store.Tx(ctx, func(q store.Q) error { return store.DeleteSession(ctx, q, sess.ID) }); err != nil {
			return model.PortalPrincipal{}, fmt.Errorf("clientportal: ending expired session: %w", err)
		}
		return model.PortalPrincipal{}, model.ErrUnauthenticated
	}
	// A background request (polling) is not activity: it never moves last-seen (model.Background).
	if now.Sub(sess.LastSeenAt) >= touchEvery && !model.IsBackground(ctx) {
		if err := s.Store.Tx(ctx, func(q store.Q) error { return store.TouchSession(ctx, q, sess.ID, now) }); err != nil {
			return model.PortalPrincipal{}, fmt.Errorf("clientportal: touching session: %w", err)
		}
	}
	return model.PortalPrincipal{AccountID: acct.ID, Email: acct.Email, Name: acct.Name, SessionID: sess.ID, IP: ip}, nil
}
