package e2e

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// axeTags are WCAG 2.0, 2.1 and 2.2 at levels A and AA as axe-core tags its rules.
var axeTags = []string{"wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"}

// axeScript runs in every new document after axe.min.js: it checks the page once it has loaded and
// reports through the tendAxeReport binding, and offers check() for a later state of the page. Checks
// run one after another (axe refuses to run twice at once); a page whose DOM has not changed since its
// last check is not checked again.
const axeScript = `(() => {
  if (window.__tendAxe || window !== window.top || !window.axe) return;
  const options = {runOnly: {type: 'tag', values: %s}, rules: {'target-size': {enabled: true}}, resultTypes: ['violations']};
  // Nothing is checked before the document has loaded: a half-parsed page is not the page.
  let chain = new Promise(done => document.readyState === 'complete' ? done() : addEventListener('load', () => done())), dirty = true, last = [];
  new MutationObserver(() => { dirty = true; }).observe(document, {subtree: true, childList: true, attributes: true, characterData: true});
  const once = () => {
    if (!dirty) return Promise.resolve(last);
    dirty = false;
    if (document.contentType !== 'text/html' || !document.body) return Promise.resolve([]);
    // A page script changing the DOM under axe can upset a run; one more run settles it.
    const run = () => axe.run(document, options);
    return run().catch(run).then(r => last = r.violations.map(v => ({
      rule: v.id, impact: v.impact || '', help: v.help,
      nodes: v.nodes.map(n => ({target: n.target.join(' '), html: n.html.slice(0, 160), summary: n.failureSummary || ''})),
    })));
  };
  // Each check resolves with the violations of the page as it is (the last run's when nothing changed).
  const check = () => chain = chain.then(once, once).then(vs => {
    if (vs.length && window.tendAxeReport) window.tendAxeReport({url: location.href, violations: vs});
    return vs;
  });
  window.__tendAxe = {check};
  check();
})();`

// axeViolation is one failed axe-core rule on one page, with the elements that fail it.
type axeViolation struct {
	Rule   string    `json:"rule"`
	Impact string    `json:"impact"`
	Help   string    `json:"help"`
	Nodes  []axeNode `json:"nodes"`
}

type axeNode struct {
	Target  string `json:"target"`
	HTML    string `json:"html"`
	Summary string `json:"summary"`
}

type axeReport struct {
	URL        string         `json:"url"`
	Violations []axeViolation `json:"violations"`
}

// axeChecker collects the violations axe-core finds in one test's browser, each rule and element once
// per page (the query string aside).
type axeChecker struct {
	mu    sync.Mutex
	seen  map[string]bool
	found []string
	rules map[string]bool // every rule that failed, for the test that plants violations
}

type axeKey struct{}

func (a *axeChecker) add(r axeReport) {
	a.mu.Lock()
	defer a.mu.Unlock()
	where := r.URL
	if u, err := url.Parse(r.URL); err == nil && u.Scheme != "data" {
		where = u.Path
	}
	for _, v := range r.Violations {
		a.rules[v.Rule] = true
		for _, n := range v.Nodes {
			key := where + "\x00" + v.Rule + "\x00" + n.Target
			if a.seen[key] {
				continue
			}
			a.seen[key] = true
			summary := strings.ReplaceAll(strings.TrimSpace(n.Summary), "\n", " ")
			a.found = append(a.found, fmt.Sprintf("%s: %s (%s, %s) at %s\n      %s\n      %s", where, v.Rule, v.Impact, v.Help, n.Target, n.HTML, summary))
		}
	}
}

// failed lists the rules that failed so far.
func (a *axeChecker) failed() []string {
	a.mu.Lock()
	defer a.mu.Unlock()
	var out []string
	for r := range a.rules {
		out = append(out, r)
	}
	slices.Sort(out)
	return out
}

// report fails the test with every violation found, once.
func (a *axeChecker) report(t testing.TB) {
	t.Helper()
	a.mu.Lock()
	defer a.mu.Unlock()
	if len(a.found) > 0 {
		t.Errorf("axe-core found %d WCAG 2.2 A/AA violation(s) on the pages this test visited:\n  %s", len(a.found), strings.Join(a.found, "\n  "))
	}
	a.found = nil
}

