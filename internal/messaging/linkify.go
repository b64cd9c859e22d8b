package messaging

import (
	"html/template"
	"regexp"
	"strings"
)

// urlPattern finds web addresses in a message: only http and https, so "javascript:" and other schemes
// stay plain text.
var urlPattern = regexp.MustCompile(`(?i)\bhttps?://[^\s<>"'\x60]+`)

// Linkify is a plain-text message as HTML: everything escaped, line breaks kept by the page's CSS, and
// each http or https address turned into a link that opens without handing over the page
// (rel="noopener noreferrer nofollow"). Trailing punctuation stays outside the link.
func Linkify(body string) template.HTML {
	var b strings.Builder
	last := 0
	for _, m := range urlPattern.FindAllStringIndex(body, -1) {
		start, end := m[0], m[1]
		end = start + len(strings.TrimRight(body[start:end], ".,;:!?)]}"))
		if end-start <= len("https://") {
			continue
		}
		b.WriteString(template.HTMLEscapeString(body[last:start]))
		u := template.HTMLEscapeString(body[start:end])
		b.WriteString(`<a href="` + u + `" rel="noopener noreferrer nofollow">` + u + `</a>`)
		last = end
	}
	b.WriteString(template.HTMLEscapeString(body[last:]))
	return template.HTML(b.String()) // #nosec: every part above is escaped
}
