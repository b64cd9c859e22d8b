package docpdf

import (
	"fmt"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// mdBlock is one paragraph of a plan's narrative as the PDF prints it.
type mdBlock struct {
	heading bool   // printed bold
	level   int    // list and quote nesting, printed as an indent
	marker  string // "•" or "3." before a list item's first paragraph
	text    string
}

// narrative reads Markdown as the PDF prints it, from goldmark's syntax tree, never through HTML:
// headings, paragraphs and list items (with bullets or numbers) as plain text; emphasis as its words;
// links as "text (url)". Raw HTML, block or inline, is left out; an image shows its description.
func narrative(src string) []mdBlock {
	source := []byte(src)
	doc := goldmark.New().Parser().Parse(text.NewReader(source))
	var out []mdBlock
	var blocks func(n ast.Node, level int)
	blocks = func(n ast.Node, level int) {
		for c := n.FirstChild(); c != nil; c = c.NextSibling() {
			switch c := c.(type) {
			case *ast.Heading:
				out = append(out, mdBlock{heading: true, level: level, text: inline(c, source)})
			case *ast.Paragraph, *ast.TextBlock:
				out = append(out, mdBlock{level: level, text: inline(c, source)})
			case *ast.List:
				num := c.Start
				for item := c.FirstChild(); item != nil; item = item.NextSibling() {
					marker := "•"
					if c.IsOrdered() {
						marker = fmt.Sprintf("%d.", num)
						num++
					}
					first := len(out)
					blocks(item, level+1)
					if len(out) == first { // an empty item
						out = append(out, mdBlock{level: level + 1})
					}
					out[first].marker = marker
				}
			case *ast.Blockquote:
				blocks(c, level+1)
			case *ast.FencedCodeBlock, *ast.CodeBlock:
				var b strings.Builder
				lines := c.Lines()
				for i := range lines.Len() {
					seg := lines.At(i)
					b.Write(seg.Value(source))
				}
				out = append(out, mdBlock{level: level + 1, text: strings.TrimRight(b.String(), "\n")})
			case *ast.HTMLBlock, *ast.ThematicBreak:
			default:
				blocks(c, level)
			}
		}
	}
	blocks(doc, 0)
	return out
}

// inline is the text of a block's inline content. Raw HTML tags are left out, and so is what stands
// between an inline <script> or <style> and its end tag.
func inline(n ast.Node, source []byte) string {
	var b strings.Builder
	skip := ""
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		if skip != "" {
			if r, ok := c.(*ast.RawHTML); ok && strings.HasPrefix(rawHTML(r, source), "</"+skip) {
				skip = ""
			}
			continue
		}
		switch c := c.(type) {
		case *ast.Text:
			v := c.Segment.Value(source)
			if !c.IsRaw() {
				v = util.ResolveEntityNames(util.ResolveNumericReferences(util.UnescapePunctuations(v)))
			}
			b.Write(v)
			switch {
			case c.HardLineBreak():
				b.WriteByte('\n')
			case c.SoftLineBreak():
				b.WriteByte(' ')
			}
		case *ast.String:
			b.Write(c.Value)
		case *ast.Link:
			label, dest := inline(c, source), string(c.Destination)
			b.WriteString(label)
			if dest != "" && dest != label {
				b.WriteString(" (" + dest + ")")
			}
		case *ast.AutoLink:
			b.Write(c.URL(source))
		case *ast.RawHTML:
			for _, tag := range []string{"script", "style"} {
				if strings.HasPrefix(rawHTML(c, source), "<"+tag) {
					skip = tag
				}
			}
		default: // emphasis, code spans, an image's description
			b.WriteString(inline(c, source))
		}
	}
	return b.String()
}

// rawHTML is an inline HTML tag's source, in lower case.
func rawHTML(n *ast.RawHTML, source []byte) string {
	var b strings.Builder
	for i := range n.Segments.Len() {
		seg := n.Segments.At(i)
		b.Write(seg.Value(source))
	}
	return strings.ToLower(b.String())
}
