package docpdf

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/bidi"
)

// rightToLeft reports whether a paragraph's first strong character is of a right-to-left script
// (Hebrew, Arabic, …): such a paragraph reads from the right.
func rightToLeft(para string) bool {
	for _, r := range para {
		switch p, _ := bidi.LookupRune(r); p.Class() {
		case bidi.L:
			return false
		case bidi.R, bidi.AL:
			return true
		}
	}
	return false
}

func isRTL(r rune) bool {
	p, _ := bidi.LookupRune(r)
	return p.Class() == bidi.R || p.Class() == bidi.AL
}

// visual puts one line, typed in logical order, into the left-to-right order fpdf draws in: runs of
// right-to-left text are reversed (numbers inside them keep their order) and, in a right-to-left
// paragraph, the runs themselves. It uses the Unicode bidirectional algorithm's levels; it does not
// shape: Arabic letters print in their isolated forms, unjoined.
func visual(line string, rtl bool) (out string) {
	if !strings.ContainsFunc(line, isRTL) {
		return line
	}
	defer func() {
		if recover() != nil {
			out = line // the bidi package failed on this line: logical order still shows every character
		}
	}()
	var p bidi.Paragraph
	text, opt := "\u200E"+line, bidi.DefaultDirection(bidi.LeftToRight) // a leading LRM pins the direction
	if rtl {
		text, opt = line, bidi.DefaultDirection(bidi.RightToLeft)
	}
	if _, err := p.SetString(text, opt); err != nil {
		return line
	}
	o, err := p.Order()
	if err != nil {
		return line
	}
	type piece struct {
		text string
		rtl  bool
	}
	runs := make([]piece, o.NumRuns())
	for i := range runs {
		r := o.Run(i)
		runs[i] = piece{strings.ReplaceAll(r.String(), "\u200E", ""), r.Direction() == bidi.RightToLeft}
	}
	var b strings.Builder
	emit := func(group []piece) { // a right-to-left group: the pieces in reverse, each RTL piece reversed
		for i := len(group) - 1; i >= 0; i-- {
			if group[i].rtl {
				b.WriteString(reverse(group[i].text))
			} else {
				b.WriteString(group[i].text)
			}
		}
	}
	if rtl {
		emit(runs)
		return b.String()
	}
	for i := 0; i < len(runs); {
		if !runs[i].rtl {
			b.WriteString(runs[i].text)
			i++
			continue
		}
		// Numbers between two right-to-left runs belong to them: "A 12 B" shows as "B 12 A".
		end := i
		for k := i + 1; k < len(runs) && (runs[k].rtl || !strings.ContainsFunc(runs[k].text, isStrongL)); k++ {
			if runs[k].rtl {
				end = k
			}
		}
		emit(runs[i : end+1])
		i = end + 1
	}
	return b.String()
}

func isStrongL(r rune) bool {
	p, _ := bidi.LookupRune(r)
	return p.Class() == bidi.L
}

// mirror turns round a paired character in right-to-left text.
func mirror(r rune) rune {
	const pairs = "()[]{}<>«»‹›"
	ps := []rune(pairs)
	for i, p := range ps {
		if p == r {
			return ps[i^1]
		}
	}
	return r
}

// reverse turns a right-to-left run round, keeping each combining mark after its base character.
func reverse(s string) string {
	var clusters [][]rune
	for _, r := range s {
		if n := len(clusters); n > 0 && unicode.In(r, unicode.Mn, unicode.Me) {
			clusters[n-1] = append(clusters[n-1], r)
			continue
		}
		clusters = append(clusters, []rune{mirror(r)})
	}
	var b strings.Builder
	for i := len(clusters) - 1; i >= 0; i-- {
		b.WriteString(string(clusters[i]))
	}
	return b.String()
}
