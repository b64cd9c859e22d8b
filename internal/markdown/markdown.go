// Package markdown turns the Markdown people type in Tend (reflections, treatment-plan narratives) into
// HTML that is safe to show: CommonMark by goldmark, which leaves raw HTML out, then a bluemonday allow
// list, so only the elements the policy names remain, whatever was typed. Links keep http, https and
// mailto only, get rel="nofollow noopener" and open in a new tab; images and every attribute but href
// are dropped.
package markdown

import (
	"bytes"
	"html/template"

	"github.com/microcosm-cc/bluemonday"
	"github.com/yuin/goldmark"
)

// Renderer converts Markdown to sanitized HTML. It is safe for concurrent use.
type Renderer struct {
	md     goldmark.Markdown
	policy *bluemonday.Policy
}

// New is the renderer of reflections: headings, paragraphs, lists, emphasis, strike-through, quotes,
// code, rules and links.
func New() *Renderer {
	return newRenderer("p", "br", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "em", "strong", "del",
		"blockquote", "code", "pre", "hr")
}

// NewPlan is the renderer of treatment-plan narratives, which are limited to headings, lists, emphasis
// and links (issue 15): a quote, code or a rule shows as its text alone.
func NewPlan() *Renderer {
	return newRenderer("p", "br", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "em", "strong")
}

func newRenderer(elements ...string) *Renderer {
	p := bluemonday.NewPolicy()
	p.AllowElements(elements...)
	p.AllowAttrs("href").OnElements("a")
	p.AllowURLSchemes("http", "https", "mailto")
	p.RequireParseableURLs(true)
	p.RequireNoFollowOnLinks(true)
	p.AddTargetBlankToFullyQualifiedLinks(true) // with rel="noopener"
	return &Renderer{md: goldmark.New(), policy: p}
}

// Render is the sanitized HTML of src; Markdown that goldmark cannot convert shows as escaped text.
func (r *Renderer) Render(src string) template.HTML {
	var b bytes.Buffer
	if err := r.md.Convert([]byte(src), &b); err != nil {
		return template.HTML("<p>" + template.HTMLEscapeString(src) + "</p>")
	}
	return template.HTML(r.policy.SanitizeBytes(b.Bytes())) // #nosec: sanitized by the allow list above
}
