package model

import (
	"strconv"
	"strings"
)

// Money is integer cents everywhere (issue 16): amounts are parsed and written with integer arithmetic
// only, never floats.

// ParseMoney reads an amount as people type it ("150", "150.00", "150.5", "$1,500.00") into cents. It
// returns a message for the person when the text is not an amount; a minus sign is refused with the
// "below 0" message, since no rate or fee is negative.
func ParseMoney(s string) (int64, string) {
	s = strings.TrimSpace(s)
	s = strings.TrimPrefix(s, "$")
	s = strings.TrimSpace(s)
	if strings.HasPrefix(s, "-") || strings.HasPrefix(s, "−") {
		return 0, "An amount cannot be below 0."
	}
	if s == "" {
		return 0, "Enter an amount, like 150 or 150.00."
	}
	whole, frac, hasDot := strings.Cut(s, ".")
	whole = strings.ReplaceAll(whole, ",", "")
	if whole == "" {
		whole = "0"
	}
	if !allDigits(whole) || (hasDot && (len(frac) == 0 || len(frac) > 2 || !allDigits(frac))) {
		return 0, "Write the amount in digits with at most two decimals, like 150 or 150.00."
	}
	if len(whole) > 12 {
		return 0, "The amount is too large."
	}
	units, err := strconv.ParseInt(whole, 10, 64)
	if err != nil {
		return 0, "Write the amount in digits with at most two decimals, like 150 or 150.00."
	}
	cents := int64(0)
	if frac != "" {
		if len(frac) == 1 {
			frac += "0"
		}
		c, err := strconv.ParseInt(frac, 10, 64)
		if err != nil {
			return 0, "Write the amount in digits with at most two decimals, like 150 or 150.00."
		}
		cents = c
	}
	return units*100 + cents, ""
}

func allDigits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return s != ""
}

// MoneyPlain writes cents as a plain decimal with two places ("150.00", "1500.00"), as a form field
// holds it.
func MoneyPlain(cents int64) string {
	sign := ""
	if cents < 0 {
		sign, cents = "-", -cents
	}
	return sign + strconv.FormatInt(cents/100, 10) + "." + twoDigits(cents%100)
}

// Money writes cents for people of this locale's practice: a US practice sees "$1,500.00"; practices
// that write dates another way (and may bill in another currency, which Tend does not record) see the
// amount with thousands separators and no currency sign, "1,500.00".
func (l Locale) Money(cents int64) string {
	sign := ""
	if cents < 0 {
		sign, cents = "-", -cents
	}
	units := strconv.FormatInt(cents/100, 10)
	var b strings.Builder
	for i, r := range units {
		if i > 0 && (len(units)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	out := b.String() + "." + twoDigits(cents%100)
	if l.Format == DateUS || l.Format == "" {
		return sign + "$" + out
	}
	return sign + out
}

func twoDigits(n int64) string {
	if n < 10 {
		return "0" + strconv.FormatInt(n, 10)
	}
	return strconv.FormatInt(n, 10)
}
