package model_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"tend/internal/model"
)

// Issue 13, item 4: each date format writes a moment in the practice's time zone (here the evening
// before in Chicago, and after the switch to daylight time), and a calendar date (a date of birth) as
// the same day everywhere.
// Proves CL-11.
func TestLocaleFormats(t *testing.T) {
	t.Parallel()
	winter := time.Date(2026, 3, 2, 3, 30, 0, 0, time.UTC) // 1 March, 21:30 CST
	summer := time.Date(2026, 3, 9, 3, 5, 0, 0, time.UTC)  // 8 March, 22:05 CDT
	for _, tc := range []struct {
		format                 model.DateFormat
		date, clock, time, dst string
		day, label             string
	}{
		{model.DateUS, "03/01/2026", "9:30 PM", "03/01/2026, 9:30 PM", "03/08/2026, 10:05 PM", "04/17/1991", "United States: 04/17/1991, 3:30 PM"},
		{model.DateDayFirst, "01/03/2026", "21:30", "01/03/2026, 21:30", "08/03/2026, 22:05", "17/04/1991", "Day first (UK, Ireland, Australia): 17/04/1991, 15:30"},
		{model.DateISO, "2026-03-01", "21:30", "2026-03-01, 21:30", "2026-03-08, 22:05", "1991-04-17", "International (ISO 8601): 1991-04-17, 15:30"},
		{model.DateLong, "1 Mar 2026", "21:30", "1 Mar 2026, 21:30", "8 Mar 2026, 22:05", "17 Apr 1991", "Written month: 17 Apr 1991, 15:30"},
	} {
		t.Run(string(tc.format), func(t *testing.T) {
			l := model.NewLocale("America/Chicago", tc.format)
			if !tc.format.Valid() {
				t.Fatal("not valid")
			}
			for _, c := range []struct{ got, want string }{
				{l.Date(winter), tc.date}, {l.Clock(winter), tc.clock}, {l.Time(winter), tc.time}, {l.Time(summer), tc.dst},
				{l.Day("1991-04-17"), tc.day}, {tc.format.Label(), tc.label}, {model.LocalTime(winter, l), tc.time},
			} {
				if c.got != c.want {
					t.Errorf("got %q, want %q", c.got, c.want)
				}
			}
			for _, v := range []any{winter, "1991-04-17"} {
				got, err := model.LocalDate(v, l)
				if err != nil || (got != tc.date && got != tc.day) {
					t.Errorf("localDate %v: %q, %v", v, got, err)
				}
			}
		})
	}
}

// Issue 13, item 4: what has no date shows a dash; text that is not a date is shown as it is; a value
// that is neither a time nor a date is a template bug that fails the page instead of printing nonsense;
// the zero locale (a practice stored before the setting) is UTC in the US format.
func TestLocaleEdges(t *testing.T) {
	t.Parallel()
	l := model.NewLocale("Europe/London", model.DateDayFirst)
	for _, c := range []struct {
		v    any
		want string
	}{{time.Time{}, "—"}, {"", "—"}, {"not a date", "not a date"}, {"2026-02-30", "2026-02-30"}} {
		if got, err := model.LocalDate(c.v, l); err != nil || got != c.want {
			t.Errorf("localDate %#v: %q, %v; want %q", c.v, got, err, c.want)
		}
	}
	if got := model.LocalTime(time.Time{}, l); got != "—" {
		t.Errorf("localTime of nothing: %q", got)
	}
	if _, err := model.LocalDate(42, l); err == nil {
		t.Error("localDate took a number")
	}
	if got := (model.Locale{}).Time(time.Date(2026, 3, 2, 15, 4, 0, 0, time.UTC)); got != "03/02/2026, 3:04 PM" {
		t.Errorf("zero locale: %q", got)
	}
	if got := model.NewLocale("Nowhere/City", "").Date(time.Date(2026, 3, 2, 23, 0, 0, 0, time.UTC)); got != "03/02/2026" {
		t.Errorf("an unknown zone is UTC: %q", got)
	}
}

// Issue 13, items 4, 15 and 19, bad input: an unknown date format is refused with the formats named; a
// banner over 500 characters or a policy over 2,000 is refused with its length; a control character
// is refused; line breaks are kept (as \n) and the text is trimmed.
// Proves CL-11, PT-7.
func TestPracticeSettingsValidation(t *testing.T) {
	t.Parallel()
	base := model.PracticeSettings{Name: "Harbor", TimeZone: "America/Chicago", IdleTimeoutMinutes: 15, DateFormat: model.DateUS,
		LateNoteDays: model.DefaultLateNoteDays, PlanReviewNoticeDays: model.DefaultPlanReviewNoticeDays}
	for _, tc := range []struct {
		name  string
		edit  func(*model.PracticeSettings)
		field string
		want  string
	}{
		{"unknown format", func(s *model.PracticeSettings) { s.DateFormat = "mdy" }, "date_format", "us (04/17/1991), dmy (17/04/1991)"},
		{"no format", func(s *model.PracticeSettings) { s.DateFormat = "" }, "date_format", "Choose one of the date formats"},
		{"long banner", func(s *model.PracticeSettings) { s.PortalBanner = strings.Repeat("é", 501) }, "portal_banner", "at most 500 characters (this has 501)"},
		{"control character", func(s *model.PracticeSettings) { s.PortalBanner = "Closed\x00 Friday" }, "portal_banner", "plain text"},
		{"long policy", func(s *model.PracticeSettings) { s.CancellationPolicy = strings.Repeat("x", 2001) }, "cancellation_policy", "at most 2000 characters"},
		{"no late-note days", func(s *model.PracticeSettings) { s.LateNoteDays = 0 }, "late_note_days", "between 1 and 60 days"},
		{"plan review notice too early", func(s *model.PracticeSettings) { s.PlanReviewNoticeDays = 91 }, "plan_review_notice_days", "between 1 and 90 days"},
		{"fine", func(s *model.PracticeSettings) {
			s.PortalBanner, s.CancellationPolicy = strings.Repeat("é", 500), "  Cancel a day ahead.\r\nOr pay.\t "
		}, "", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := base
			tc.edit(&s)
			s.Normalize()
			err := s.Validate()
			var ve *model.ValidationError
			if tc.field == "" {
				if err != nil {
					t.Fatalf("refused: %v", err)
				}
				if s.CancellationPolicy != "Cancel a day ahead.\nOr pay." {
					t.Fatalf("normalized policy %q", s.CancellationPolicy)
				}
				return
			}
			if !errors.As(err, &ve) || !strings.Contains(ve.Fields[tc.field], tc.want) {
				t.Fatalf("got %v, want %s: …%s…", err, tc.field, tc.want)
			}
		})
	}
}