// axeSource reads axe.min.js from TEND_AXE_JS, else from where scripts/install-axe.sh puts it. Without
// it the check is skipped with a note, except under CI=true, where the test fails.
func axeSource(t *testing.T) string {
	t.Helper()
	path := os.Getenv("TEND_AXE_JS")
	if path == "" {
		if dir, err := os.UserCacheDir(); err == nil {
			path = filepath.Join(dir, "tend", "axe-core", "axe.min.js")
		}
	}
	b, err := os.ReadFile(path)
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("CI=true, but axe-core is missing (%v): run scripts/install-axe.sh and set TEND_AXE_JS to the path it prints", err)
		}
		t.Logf("accessibility checks skipped: axe-core is missing (%v); run scripts/install-axe.sh", err)
		return ""
	}
	return string(b)
}

// withAxe injects axe-core into every document the browser of ctx opens from now on, and returns a
// context that carries the checker for run's checks.
func withAxe(t *testing.T, ctx context.Context, src string) (context.Context, *axeChecker) {
	t.Helper()
	a := &axeChecker{seen: map[string]bool{}, rules: map[string]bool{}}
	tags, _ := json.Marshal(axeTags)
	script := src + ";\n" + fmt.Sprintf(axeScript, tags)
	err := chromedp.Do(ctx,
		chromedp.ExposeFunc("tendAxeReport", func(_ context.Context, r axeReport) (chromedp.Void, error) {
			a.add(r)
			return chromedp.Void{}, nil
		}),
		chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
			_, err := cdp.Call(ctx, tg, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: script})
			return err
		}),
	)
	if err != nil {
		t.Fatalf("injecting axe-core: %v", err)
	}
	return context.WithValue(ctx, axeKey{}, a), a
}

// checkAxe checks the page as it is now, unless nothing changed since its last check. A page that is
// navigating away cannot be checked: the next one is checked when it loads.
func checkAxe(t *testing.T, ctx context.Context) {
	t.Helper()
	a, _ := ctx.Value(axeKey{}).(*axeChecker)
	if a == nil {
		return
	}
	loc, _ := chromedp.Run(ctx, chromedp.Location())
	vs, err := chromedp.Run(ctx, chromedp.Evaluate[[]axeViolation](`window.__tendAxe ? window.__tendAxe.check() : []`, chromedp.EvalAwaitPromise))
	var exc *chromedp.ExceptionError
	if errors.As(err, &exc) {
		t.Fatalf("axe-core failed on %s: %v", loc, err)
	}
	if err == nil {
		a.add(axeReport{URL: loc, Violations: vs})
	}
}

// TestAxeFindsPlantedViolations proves the check can fail: a page with a tiny button beside another, an
// image without a text alternative and an unlabelled input fails it, naming each rule.
func TestAxeFindsPlantedViolations(t *testing.T) {
	t.Parallel()
	ctx, a := browserWithAxe(t, 90*time.Second)
	if a == nil {
		t.Skip("axe-core is not installed")
	}
	planted := `<!doctype html><html lang="en"><head><title>Planted</title></head><body><main><h1>Planted</h1>
<p><button style="width:14px;height:14px;padding:0;margin:0;font-size:8px">a</button><button style="width:14px;height:14px;padding:0;margin:0;font-size:8px">b</button></p>
<p><img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" width="20" height="20"></p>
<p><input type="text" name="nothing"></p></main></body></html>`
	run(t, ctx, "opening the planted page", chromedp.Navigate("data:text/html,"+url.PathEscape(planted)), chromedp.WaitVisible(chromedp.CSS(`main h1`)))
	for _, rule := range []string{"target-size", "image-alt", "label"} {
		if !slices.Contains(a.failed(), rule) {
			t.Errorf("axe-core did not report %s on the planted page; it reported %v", rule, a.failed())
		}
	}
	// The report fails a test: hand it a stand-in and look at what it said.
	rec := &errRecorder{TB: t}
	a.report(rec)
	if len(rec.msgs) != 1 || !strings.Contains(rec.msgs[0], "target-size") || !strings.Contains(rec.msgs[0], "image-alt") {
		t.Fatalf("the report of the planted page: %q", rec.msgs)
	}
}

// errRecorder stands in for a test to see what a failure would say.
type errRecorder struct {
	testing.TB
	msgs []string
}

func (r *errRecorder) Errorf(format string, args ...any) {
	r.msgs = append(r.msgs, fmt.Sprintf(format, args...))
}
func (r *errRecorder) Helper() {}
