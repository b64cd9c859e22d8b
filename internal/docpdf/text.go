package docpdf

import (
	"strings"
	"unicode"

	"github.com/go-pdf/fpdf"
)

// writer draws text on one PDF: each character in the first font that has it, lines wrapped by our own
// measure (fpdf's MultiCell cannot change font within a line), right-to-left runs put in visual order.
type writer struct {
	pdf          *fpdf.Fpdf
	fonts        *Fonts
	useFallbacks bool                 // false draws with the Go fonts alone (the retry after a fallback font failed)
	family       map[rune]string      // the font family each character is drawn with; "" when none has it
	added        map[string]*fontFile // fallback fonts added to this PDF, by family
	replacement  string               // drawn instead of a character no font has
}

func newWriter(pdf *fpdf.Fpdf, fonts *Fonts, useFallbacks bool) *writer {
	w := &writer{pdf: pdf, fonts: fonts, useFallbacks: useFallbacks, family: map[rune]string{}, added: map[string]*fontFile{}, replacement: "?"}
	if fonts.goCoverage().has('\u25A1') {
		w.replacement = "\u25A1" // □, white square
	}
	return w
}

// familyOf is the font family that draws r: "go" (the embedded Go font), a fallback font's family, added
// to this PDF on first use, or "" when no font has r.
func (w *writer) familyOf(r rune) string {
	if f, ok := w.family[r]; ok {
		return f
	}
	f := ""
	switch {
	case w.fonts.goCoverage().has(r):
		f = "go"
	case w.useFallbacks:
		if ff := w.fonts.fallback(r); ff != nil {
			if w.added[ff.family] == nil {
				w.pdf.AddUTF8FontFromBytes(ff.family, "", ff.data)
				w.added[ff.family] = ff
			}
			f = ff.family
		}
	}
	w.family[r] = f
	return f
}

// has reports whether the font of a family in this PDF has r.
func (w *writer) has(family string, r rune) bool {
	if family == "go" {
		return w.fonts.goCoverage().has(r)
	}
	return w.added[family] != nil && w.added[family].cov.has(r)
}

// setFont selects a family; a fallback font has only its regular face, so it prints bold text regular.
func (w *writer) setFont(family, style string, size float64) {
	switch family {
	case "go":
	case "":
		family = "go" // nothing of the cleaned text lacks a font; this is a guard
	default:
		style = ""
	}
	w.pdf.SetFont(family, style, size)
}

// clean splits s into paragraphs and makes every character printable: one no font has becomes the
// visible replacement, so a PDF never fails on text Tend accepted (an emoji in an answer, a name in a
// script no font covers). Tabs become spaces; invisible format characters (joiners, direction marks,
// variation selectors) and combining marks no font has are dropped, as they only shape their neighbour.
func (w *writer) clean(s string) []string {
	s = strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\r", "\n")
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == '\n':
			b.WriteRune(r)
		case r == '\t' || unicode.Is(unicode.Zs, r) && w.familyOf(r) == "":
			b.WriteByte(' ')
		case unicode.Is(unicode.Cf, r) || unicode.Is(unicode.Variation_Selector, r):
		case w.familyOf(r) != "":
			b.WriteRune(r)
		case unicode.In(r, unicode.Mn, unicode.Me):
		default:
			b.WriteString(w.replacement)
		}
	}
	return strings.Split(b.String(), "\n")
}

// run is a stretch of text drawn with one font.
type run struct {
	family, text string
}

func (w *writer) runs(s string) []run {
	var out []run
	for _, r := range s {
		f := w.familyOf(r)
		if unicode.In(r, unicode.Mn, unicode.Me) && len(out) > 0 && w.has(out[len(out)-1].family, r) {
			f = out[len(out)-1].family // a mark stays with its base when that font has it
		}
		if n := len(out); n > 0 && out[n-1].family == f {
			out[n-1].text += string(r)
			continue
		}
		out = append(out, run{f, string(r)})
	}
	return out
}

