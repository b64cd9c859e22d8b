package messaging_test

import (
	"strings"
	"testing"

	"tend/internal/messaging"
)

// Proves MS-1: a message is plain text; only http and https addresses become links, with
// rel="noopener noreferrer nofollow"; HTML and javascript: addresses stay inert text.
func TestLinkifyIsSafe(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, in      string
		want, forbids []string
	}{
		{"https link", "See https://example.org/a?b=1&c=2.", []string{`<a href="https://example.org/a?b=1&amp;c=2" rel="noopener noreferrer nofollow">`, "</a>."}, nil},
		{"http link", "http://example.org", []string{`href="http://example.org"`}, nil},
		{"javascript", "javascript:alert(1) and JAVASCRIPT://x", []string{"javascript:alert(1)"}, []string{"<a", "href"}},
		{"html injection", `<script>alert(1)</script><img src=x onerror=alert(1)>`, []string{"&lt;script&gt;", "&lt;img"}, []string{"<script", "<img"}},
		{"quote breaks out", `https://example.org/"onmouseover="alert(1)`, []string{`href="https://example.org/"`}, []string{`"onmouseover="`}},
		{"data url", "data:text/html;base64,PHNjcmlwdD4=", nil, []string{"<a"}},
		{"bare scheme", "https:// alone", nil, []string{"<a"}},
	}
	for _, tt := range tests {
		got := string(messaging.Linkify(tt.in))
		for _, w := range tt.want {
			if !strings.Contains(got, w) {
				t.Errorf("%s: %q lacks %q", tt.name, got, w)
			}
		}
		for _, f := range tt.forbids {
			if strings.Contains(got, f) {
				t.Errorf("%s: %q contains %q", tt.name, got, f)
			}
		}
	}
}
