package csvimport

import (
	"strconv"
	"strings"
	"time"
)

// DateOrder is how a file writes dates whose day and month are both numbers: month first (US) or day
// first.
type DateOrder string

// The orders; Unknown means the file does not say and the practice's date format decides.
const (
	OrderUnknown  DateOrder = ""
	MonthFirst    DateOrder = "mdy"
	DayFirst      DateOrder = "dmy"
	OrderConflict DateOrder = "conflict" // some dates are only possible day first, others only month first
)

// DetectOrder reads a column of dates written with slashes or dashes (3/14/1990, 14-03-1990): a first
// number over 12 can only be a day, a second over 12 only a day. Dates with dots are day first by
// convention and ISO dates say themselves; neither decides.
func DetectOrder(values []string) DateOrder {
	var dayFirst, monthFirst bool
	for _, v := range values {
		a, b, _, ok := numericParts(strings.TrimSpace(v))
		if !ok {
			continue
		}
		if a > 12 && b <= 12 {
			dayFirst = true
		}
		if b > 12 && a <= 12 {
			monthFirst = true
		}
	}
	switch {
	case dayFirst && monthFirst:
		return OrderConflict
	case dayFirst:
		return DayFirst
	case monthFirst:
		return MonthFirst
	}
	return OrderUnknown
}

// numericParts splits "3/14/1990" or "14-03-1990" into its three numbers, the year last and of four
// digits; ISO dates (year first) and dates with dots are not of this kind.
func numericParts(s string) (a, b, y int, ok bool) {
	sep := ""
	switch {
	case strings.Count(s, "/") == 2:
		sep = "/"
	case strings.Count(s, "-") == 2:
		sep = "-"
	default:
		return 0, 0, 0, false
	}
	parts := strings.Split(s, sep)
	if len(parts[2]) != 4 || len(parts[0]) > 2 || len(parts[1]) > 2 {
		return 0, 0, 0, false
	}
	var err error
	if a, err = strconv.Atoi(parts[0]); err != nil {
		return 0, 0, 0, false
	}
	if b, err = strconv.Atoi(parts[1]); err != nil {
		return 0, 0, 0, false
	}
	if y, err = strconv.Atoi(parts[2]); err != nil {
		return 0, 0, 0, false
	}
	return a, b, y, true
}

// textLayouts are dates with a month name, read whatever the order.
var textLayouts = []string{"Jan 2, 2006", "January 2, 2006", "2 Jan 2006", "2 January 2006", "Jan 2 2006", "January 2 2006", "02-Jan-2006", "2-Jan-2006"}

// ParseDate reads a date of birth as exports write it: ISO (1990-03-14, 1990/03/14), with slashes or
// dashes in the given order (3/14/1990 or 14/3/1990), with dots day first (14.3.1990), or with a month
// name (Mar 14, 1990; 14 March 1990). A time after the date (Excel's "3/14/1990 0:00") is dropped. It
// answers YYYY-MM-DD, or false when the value is no real date in these formats.
func ParseDate(v string, order DateOrder) (string, bool) {
	s := strings.TrimSpace(v)
	if i := strings.IndexAny(s, " T"); i > 0 && strings.Contains(s[i:], ":") {
		s = s[:i]
	}
	if len(s) >= 8 && (s[4] == '-' || s[4] == '/') && strings.Trim(s[:4], "0123456789") == "" {
		if t, err := time.Parse("2006-1-2", strings.ReplaceAll(s, "/", "-")); err == nil {
			return t.Format(time.DateOnly), true
		}
		return "", false
	}
	if strings.Count(s, ".") == 2 {
		parts := strings.Split(strings.TrimSuffix(s, "."), ".")
		if len(parts) == 3 && len(parts[2]) == 4 {
			return build(parts[2], parts[1], parts[0])
		}
		return "", false
	}
	if a, b, y, ok := numericParts(s); ok {
		if order == DayFirst {
			a, b = b, a
		}
		return build(strconv.Itoa(y), strconv.Itoa(a), strconv.Itoa(b))
	}
	for _, l := range textLayouts {
		if t, err := time.Parse(l, s); err == nil {
			return t.Format(time.DateOnly), true
		}
	}
	return "", false
}

// build checks year, month and day and writes them as YYYY-MM-DD.
func build(y, m, d string) (string, bool) {
	yy, err1 := strconv.Atoi(y)
	mm, err2 := strconv.Atoi(m)
	dd, err3 := strconv.Atoi(d)
	if err1 != nil || err2 != nil || err3 != nil || mm < 1 || mm > 12 || dd < 1 || dd > 31 {
		return "", false
	}
	t := time.Date(yy, time.Month(mm), dd, 0, 0, 0, 0, time.UTC)
	if t.Day() != dd {
		return "", false // 31 April
	}
	return t.Format(time.DateOnly), true
}
