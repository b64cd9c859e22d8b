// Package calfeed holds each clinician's secret calendar feed (AP-2, issue 16, item 7): an iCalendar
// address a calendar app subscribes to, listing the person's own appointments with the client's initials
// (or names, when the practice allows), never the service or anything clinical. Only the SHA-256 of the
// address's token is stored; making a new address replaces it, and the old one stops at once.
package calfeed

import (
	"bytes"
	"context"
	"crypto/subtle"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	ics "github.com/arran4/golang-ical"

	"tend/internal/audit"
	"tend/internal/authz"
	"tend/internal/id"
	"tend/internal/model"
	"tend/internal/store"
)

// The feed's window: from a month back (sessions just past stay on the phone) to a year ahead, and at
// most MaxEvents events, so one read is bounded whatever the calendar holds.
const (
	Behind    = 30 * 24 * time.Hour
	Ahead     = 365 * 24 * time.Hour
	MaxEvents = 5000
)

// tokenBytes is the secret's length: 32 random bytes, 64 hex characters in the address.
const tokenBytes = 32

// Service runs the calendar feed use cases.
type Service struct {
	Store *store.Store
	Audit *audit.Log
	// Reads records read events; nil appends each in its own transaction.
	Reads audit.ReadRecorder
	Now   func() time.Time
	// BaseURL is the installation's address: feed URLs start with it, and event UIDs end with its host.
	BaseURL string
}

// Feed is whether a person has a feed, and since when. The address itself is known only when it is made.
type Feed struct {
	Exists    bool
	CreatedAt time.Time
}

func (s *Service) now() time.Time { return s.Now().UTC().Truncate(time.Millisecond) }

// Status tells whether the person has a feed.
func (s *Service) Status(ctx context.Context, p model.Principal) (Feed, error) {
	if !authz.PracticeWide(p, authz.View, authz.CalendarFeeds) {
		return Feed{}, fmt.Errorf("calfeed: status: %w", model.ErrForbidden)
	}
	f, err := store.CalendarFeedOf(ctx, s.Store.R(), p.StaffID)
	switch {
	case errors.Is(err, model.ErrNotFound):
		return Feed{}, nil
	case err != nil:
		return Feed{}, fmt.Errorf("calfeed: status: %w", err)
	}
	return Feed{Exists: true, CreatedAt: f.CreatedAt}, nil
}

// Create makes the person a new feed address, replacing any they had (the old one answers 404 from
// now on), and returns it: this is the only time the address is known.
func (s *Service) Create(ctx context.Context, p model.Principal) (Feed, string, error) {
	if !authz.PracticeWide(p, authz.Create, authz.CalendarFeeds) {
		return Feed{}, "", fmt.Errorf("calfeed: create: %w", model.ErrForbidden)
	}
	token := id.Token(tokenBytes)
	f := store.CalendarFeed{StaffID: p.StaffID, PracticeID: p.PracticeID, TokenHash: id.HashToken(token), CreatedAt: s.now()}
	e := audit.StaffEvent(p, f.CreatedAt, "calendar_feed.create", "", "calendar_feed", p.StaffID)
	err := s.Store.Tx(ctx, func(q store.Q) error {
		if err := store.PutCalendarFeed(ctx, q, f); err != nil {
			return err
		}
		return s.Audit.Append(ctx, q, e)
	})
	if err != nil {
		return Feed{}, "", fmt.Errorf("calfeed: create: %w", err)
	}
	return Feed{Exists: true, CreatedAt: f.CreatedAt}, s.URL(token), nil
}

// URL is the feed address of a token.
func (s *Service) URL(token string) string {
	return strings.TrimRight(s.BaseURL, "/") + "/calendar/" + token + ".ics"
}

// validToken reports whether t has the shape of a token, so junk is refused without a query.
func validToken(t string) bool {
	if len(t) != 2*tokenBytes {
		return false
	}
	for _, r := range t {
		if !(r >= '0' && r <= '9' || r >= 'a' && r <= 'f') {
			return false
		}
	}
	return true
}

