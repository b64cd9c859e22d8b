package e2e

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"tend/internal/apptest"
	"tend/internal/model"
)

// Issue 18, item 2 (IM-2): in Chromium the owner filters the client list by typing a search, and the
// Export CSV button follows the filter: its download (fetched in the page, since a browser download is
// not readable here) is a CSV attachment starting with a UTF-8 BOM, holding the matching client with
// the formula in her name neutralised and not the other client. On a chart the owner downloads the
// full record for a records request: a PDF attachment. axe-core checks the pages.
// Proves IM-2.
func TestExportsInTheBrowser(t *testing.T) {
	t.Parallel()
	h := apptest.New(t, testdbFor(t))
	ctx0 := context.Background()
	_, owner := h.Setup()
	str := func(s string) *string { return &s }
	c, err := h.App.Clients.Create(ctx0, apptest.As(owner), model.ClientChange{FirstName: str("=Wren"), LastName: str("Halloway"),
		AssignedClinicianID: &owner.ID})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := h.App.Clients.Create(ctx0, apptest.As(owner), model.ClientChange{FirstName: str("Otto"), LastName: str("Brandt")}); err != nil {
		t.Fatal(err)
	}

	ctx := browser(t)
	base := h.Server.URL
	signIn(t, ctx, base)
	run(t, ctx, "searching the client list",
		chromedp.Navigate(base+"/clients"),
		chromedp.WaitVisible(chromedp.CSS(`#export-csv`)),
		chromedp.SendKeys(chromedp.CSS(`#f-q`), "hallo"),
		chromedp.WaitVisible(chromedp.Search(`//a[@id="export-csv" and contains(@href, "q=hallo")]`)),
	)
	checkAxe(t, ctx)
	href := get(t, ctx, "the Export CSV link", chromedp.Evaluate[string](`document.querySelector('#export-csv').getAttribute('href')`))
	got := get(t, ctx, "downloading the CSV with fetch", chromedp.Evaluate[map[string]string](`fetch('`+href+`').then(async r => {
		const b = new Uint8Array(await r.arrayBuffer());
		return {status: String(r.status), type: r.headers.get('content-type'), disposition: r.headers.get('content-disposition'),
			bom: String(b[0] === 0xEF && b[1] === 0xBB && b[2] === 0xBF), body: new TextDecoder().decode(b)};
	})`, chromedp.EvalAwaitPromise))
	if got["status"] != "200" || got["type"] != "text/csv; charset=utf-8" || got["bom"] != "true" || !strings.HasPrefix(got["disposition"], "attachment;") {
		t.Fatalf("the CSV download: %v", got)
	}
	mustContain(t, "the CSV", got["body"], "'=Wren,Halloway")
	if strings.Contains(got["body"], "Brandt") {
		t.Error("the CSV holds a client the search left out")
	}

	run(t, ctx, "opening the chart",
		chromedp.Navigate(base+"/clients/"+c.ID),
		chromedp.WaitVisible(chromedp.CSS(`#record-pdf`)),
	)
	checkAxe(t, ctx)
	mustContain(t, "the records-request button", textOf(t, ctx, `#record-pdf`), "full record")
	href = get(t, ctx, "the record link", chromedp.Evaluate[string](`document.querySelector('#record-pdf').getAttribute('href')`))
	got = get(t, ctx, "downloading the record with fetch", chromedp.Evaluate[map[string]string](`fetch('`+href+`').then(async r => {
		const b = new Uint8Array(await r.arrayBuffer());
		return {status: String(r.status), type: r.headers.get('content-type'), disposition: r.headers.get('content-disposition'),
			head: new TextDecoder().decode(b.slice(0, 5))};
	})`, chromedp.EvalAwaitPromise))
	if got["status"] != "200" || got["type"] != "application/pdf" || got["head"] != "%PDF-" || !strings.Contains(got["disposition"], "client-record-") {
		t.Fatalf("the record download: %v", got)
	}
	run(t, ctx, "phone width", chromedp.EmulateViewport(375, 800))
	checkNarrow(t, ctx, base, "/clients")
}
