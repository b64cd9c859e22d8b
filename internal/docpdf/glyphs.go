package docpdf

import (
	"strings"
	"unicode"

	"golang.org/x/image/font/sfnt"
)

// glyphs knows which characters the embedded font can draw.
type glyphs struct {
	font        *sfnt.Font
	buf         sfnt.Buffer
	replacement string // drawn instead of a character the font lacks
}

// newGlyphs reads the font's character map; the replacement is the first of □ (white square), � and ?
// that the font has, so a missing glyph shows as a visible mark rather than vanishing or failing the PDF.
func newGlyphs(ttf []byte) (*glyphs, error) {
	f, err := sfnt.Parse(ttf)
	if err != nil {
		return nil, err
	}
	g := &glyphs{font: f}
	for _, r := range []string{"\u25A1", "\uFFFD", "?"} {
		if g.has([]rune(r)[0]) {
			g.replacement = r
			break
		}
	}
	return g, nil
}

func (g *glyphs) has(r rune) bool {
	i, err := g.font.GlyphIndex(&g.buf, r)
	return err == nil && i != 0
}

// printable returns s with every character the font cannot draw replaced by the visible replacement.
// Line breaks and spaces stay; invisible joiners and variation selectors, which only shape the glyph
// before them, are dropped. A PDF must never fail on text Tend accepted: an emoji in an answer, a name
// in a script the font lacks.
func (g *glyphs) printable(s string) string {
	ok := true
	for _, r := range s {
		if r != '\n' && r != '\t' && !g.has(r) {
			ok = false
			break
		}
	}
	if ok {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == '\n' || r == '\t' || g.has(r):
			b.WriteRune(r)
		case r == 0x200C || r == 0x200D || unicode.Is(unicode.Variation_Selector, r) || unicode.Is(unicode.Mn, r):
			// shapes the character before it; nothing to draw on its own
		default:
			b.WriteString(g.replacement)
		}
	}
	return b.String()
}
