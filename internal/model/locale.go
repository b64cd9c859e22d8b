package model

import (
	"fmt"
	"time"
)

// DateFormat is how a practice writes dates and times on pages, PDFs and emails (CL-11). Dates in the
// JSON API stay RFC 3339, and date inputs stay ISO, as HTML requires.
type DateFormat string

// The date formats a practice can choose.
const (
	DateUS       DateFormat = "us"   // 04/17/1991, 3:30 PM
	DateDayFirst DateFormat = "dmy"  // 17/04/1991, 15:30 (UK, Ireland, Australia, New Zealand)
	DateISO      DateFormat = "iso"  // 1991-04-17, 15:30
	DateLong     DateFormat = "long" // 17 Apr 1991, 15:30
)

// DefaultDateFormat is the format of a new practice. Tend is made for US practices first (988 as the
// default crisis line, insurance billing), so their format is the default; any practice changes it in
// Settings → Practice.
const DefaultDateFormat = DateUS

// DateFormats lists the formats in the order Settings offers them.
func DateFormats() []DateFormat { return []DateFormat{DateUS, DateDayFirst, DateISO, DateLong} }

// Valid reports whether f is one of DateFormats.
func (f DateFormat) Valid() bool {
	switch f {
	case DateUS, DateDayFirst, DateISO, DateLong:
		return true
	}
	return false
}

// layouts are the Go layouts of f's date and clock; an unknown format writes as DefaultDateFormat.
func (f DateFormat) layouts() (date, clock string) {
	switch f {
	case DateDayFirst:
		return "02/01/2006", "15:04"
	case DateISO:
		return "2006-01-02", "15:04"
	case DateLong:
		return "2 Jan 2006", "15:04"
	}
	return "01/02/2006", "3:04 PM"
}

// exampleTime is the moment the labels show: 17 April 1991, 15:30.
var exampleTime = time.Date(1991, 4, 17, 15, 30, 0, 0, time.UTC)

// Label is the format as Settings offers it, with an example written in it.
func (f DateFormat) Label() string {
	name := map[DateFormat]string{DateUS: "United States", DateDayFirst: "Day first (UK, Ireland, Australia)",
		DateISO: "International (ISO 8601)", DateLong: "Written month"}[f]
	return fmt.Sprintf("%s: %s", name, Locale{Format: f}.Time(exampleTime))
}

// ValidateDateFormat checks a chosen date format.
func ValidateDateFormat(p Problems, field string, f DateFormat) {
	if !f.Valid() {
		p.Add(field, "Choose one of the date formats: us (04/17/1991), dmy (17/04/1991), iso (1991-04-17) or long (17 Apr 1991).")
	}
}

// Locale is how dates and times are shown to the people of one practice: its time zone and its date
// format. The zero Locale is UTC in the default format.
type Locale struct {
	Zone   *time.Location
	Format DateFormat
}

// NewLocale is the locale of a practice with time zone tz (UTC when it cannot be loaded) and format f.
func NewLocale(tz string, f DateFormat) Locale {
	loc, err := time.LoadLocation(tz)
	if err != nil {
		loc = time.UTC
	}
	return Locale{Zone: loc, Format: f}
}

// In is t in the locale's time zone.
func (l Locale) In(t time.Time) time.Time {
	if l.Zone == nil {
		return t.UTC()
	}
	return t.In(l.Zone)
}

// Date writes t's day in the locale's time zone: 04/17/1991.
func (l Locale) Date(t time.Time) string {
	d, _ := l.Format.layouts()
	return l.In(t).Format(d)
}

// Clock writes t's time of day in the locale's time zone: 3:30 PM.
func (l Locale) Clock(t time.Time) string {
	_, c := l.Format.layouts()
	return l.In(t).Format(c)
}

// Time writes t's day and time in the locale's time zone: 04/17/1991, 3:30 PM.
func (l Locale) Time(t time.Time) string { return l.Date(t) + ", " + l.Clock(t) }

// Day writes a calendar date kept as YYYY-MM-DD (a date of birth, a date answer), with no time zone
// conversion: it is the same day everywhere. Text that is not such a date is returned as it is.
func (l Locale) Day(iso string) string {
	t, err := time.Parse(time.DateOnly, iso)
	if err != nil {
		return iso
	}
	d, _ := l.Format.layouts()
	return t.Format(d)
}

// LocalDate is the templates' localDate: a moment's day in the locale (a time.Time), or a calendar date
// kept as YYYY-MM-DD (a string); "—" when there is none. Any other value is a template bug, reported as
// an error so the page fails in tests rather than showing something wrong.
func LocalDate(v any, l Locale) (string, error) {
	switch v := v.(type) {
	case time.Time:
		if v.IsZero() {
			return "—", nil
		}
		return l.Date(v), nil
	case string:
		if v == "" {
			return "—", nil
		}
		return l.Day(v), nil
	}
	return "", fmt.Errorf("localDate: a time.Time or a YYYY-MM-DD string, not %T", v)
}

// LocalTime is the templates' localTime: a moment's day and time in the locale, "—" when there is none.
func LocalTime(t time.Time, l Locale) string {
	if t.IsZero() {
		return "—"
	}
	return l.Time(t)
}

// Locale is how the practice's dates and times are shown.
func (p Practice) Locale() Locale { return Locale{Zone: p.Location(), Format: p.DateFormat} }
