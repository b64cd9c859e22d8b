package plandiff

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/sergi/go-diff/diffmatchpatch"
)

// diffWords is the word-level diff of a and b. Each word, run of spaces and punctuation mark becomes one
// character (diff-match-patch's lines-to-characters trick, with tokens for lines), so the diff never
// splits a word; the diff runs without a deadline, so the result does not depend on the machine's speed;
// the semantic cleanup, on tokens, merges small equalities between edits into readable runs.
func diffWords(a, b string) []Span {
	t := tokenizer{index: map[string]int{}, tokens: []string{""}}
	ra, rb := t.runes(a), t.runes(b)
	dmp := diffmatchpatch.New()
	dmp.DiffTimeout = 0
	diffs := dmp.DiffMainRunes(ra, rb, false)
	diffs = dmp.DiffCleanupSemantic(diffs)
	diffs = dmp.DiffCharsToLines(diffs, t.tokens)
	spans := make([]Span, 0, len(diffs))
	for _, d := range diffs {
		op := Equal
		switch d.Type {
		case diffmatchpatch.DiffInsert:
			op = Insert
		case diffmatchpatch.DiffDelete:
			op = Delete
		}
		if d.Text == "" {
			continue
		}
		if n := len(spans); n > 0 && spans[n-1].Op == op { // the cleanup leaves none; a guard
			spans[n-1].Text += d.Text
			continue
		}
		spans = append(spans, Span{Op: op, Text: d.Text})
	}
	return spans
}

// tokenizer numbers the distinct tokens of the texts it reads; tokens[0] is unused, as in
// diff-match-patch's line array.
type tokenizer struct {
	index  map[string]int
	tokens []string
}

// runes is s as one character per token.
func (t *tokenizer) runes(s string) []rune {
	var out []rune
	for len(s) > 0 {
		n := tokenLen(s)
		tok := s[:n]
		s = s[n:]
		i, ok := t.index[tok]
		if !ok {
			i = len(t.tokens)
			t.tokens = append(t.tokens, tok)
			t.index[tok] = i
		}
		out = append(out, tokenRune(i))
	}
	return out
}

// tokenRune is the character that stands for token i, in the encoding DiffCharsToLines reads back
// (diff-match-patch's intToRune): the code points in order, skipping the surrogates, which are not
// characters, and the three before U+10000.
func tokenRune(i int) rune {
	switch {
	case i < 0xD800:
		return rune(i)
	case i < 0xF7FD:
		return rune(i + 0x800)
	default:
		return rune(i + 0x803)
	}
}

// tokenLen is the length in bytes of s's first token: a word (letters, digits and marks, joined by an
// inner apostrophe, hyphen, dot, slash or colon: "client's", "part-time", "PHQ-9", "F41.1",
// "2026-08-01"), a run of white space, or one other character.
func tokenLen(s string) int {
	r, n := firstRune(s)
	switch {
	case unicode.IsSpace(r):
		return n + runLen(s[n:], unicode.IsSpace)
	case wordRune(r):
		i := n
		for i < len(s) {
			i += runLen(s[i:], wordRune)
			if c, m := firstRune(s[i:]); strings.ContainsRune(joiners, c) && i+m < len(s) {
				if d, _ := firstRune(s[i+m:]); wordRune(d) {
					i += m
					continue
				}
			}
			break
		}
		return i
	}
	return n
}

// firstRune is s's first character and its length in bytes (1 for a byte that is not UTF-8).
// joiners join two words into one token when between them.
const joiners = "'’-‐./:"

func firstRune(s string) (rune, int) { return utf8.DecodeRuneInString(s) }

// runLen is the length in bytes of s's leading run of characters for which in is true.
func runLen(s string, in func(rune) bool) int {
	for i, r := range s {
		if !in(r) {
			return i
		}
	}
	return len(s)
}

func wordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r) }

// countWords counts the words of s (tokens with a letter or digit).
func countWords(s string) int {
	n := 0
	for len(s) > 0 {
		k := tokenLen(s)
		if r, _ := firstRune(s); wordRune(r) {
			n++
		}
		s = s[k:]
	}
	return n
}
