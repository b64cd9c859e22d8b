package model

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// foldSpecial spells out letters that do not decompose into a base letter and an accent.
var foldSpecial = strings.NewReplacer("ß", "ss", "æ", "ae", "œ", "oe", "ø", "o", "đ", "d", "ł", "l", "þ", "th", "ı", "i")

// Fold lowercases s and removes accents, so "José Müller" and "jose muller" match.
func Fold(s string) string {
	s = foldSpecial.Replace(strings.ToLower(s))
	var b strings.Builder
	for _, r := range norm.NFD.String(s) {
		if unicode.Is(unicode.Mn, r) {
			continue
		}
		b.WriteRune(r)
	}
	return norm.NFC.String(b.String())
}

// Digits keeps only the ASCII digits of s.
func Digits(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r >= '0' && r <= '9' {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// SearchText is what a client is found by (LS-2): chosen and legal names, email, phone digits and tags,
// folded; a group by its name, its members' names and its tags. Fields are separated by spaces, and search terms never contain one.
func SearchText(c Client) string {
	parts := []string{c.FirstName, c.LastName, c.LegalFirstName, c.LegalLastName, c.Email, PhoneDigits(c.Phone)}
	if c.Kind == KindGroup {
		// A group is found by its name or any member's name (issue 4).
		parts = append([]string{c.GroupName}, c.MemberNames...)
	}
	for _, t := range c.Tags {
		parts = append(parts, t.Name)
	}
	var out []string
	for _, p := range parts {
		if p = Fold(strings.TrimSpace(p)); p != "" {
			out = append(out, p)
		}
	}
	return strings.Join(out, " ")
}

// SortName orders clients by last name, then first name, the same way on every database.
func SortName(c Client) string {
	if c.Kind == KindGroup {
		return Fold(c.GroupName)
	}
	return Fold(c.LastName + " " + c.FirstName)
}

// phoneChars are the characters a phone number is written with.
const phoneChars = "0123456789+-().–/"

// SearchTerms splits a query into folded terms that must all match. A term of digits and phone
// punctuation ("(555) 01", "555-01") becomes its digits, so any formatting finds the number.
func SearchTerms(q string) []string {
	q = strings.ToValidUTF8(q, " ")
	q = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || unicode.Is(unicode.Cf, r) {
			return ' '
		}
		return r
	}, q)
	var terms []string
	for _, f := range strings.Fields(q) {
		if strings.ContainsAny(f, "0123456789") && strings.Trim(f, phoneChars) == "" {
			f = Digits(f)
		} else {
			f = Fold(f)
		}
		if f != "" && len(terms) < 8 {
			terms = append(terms, f)
		}
	}
	return terms
}
