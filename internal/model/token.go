package model

import (
	"fmt"
	"strings"
	"time"
)

// TokenMaxDays is how far ahead an API token's expiry may be set: two years. A longer-lived secret is
// better made without an expiry on purpose, and revoked by hand, than forgotten behind a distant date.
const TokenMaxDays = 730

// TokenInput is what a person asks for when making an API token: a name and, optionally, when it stops
// working, as a date or date-time (ExpiresAt, RFC 3339) or a number of days from now. Neither means no expiry.
type TokenInput struct {
	Name          string
	ExpiresAt     string
	ExpiresInDays *int
}

// Expiry is the moment the token stops working (zero for none), checked: in the future and at most
// TokenMaxDays ahead. A date without a time means the token works through that day in loc, the
// practice's time zone; a date-time must carry its offset ("Z" or "+02:00").
func (in TokenInput) Expiry(now time.Time, loc *time.Location) (time.Time, error) {
	at := strings.TrimSpace(in.ExpiresAt)
	latest := now.AddDate(0, 0, TokenMaxDays)
	switch {
	case at != "" && in.ExpiresInDays != nil:
		return time.Time{}, FieldError("expires_at", "Give either expires_at or expires_in_days, not both.")
	case in.ExpiresInDays != nil:
		if d := *in.ExpiresInDays; d < 1 || d > TokenMaxDays {
			return time.Time{}, FieldError("expires_in_days", fmt.Sprintf("Choose between 1 and %d days (two years).", TokenMaxDays))
		}
		return now.Add(time.Duration(*in.ExpiresInDays) * 24 * time.Hour).UTC(), nil
	case at == "":
		return time.Time{}, nil
	}
	if day, err := time.ParseInLocation(time.DateOnly, at, loc); err == nil {
		n := now.In(loc)
		today := time.Date(n.Year(), n.Month(), n.Day(), 0, 0, 0, 0, loc)
		switch {
		case day.Before(today):
			return time.Time{}, FieldError("expires_at", "That date has passed. Choose today or a later date.")
		case day.After(today.AddDate(0, 0, TokenMaxDays)):
			return time.Time{}, FieldError("expires_at", fmt.Sprintf("Choose a date at most two years ahead (%s at the latest), or no expiry.",
				today.AddDate(0, 0, TokenMaxDays).Format(time.DateOnly)))
		}
		return day.AddDate(0, 0, 1).UTC(), nil // the start of the next day: the whole chosen day counts
	}
	t, err := time.Parse(time.RFC3339, at)
	switch {
	case err != nil:
		return time.Time{}, FieldError("expires_at", "Give a date like 2027-03-31, or a date and time with its offset like 2027-03-31T17:00:00Z.")
	case !t.After(now):
		return time.Time{}, FieldError("expires_at", "That time has passed. Choose one in the future.")
	case t.After(latest):
		return time.Time{}, FieldError("expires_at", "Choose a time at most two years ahead, or no expiry.")
	}
	return t.UTC(), nil
}
