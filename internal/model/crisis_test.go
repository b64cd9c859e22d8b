package model

import (
	"strings"
	"testing"
)

// Issue 13, item 11 (TR-3): the default crisis text names the 988 Suicide & Crisis Lifeline for a US
// practice and local emergency help elsewhere; the practice's own wins; over 2,000 characters is refused
// with a message that says so.
func TestCrisisText(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		tz    string
		has   string
		hasnt string
	}{
		{"America/Chicago", "988 Suicide & Crisis Lifeline", "local emergency number"},
		{"America/Indiana/Indianapolis", "988", "local emergency number"},
		{"Pacific/Honolulu", "988", "local emergency number"},
		{"US/Eastern", "988", "local emergency number"},
		{"America/Toronto", "local emergency number", "988"},
		{"Europe/London", "local emergency number", "988"},
		{"", "local emergency number", "988"},
	} {
		t.Run(c.tz, func(t *testing.T) {
			got := Practice{TimeZone: c.tz}.CrisisResources()
			if !strings.Contains(got, c.has) || strings.Contains(got, c.hasnt) {
				t.Fatalf("default for %q: %q", c.tz, got)
			}
		})
	}
	if got := (Practice{TimeZone: "America/Chicago", CrisisText: "Call 555-0100."}).CrisisResources(); got != "Call 555-0100." {
		t.Fatalf("the practice's own text: %q", got)
	}
	for _, c := range []struct {
		text string
		ok   bool
	}{
		{"", true},
		{strings.Repeat("é", MaxCrisisText), true}, // characters, not bytes
		{strings.Repeat("a", MaxCrisisText+1), false},
	} {
		p := Problems{}
		ValidateCrisisText(p, "crisis_text", c.text)
		if msg := p["crisis_text"]; (msg == "") != c.ok || (!c.ok && !strings.Contains(msg, "2,000") && !strings.Contains(msg, "2,001")) {
			t.Fatalf("%d characters: %q", len([]rune(c.text)), msg)
		}
	}
	if got := CleanCrisisText("  Call us.\r\nOr 911.\r\n "); got != "Call us.\nOr 911." {
		t.Fatalf("cleaned: %q", got)
	}
}

// Issue 13, item 8 (DC-4): a scored item's points are its chosen option's index; other fields score nothing.
func TestItemPoints(t *testing.T) {
	t.Parallel()
	item := Field{ID: "item9", Kind: FieldSingle, Options: []string{"Not at all", "Several days", "More than half the days", "Nearly every day"}}
	for _, c := range []struct {
		scoring, answer string
		f               Field
		points          int
		ok              bool
	}{
		{ScoringPHQ9, "Nearly every day", item, 3, true},
		{ScoringPHQ9, "Not at all", item, 0, true},
		{ScoringPHQ9, "", item, 0, false},
		{"", "Nearly every day", item, 0, false},
		{ScoringPHQ9, "Very difficult", Field{ID: "difficulty", Kind: FieldSingle, Options: []string{"Not difficult at all", "Very difficult"}}, 0, false},
	} {
		if p, ok := ItemPoints(c.scoring, c.f, c.answer); p != c.points || ok != c.ok {
			t.Errorf("%s %s %q: %d %t, want %d %t", c.scoring, c.f.ID, c.answer, p, ok, c.points, c.ok)
		}
	}
	if ScoreMax(ScoringPHQ9) != 27 || ScoreMax(ScoringGAD7) != 21 || ScoreMax("") != 0 {
		t.Fatal("score maxima")
	}
}
