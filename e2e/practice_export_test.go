package e2e

import (
	"testing"

	"github.com/chromedp/chromedp"

	"tend/internal/apptest"
)

// Issue 18, item 3 (IM-2): in Chromium the owner finds Export under Settings, and the page's form
// downloads the practice archive, psychotherapy notes ticked: a zip attachment named after the practice
// (checked with fetch in the page, since a browser download is not readable here). axe-core and both
// widths check the page. Proves IM-2.
func TestPracticeExportInTheBrowser(t *testing.T) {
	t.Parallel()
	h := apptest.New(t, testdbFor(t))
	pr, _ := h.Setup()
	ctx := browser(t)
	base := h.Server.URL
	signIn(t, ctx, base)
	run(t, ctx, "finding Export in Settings",
		chromedp.Navigate(base+"/settings"),
		chromedp.Click(chromedp.Search(`//a[.="Export"]`)),
		chromedp.WaitVisible(chromedp.Search(`//h1[.="Export the practice"]`)),
		chromedp.Click(chromedp.Search(`//label[.="Include psychotherapy notes"]`)),
	)
	got := get(t, ctx, "downloading with the page's form", chromedp.Evaluate[map[string]string](`(async () => {
		const form = document.querySelector('form[action="/settings/export"]');
		const r = await fetch(form.action, {method: 'POST', body: new URLSearchParams(new FormData(form))});
		const b = new Uint8Array(await r.arrayBuffer());
		return {status: String(r.status), type: r.headers.get('content-type'), disposition: r.headers.get('content-disposition'),
			magic: String.fromCharCode(b[0], b[1]), ticked: String(document.querySelector('#psychotherapy_notes').checked)};
	})()`, chromedp.EvalAwaitPromise))
	want := map[string]string{"status": "200", "type": "application/zip", "magic": "PK", "ticked": "true"}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("download %s = %q, want %q", k, got[k], v)
		}
	}
	mustContain(t, "the download's name", got["disposition"], `attachment; filename="tend-`+pr.Slug+`-`)
	for _, width := range []int{1280, 375} {
		run(t, ctx, "width", chromedp.EmulateViewport(int64(width), 800))
		checkWidth(t, ctx, base, "/settings/export", width)
	}
}
