package password

import (
	_ "embed"
	"fmt"
	"strings"
	"unicode/utf8"
)

// Length limits. The upper bound only guards against abuse; long passphrases are welcome.
const (
	MinLength = 10
	MaxLength = 1024
)

// Rule states the policy Check enforces, about whose password it is ("your" on a person's own forms,
// "their" when someone sets a temporary password for another). Every form's hint is made from it, so
// what a form says and what Check refuses cannot drift apart (issue 13, item 16).
func Rule(whose string) string {
	return fmt.Sprintf("At least %d characters, not a common password, and not %s name or email.", MinLength, whose)
}

// Hint is the hint under every field where people choose their own password, staff and clients alike.
func Hint() string {
	return Rule("your") + " A few unrelated words make a strong one you can remember."
}

//go:embed common.txt
var commonList string

var common = func() map[string]bool {
	m := map[string]bool{}
	for _, line := range strings.Split(commonList, "\n") {
		if line = strings.TrimSpace(line); line != "" && !strings.HasPrefix(line, "#") {
			m[strings.ToLower(line)] = true
		}
	}
	return m
}()

// Check returns a message for the person when pw does not meet the policy, or "" when it does.
// Other words the person is known by (their email, name, the practice name) may not be the password.
func Check(pw string, personal ...string) string {
	n := utf8.RuneCountInString(pw)
	switch {
	case n < MinLength:
		return fmt.Sprintf("Use at least %d characters. A few unrelated words make a strong password.", MinLength)
	case n > MaxLength:
		return fmt.Sprintf("Use at most %d characters.", MaxLength)
	}
	low := strings.ToLower(pw)
	if isCommon(low) || repetitive(low) {
		return "This password is too common and easy to guess. Choose another."
	}
	for _, p := range personal {
		p = strings.ToLower(strings.TrimSpace(p))
		if p != "" && (low == p || strings.ReplaceAll(low, " ", "") == strings.ReplaceAll(p, " ", "")) {
			return "Do not use your email or name as your password."
		}
	}
	return ""
}

// isCommon reports whether s is on the list, or is a listed word followed by digits or punctuation
// ("sunshine2024", "trustno1234" — trailing characters are dropped one at a time and each shorter form checked).
func isCommon(s string) bool {
	for {
		if common[s] {
			return true
		}
		if s == "" || !strings.ContainsRune("0123456789!.?@#$*_-", rune(s[len(s)-1])) {
			return false
		}
		s = s[:len(s)-1]
	}
}

// repetitive catches one character repeated, or a run along the alphabet, digits or a keyboard row.
func repetitive(s string) bool {
	r := []rune(s)
	same, up, down := true, true, true
	for i := 1; i < len(r); i++ {
		same = same && r[i] == r[0]
		up = up && r[i] == r[i-1]+1
		down = down && r[i] == r[i-1]-1
	}
	if same || up || down {
		return true
	}
	// A short unit said again and again ("abc123abc123", "blahblahblah").
	for n := 1; n <= len(r)/2; n++ {
		if len(r)%n == 0 && strings.Repeat(string(r[:n]), len(r)/n) == s {
			return true
		}
	}
	for _, row := range []string{"1234567890-=", "qwertyuiop[]", "asdfghjkl;'", "zxcvbnm,./", "qazwsxedcrfvtgbyhnujmikolp"} {
		if strings.Contains(row+row, s) || strings.Contains(reverse(row+row), s) {
			return true
		}
	}
	return false
}

func reverse(s string) string {
	r := []rune(s)
	for i, j := 0, len(r)-1; i < j; i, j = i+1, j-1 {
		r[i], r[j] = r[j], r[i]
	}
	return string(r)
}
