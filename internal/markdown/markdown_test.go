package markdown_test

import (
	"strings"
	"sync"
	"testing"

	"tend/internal/markdown"
)

// injections are what someone could type to run code in a reader's browser: the strings the document,
// client and reflection tests use, and the ways Markdown links and raw HTML carry them. Neither renderer
// may let any of them through.
var injections = []struct {
	name, in string
	forbids  []string
}{
	{"script tag", "<script>alert(1)</script>\n\nhello", []string{"<script", "alert(1)"}},
	{"inline script tag", "hello <script>alert(1)</script> there", []string{"<script", "</script"}},
	{"javascript link", "[click](javascript:alert(1))", []string{"javascript:", "href"}},
	{"javascript link, mixed case", "[click](JaVaScRiPt:alert(1))", []string{"avascript:", "href"}},
	{"javascript link, entity", "[click](&#106;avascript:alert(1))", []string{"avascript:", "href"}},
	{"data link", "[x](data:text/html;base64,PHNjcmlwdD4=)", []string{"data:", "href"}},
	{"vbscript link", "[x](vbscript:msgbox(1))", []string{"vbscript:", "href"}},
	{"image", "![pic](https://example.org/a.png)", []string{"<img"}},
	{"raw img with handler", `<img src=x onerror="alert(1)">`, []string{"<img", "onerror"}},
	{"raw svg with handler", `<svg onload="alert(1)"><circle r="1"/></svg>`, []string{"<svg", "onload"}},
	{"raw link with handler", `<a href="https://example.org" onclick="steal()">x</a>`, []string{"onclick", "steal"}},
	{"inline html in text", "a <b onmouseover=alert(1)>b</b>", []string{"onmouseover", "<b "}},
	{"iframe", "<iframe src=https://evil.example></iframe>", []string{"<iframe"}},
	{"style", "<style>body{display:none}</style>", []string{"<style", "display:none"}},
	{"autolink scheme", "<javascript:alert(1)>", []string{`href="javascript`}},
	{"attribute break-out", `[x](https://example.org/"onmouseover="alert(1))`, []string{`" onmouseover`, `"onmouseover="`}},
	{"sql and pdf text", "'; DROP TABLE charts; -- %PDF-1.4 ) \\ (", []string{"<script"}},
}

// Issue 14, item 5, and issue 15, item 1: Markdown with script or raw HTML is stripped, never executed,
// by either renderer; links with a script scheme are dropped.
// Proves PT-6, TP-1.
func TestInjectionsAreStripped(t *testing.T) {
	t.Parallel()
	for name, r := range map[string]*markdown.Renderer{"reflections": markdown.New(), "plans": markdown.NewPlan()} {
		for _, tt := range injections {
			got := string(r.Render(tt.in))
			for _, f := range tt.forbids {
				if strings.Contains(strings.ToLower(got), strings.ToLower(f)) {
					t.Errorf("%s, %s: %q contains %q", name, tt.name, got, f)
				}
			}
		}
	}
}

// Issue 15, item 1: a plan's narrative keeps headings, lists, emphasis and links; quotes, code and rules,
// which reflections allow, lose their markup in a plan but keep their words.
// Proves TP-1.
func TestPlanPolicy(t *testing.T) {
	t.Parallel()
	plan, refl := markdown.NewPlan(), markdown.New()
	src := "## Focus\n\n1. sleep\n2. *walks*, **daily**\n\n- [guide](https://example.org/guide)\n- [mail](mailto:a@example.org)\n\n" +
		"> quoted words\n\n`inline code`\n\n---\n\n    code block\n"
	got := string(plan.Render(src))
	for _, w := range []string{"<h2>Focus</h2>", "<ol>", "<li>sleep</li>", "<em>walks</em>", "<strong>daily</strong>", "<ul>",
		`href="https://example.org/guide"`, `rel="nofollow noopener"`, `target="_blank"`, `href="mailto:a@example.org"`,
		"quoted words", "inline code", "code block"} {
		if !strings.Contains(got, w) {
			t.Errorf("plan: %q lacks %q", got, w)
		}
	}
	for _, f := range []string{"<blockquote", "<code", "<pre", "<hr"} {
		if strings.Contains(got, f) {
			t.Errorf("plan: %q contains %q", got, f)
		}
	}
	got = string(refl.Render(src))
	for _, w := range []string{"<blockquote>", "<code>inline code</code>", "<pre><code>", "<hr"} {
		if !strings.Contains(got, w) {
			t.Errorf("reflections: %q lacks %q", got, w)
		}
	}
}

// One renderer serves every request at once.
// Proves TP-1, PT-6.
func TestConcurrentUse(t *testing.T) {
	t.Parallel()
	r := markdown.NewPlan()
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Go(func() {
			if got := string(r.Render("*x*")); got != "<p><em>x</em></p>\n" {
				t.Errorf("%d: %q", i, got)
			}
		})
	}
	wg.Wait()
}
