package appointments

import (
	"fmt"
	"strings"
	"time"

	"github.com/teambition/rrule-go"

	"tend/internal/model"
)

// Recurrence is how a series repeats: weekly, every two weeks or monthly, until a date or for a count.
type Recurrence struct {
	Frequency string // FrequencyWeekly, FrequencyBiweekly or FrequencyMonthly
	Until     string // YYYY-MM-DD in the practice's calendar, the last day a session may fall on
	Count     int    // the number of sessions, the first included
}

// The frequencies of a series.
const (
	FrequencyWeekly   = "weekly"
	FrequencyBiweekly = "biweekly"
	FrequencyMonthly  = "monthly"
)

// expand lists a series' occurrences from first (a time in the practice's zone), keeping each one's
// local wall time across daylight-saving changes, and returns the RFC 5545 rule. A series that would
// reach more than two years (model.MaxRecurrence) past its first session is refused. A monthly series on
// the 29th to 31st skips the months that lack the day, as RFC 5545 says.
func expand(pr model.Problems, first time.Time, r Recurrence) (string, []time.Time) {
	opt := rrule.ROption{Dtstart: first}
	switch strings.TrimSpace(r.Frequency) {
	case FrequencyWeekly:
		opt.Freq, opt.Interval = rrule.WEEKLY, 1
	case FrequencyBiweekly:
		opt.Freq, opt.Interval = rrule.WEEKLY, 2
	case FrequencyMonthly:
		opt.Freq, opt.Interval = rrule.MONTHLY, 1
	default:
		pr.Add("recurrence.frequency", "Choose weekly, biweekly (every two weeks) or monthly.")
	}
	limit := first.Add(model.MaxRecurrence)
	if l := first.AddDate(2, 0, 0); l.After(limit) {
		limit = l // two calendar years, a leap day included
	}
	until := strings.TrimSpace(r.Until)
	switch {
	case until == "" && r.Count == 0:
		pr.Add("recurrence", "Say when the series ends: an end date (until) or a number of sessions (count).")
	case until != "" && r.Count != 0:
		pr.Add("recurrence", "Give an end date or a number of sessions, not both.")
	case r.Count < 0:
		pr.Add("recurrence.count", "Give the number of sessions, 1 or more.")
	case r.Count > 0:
		opt.Count = r.Count
	default:
		d, err := time.ParseInLocation(time.DateOnly, until, first.Location())
		switch {
		case err != nil:
			pr.Add("recurrence.until", "Give the end date as YYYY-MM-DD.")
		case d.Before(time.Date(first.Year(), first.Month(), first.Day(), 0, 0, 0, 0, first.Location())):
			pr.Add("recurrence.until", "The end date is before the first session.")
		case d.After(limit):
			pr.Add("recurrence.until", "A series reaches at most 2 years past its first session: choose an earlier end date.")
		default:
			opt.Until = d.AddDate(0, 0, 1).Add(-time.Second) // the whole last day
		}
	}
	if len(pr) > 0 {
		return "", nil
	}
	rr, err := rrule.NewRRule(opt)
	if err != nil {
		pr.Add("recurrence", "This recurrence cannot be expanded: "+err.Error()+".")
		return "", nil
	}
	var out []time.Time
	next := rr.Iterator()
	for t, ok := next(); ok; t, ok = next() {
		if t.After(limit) {
			pr.Add("recurrence.count", fmt.Sprintf("A series reaches at most 2 years past its first session: %d sessions go beyond it.", r.Count))
			return "", nil
		}
		out = append(out, t.UTC())
	}
	if opt.Until.IsZero() {
		return opt.RRuleString(), out
	}
	opt.Until = opt.Until.UTC() // the rule names its end in UTC
	return opt.RRuleString(), out
}
