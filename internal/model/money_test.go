package model

import "testing"

// Issue 16: money is integer cents; a rate typed as people write it parses without floats, and shows in
// the practice's locale.
// Proves PY-1.
func TestParseAndShowMoney(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]int64{"150": 15000, "150.00": 15000, "150.5": 15050, "$1,500.25": 150025, " 0.07 ": 7, ".5": 50, "0": 0,
		"999999.99": 99999999} {
		if got, msg := ParseMoney(in); msg != "" || got != want {
			t.Errorf("ParseMoney(%q) = %d, %q; want %d", in, got, msg, want)
		}
	}
	for _, in := range []string{"-1", "−5", "", "1.234", "abc", "1.", "1e3", "12.3.4"} {
		if _, msg := ParseMoney(in); msg == "" {
			t.Errorf("ParseMoney(%q) accepted", in)
		}
	}
	if _, msg := ParseMoney("-150.00"); msg != "An amount cannot be below 0." {
		t.Errorf("negative: %q", msg)
	}
	us, uk := Locale{Format: DateUS}, Locale{Format: DateDayFirst}
	for cents, want := range map[int64]string{15000: "$150.00", 7: "$0.07", 123456789: "$1,234,567.89", 100000: "$1,000.00"} {
		if got := us.Money(cents); got != want {
			t.Errorf("US Money(%d) = %q, want %q", cents, got, want)
		}
	}
	if got := uk.Money(150050); got != "1,500.50" {
		t.Errorf("day-first Money = %q", got)
	}
	if got := MoneyPlain(15005); got != "150.05" {
		t.Errorf("MoneyPlain = %q", got)
	}
}
