package model

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

// MaxCrisisText bounds the practice's crisis text (issue 13, item 11).
const MaxCrisisText = 2000

// The built-in crisis texts, shown to a client right after a questionnaire whose answers need a
// clinician's attention now (a PHQ-9 with item 9 above "Not at all"), while the practice has written none
// of its own. They say plainly that the practice may not read the answers at once: a client must never
// wait for a reply that can take a day.
const (
	crisisTextUS = "You do not have to wait for your next session. If you are thinking about harming yourself, " +
		"call or text 988 to reach the 988 Suicide & Crisis Lifeline, or chat at 988lifeline.org. It is free, " +
		"confidential and open day and night.\n\n" +
		"If you are in danger right now, call 911 or go to the nearest emergency room.\n\n" +
		"Your practice will see your answers, but may not read them right away."
	crisisTextElsewhere = "You do not have to wait for your next session. If you are thinking about harming yourself, " +
		"call a local crisis line or a doctor today.\n\n" +
		"If you are in danger right now, call your local emergency number or go to the nearest emergency department.\n\n" +
		"Your practice will see your answers, but may not read them right away."
)

// DefaultCrisisText is the crisis text of a practice in time zone tz that has written none: a US practice's
// names the 988 Suicide & Crisis Lifeline; others point to local emergency help, as Tend cannot know the
// right number everywhere.
func DefaultCrisisText(tz string) string {
	if inUSTimeZone(tz) {
		return crisisTextUS
	}
	return crisisTextElsewhere
}

// CrisisResources is what the practice's clients are shown after a flagged questionnaire: its own text, or
// the default for its time zone.
func (p Practice) CrisisResources() string {
	if p.CrisisText != "" {
		return p.CrisisText
	}
	return DefaultCrisisText(p.TimeZone)
}

// usZones are the IANA time zones of the United States and its territories (where 988 answers), with
// their older aliases. The practice has no country of its own; its time zone is the best sign of one.
var usZones = map[string]bool{
	"America/New_York": true, "America/Detroit": true, "America/Kentucky/Louisville": true, "America/Kentucky/Monticello": true,
	"America/Indiana/Indianapolis": true, "America/Indiana/Vincennes": true, "America/Indiana/Winamac": true,
	"America/Indiana/Marengo": true, "America/Indiana/Petersburg": true, "America/Indiana/Vevay": true,
	"America/Indiana/Tell_City": true, "America/Indiana/Knox": true, "America/Chicago": true, "America/Menominee": true,
	"America/North_Dakota/Center": true, "America/North_Dakota/New_Salem": true, "America/North_Dakota/Beulah": true,
	"America/Denver": true, "America/Boise": true, "America/Phoenix": true, "America/Los_Angeles": true,
	"America/Anchorage": true, "America/Juneau": true, "America/Sitka": true, "America/Metlakatla": true,
	"America/Yakutat": true, "America/Nome": true, "America/Adak": true, "Pacific/Honolulu": true,
	"America/Puerto_Rico": true, "America/St_Thomas": true, "Pacific/Guam": true, "Pacific/Saipan": true, "Pacific/Pago_Pago": true,
	"America/Indianapolis": true, "America/Fort_Wayne": true, "America/Louisville": true, "America/Knox_IN": true,
	"America/Shiprock": true, "Navajo": true, "America/Atka": true, "America/Virgin": true, "Pacific/Samoa": true,
}

// inUSTimeZone reports whether tz is a time zone of the United States or its territories.
func inUSTimeZone(tz string) bool {
	return usZones[tz] || strings.HasPrefix(tz, "US/")
}

// CleanCrisisText trims the text and makes its line ends "\n", as a browser's textarea sends "\r\n".
func CleanCrisisText(s string) string {
	return strings.TrimSpace(strings.ReplaceAll(s, "\r\n", "\n"))
}

// ValidateCrisisText checks the practice's crisis text; "" is allowed and means the default.
func ValidateCrisisText(p Problems, field, s string) {
	if n := utf8.RuneCountInString(s); n > MaxCrisisText {
		p.Add(field, "Use at most 2,000 characters (this text has "+formatCount(n)+"). Clients read it at a hard moment: keep it short.")
	}
}

// formatCount writes n with thousands separators, as people read it.
func formatCount(n int) string {
	digits := strconv.Itoa(n)
	var b strings.Builder
	for i, d := range digits {
		if i > 0 && (len(digits)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(d)
	}
	return b.String()
}