// width is the printed width of s in the current unit.
func (w *writer) width(style string, size float64, s string) float64 {
	total := 0.0
	for _, r := range w.runs(s) {
		w.setFont(r.family, style, size)
		total += w.pdf.GetStringWidth(r.text)
	}
	return total
}

// text draws s from the left margin down, wrapped to width with lines of height h; a paragraph that
// starts in a right-to-left script is set flush right.
func (w *writer) text(style string, size, h, width float64, s string) {
	for _, para := range w.clean(s) {
		rtl := rightToLeft(para)
		for _, line := range w.wrap(style, size, width, para) {
			w.line(style, size, h, width, "L", rtl, line)
		}
	}
}

// oneLine draws s centred on a single line, cut where it would wrap (the page footer).
func (w *writer) oneLine(style string, size, h, width float64, s string) {
	para := strings.Join(w.clean(s), " ")
	w.line(style, size, h, width, "C", rightToLeft(para), w.wrap(style, size, width, para)[0])
}

// token is a piece of a paragraph a line may break before.
type token struct {
	text  string
	space bool // a space stands before it
}

// tokens splits a paragraph at spaces and around CJK characters, which may break anywhere.
func tokens(para string) []token {
	var out []token
	var cur strings.Builder
	space := false
	flush := func() {
		if cur.Len() > 0 {
			out = append(out, token{cur.String(), space})
			cur.Reset()
			space = false
		}
	}
	for _, r := range para {
		switch {
		case r == ' ':
			flush()
			space = true
		case unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana) || r >= 0x3000 && r <= 0x303F || r >= 0xFF00 && r <= 0xFFEF:
			flush()
			out = append(out, token{string(r), space})
			space = false
		default:
			cur.WriteRune(r)
		}
	}
	flush()
	return out
}

// wrap breaks a paragraph into lines no wider than width, in logical (typed) order; a word longer than
// a line breaks between characters.
func (w *writer) wrap(style string, size, width float64, para string) []string {
	space := w.width(style, size, " ")
	var lines []string
	var cur strings.Builder
	curW := 0.0
	newLine := func() {
		lines = append(lines, cur.String())
		cur.Reset()
		curW = 0
	}
	for _, t := range tokens(para) {
		tw := w.width(style, size, t.text)
		gap := 0.0
		if cur.Len() > 0 && t.space {
			gap = space
		}
		if cur.Len() > 0 && curW+gap+tw > width {
			newLine()
			gap = 0
		}
		if gap > 0 {
			cur.WriteByte(' ')
			curW += gap
		}
		if tw <= width {
			cur.WriteString(t.text)
			curW += tw
			continue
		}
		for _, r := range t.text {
			rw := w.width(style, size, string(r))
			if cur.Len() > 0 && curW+rw > width {
				newLine()
			}
			cur.WriteRune(r)
			curW += rw
		}
	}
	return append(lines, cur.String())
}

// line draws one line in visual order and moves to the next; align "C" centres it, else a right-to-left
// paragraph's line is set flush right.
func (w *writer) line(style string, size, h, width float64, align string, rtl bool, s string) {
	runs := w.runs(visual(s, rtl))
	widths := make([]float64, len(runs))
	total := 0.0
	for i, r := range runs {
		w.setFont(r.family, style, size)
		widths[i] = w.pdf.GetStringWidth(r.text)
		total += widths[i]
	}
	left, _, _, _ := w.pdf.GetMargins()
	switch {
	case align == "C":
		w.pdf.SetX(left + max(width-total, 0)/2)
	case rtl:
		w.pdf.SetX(left + max(width-total, 0))
	default:
		w.pdf.SetX(left)
	}
	for i, r := range runs {
		w.setFont(r.family, style, size)
		w.pdf.CellFormat(widths[i], h, r.text, "", 0, "L", false, 0, "")
	}
	w.pdf.Ln(h)
}
