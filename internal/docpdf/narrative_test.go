package docpdf

import (
	"reflect"
	"testing"
)

// A narrative's Markdown reads as plain paragraphs: headings marked, list items with their bullet or
// number and nesting, links with their address, entities and escapes resolved, raw HTML left out.
// Proves TP-1.
func TestNarrative(t *testing.T) {
	t.Parallel()
	got := narrative("# Summary\n\nWants to *feel* **steady**.\nNext line\\\nbroken.\n\n3. walk\n   - slowly\n   - [at noon](https://example.org)\n4. <mailto:a@example.org>\n\n" +
		"> quoted\n\n<div onclick=\"x()\">raw block</div>\n\nText &amp; \\*stars\\* `code` ![a picture](https://example.org/p.png)\n\n---\n\n    indented code\n")
	want := []mdBlock{
		{heading: true, text: "Summary"},
		{text: "Wants to feel steady. Next line\nbroken."},
		{level: 1, marker: "3.", text: "walk"},
		{level: 2, marker: "•", text: "slowly"},
		{level: 2, marker: "•", text: "at noon (https://example.org)"},
		{level: 1, marker: "4.", text: "mailto:a@example.org"},
		{level: 1, text: "quoted"},
		{text: "Text & *stars* code a picture"},
		{level: 1, text: "indented code"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("narrative:\n%+v\nwant\n%+v", got, want)
	}
}