// Render answers the feed of a token as iCalendar, with ip for the audit log. An unknown or replaced
// token, or a deactivated person's, is model.ErrNotFound. Each read is audited with the staff id,
// never the token.
func (s *Service) Render(ctx context.Context, token, ip string) ([]byte, error) {
	if !validToken(token) {
		return nil, fmt.Errorf("calfeed: read: %w", model.ErrNotFound)
	}
	hash := id.HashToken(token)
	r := s.Store.R()
	f, err := store.CalendarFeedByHash(ctx, r, hash)
	if err != nil {
		return nil, fmt.Errorf("calfeed: read: %w", err)
	}
	// The index found the row; the comparison that decides does not leak how much of it matched.
	if subtle.ConstantTimeCompare([]byte(f.TokenHash), []byte(hash)) != 1 {
		return nil, fmt.Errorf("calfeed: read: %w", model.ErrNotFound)
	}
	pr, err := store.PracticeByID(ctx, r, f.PracticeID)
	if err != nil {
		return nil, fmt.Errorf("calfeed: read: %w", err)
	}
	now := s.now()
	appts, err := store.FeedAppointments(ctx, r, f.PracticeID, f.StaffID, now.Add(-Behind), now.Add(Ahead), MaxEvents)
	if err != nil {
		return nil, fmt.Errorf("calfeed: read: %w", err)
	}
	e := model.AuditEvent{PracticeID: f.PracticeID, At: now, ActorType: model.ActorStaff, ActorID: f.StaffID, ActorRole: string(f.Role),
		Action: "calendar_feed.read", RecordType: "calendar_feed", RecordID: f.StaffID, IP: ip, Outcome: model.OutcomeSuccess,
		Detail: fmt.Sprintf("events=%d", len(appts))}
	if err := audit.RecordRead(ctx, s.Reads, s.Store, s.Audit, e); err != nil {
		return nil, fmt.Errorf("calfeed: read: %w", err)
	}
	return s.calendar(pr, appts, now)
}

// calendar writes the events: UTC times, the client's initials (or name), the place and the status.
func (s *Service) calendar(pr model.Practice, appts []store.FeedAppointment, now time.Time) ([]byte, error) {
	host := "tend"
	if u, err := url.Parse(s.BaseURL); err == nil && u.Hostname() != "" {
		host = u.Hostname()
	}
	cal := ics.NewCalendarFor("Tend")
	cal.SetMethod(ics.MethodPublish)
	cal.SetXWRCalName(pr.Name + " appointments")
	for _, a := range appts {
		ev := cal.AddEvent(a.ID + "@" + host)
		ev.SetDtStampTime(now)
		ev.SetModifiedAt(a.UpdatedAt)
		ev.SetStartAt(a.StartsAt)
		ev.SetEndAt(a.StartsAt.Add(time.Duration(a.DurationMinutes) * time.Minute))
		ev.SetSummary(Summary(a, pr.FeedClientNames))
		if loc := location(a); loc != "" {
			ev.SetLocation(loc)
		}
		switch a.Status {
		case model.AppointmentCancelled, model.AppointmentLateCancel:
			ev.SetStatus(ics.ObjectStatusCancelled)
		default:
			ev.SetStatus(ics.ObjectStatusConfirmed)
		}
	}
	var b bytes.Buffer
	if err := cal.SerializeTo(&b); err != nil {
		return nil, fmt.Errorf("calfeed: write: %w", err)
	}
	return b.Bytes(), nil
}

func location(a store.FeedAppointment) string {
	loc := strings.TrimSpace(a.Location)
	if loc == "" && a.LocationKind == model.LocationTelehealth {
		return "Telehealth"
	}
	return loc
}

// Summary is an event's title: the client's name when names is true, otherwise initials ("R. R.").
// A group chart (couple, family) is named by its group name, or that name's initials.
func Summary(a store.FeedAppointment, names bool) string {
	if a.ChartKind == model.KindGroup {
		if names {
			return strings.TrimSpace(a.GroupName)
		}
		return Initials(strings.Fields(a.GroupName))
	}
	if names {
		return strings.TrimSpace(strings.TrimSpace(a.FirstName) + " " + strings.TrimSpace(a.LastName))
	}
	first, last := strings.Fields(a.FirstName), strings.Fields(a.LastName)
	if len(first) > 1 {
		first = first[:1] // a middle name adds nothing to the initials
	}
	if len(last) > 1 {
		last = last[len(last)-1:]
	}
	return Initials(append(first, last...))
}

// Initials are the first letters of words, each followed by a dot: "R. R.". At most three.
func Initials(words []string) string {
	var out []string
	for _, w := range words {
		r, _ := utf8.DecodeRuneInString(w)
		if r == utf8.RuneError || !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			continue
		}
		out = append(out, string(unicode.ToUpper(r))+".")
		if len(out) == 3 {
			break
		}
	}
	if len(out) == 0 {
		return "Appointment"
	}
	return strings.Join(out, " ")
}
