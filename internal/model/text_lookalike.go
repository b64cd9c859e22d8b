package model

import (
	"strings"
	"unicode"
)

// invisible reports whether r is a character that takes no room on screen and is not needed to write
// any language: format characters such as the zero-width space, the soft hyphen or the byte-order mark.
// The zero-width joiner and non-joiner stay allowed, as Persian, Indic scripts and emoji need them.
func invisible(r rune) bool {
	if r == 0x200C || r == 0x200D {
		return false
	}
	// Cf is the format characters; the others are default-ignorable fillers that render as nothing.
	return unicode.Is(unicode.Cf, r) || unicode.Is(unicode.Noncharacter_Code_Point, r) || r == 0x034F || r == 0x115F ||
		r == 0x1160 || r == 0x3164 || r == 0xFFA0
}

// scripts are the writing systems whose letters can stand in for each other in an address.
var scripts = []*unicode.RangeTable{unicode.Latin, unicode.Cyrillic, unicode.Greek, unicode.Armenian, unicode.Cherokee,
	unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Hangul, unicode.Arabic, unicode.Hebrew, unicode.Devanagari, unicode.Thai}

// mixesScripts reports whether s holds letters of more than one script: in an email address that is
// almost always a look-alike (a Cyrillic "а" in "аda@example.net"), not a real address.
func mixesScripts(s string) bool {
	var seen *unicode.RangeTable
	for _, r := range s {
		if !unicode.IsLetter(r) {
			continue
		}
		for _, t := range scripts {
			if unicode.Is(t, r) {
				if seen != nil && seen != t {
					return true
				}
				seen = t
				break
			}
		}
	}
	return false
}

// lookalikeEmail explains what is wrong with an email that could pass for another person's, or says "".
// The local part and each label of the domain are checked on their own, since an address may well be
// written in one script and hosted under a domain in another.
func lookalikeEmail(email string) string {
	for _, r := range email {
		if invisible(r) {
			return "Remove the invisible characters from the email address."
		}
	}
	local, domain, _ := strings.Cut(email, "@")
	for _, part := range append([]string{local}, strings.Split(domain, ".")...) {
		if mixesScripts(part) {
			return "This address mixes letters of different alphabets (such as a Cyrillic letter that looks Latin). Type it again as the person gave it."
		}
	}
	return ""
}
