package reflections

import (
	"bytes"
	"html/template"

	"github.com/microcosm-cc/bluemonday"
	"github.com/yuin/goldmark"
)

// markdown turns a reflection's Markdown into HTML: CommonMark by goldmark, which leaves raw HTML out,
// then bluemonday's allow list, so only headings, paragraphs, lists, emphasis, quotes, code and links
// remain, whatever was typed. Links keep http, https and mailto only, get rel="nofollow noopener" and
// open in a new tab; images and every attribute but href are dropped.
type markdown struct {
	md     goldmark.Markdown
	policy *bluemonday.Policy
}

func newMarkdown() *markdown {
	p := bluemonday.NewPolicy()
	p.AllowElements("p", "br", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "em", "strong", "del",
		"blockquote", "code", "pre", "hr")
	p.AllowAttrs("href").OnElements("a")
	p.AllowURLSchemes("http", "https", "mailto")
	p.RequireParseableURLs(true)
	p.RequireNoFollowOnLinks(true)
	p.AddTargetBlankToFullyQualifiedLinks(true) // with rel="noopener"
	return &markdown{md: goldmark.New(), policy: p}
}

// render is the sanitized HTML of src; Markdown that goldmark cannot convert shows as escaped text.
func (m *markdown) render(src string) template.HTML {
	var b bytes.Buffer
	if err := m.md.Convert([]byte(src), &b); err != nil {
		return template.HTML("<p>" + template.HTMLEscapeString(src) + "</p>")
	}
	return template.HTML(m.policy.SanitizeBytes(b.Bytes())) // #nosec: sanitized by the allow list above
}
