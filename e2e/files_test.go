package e2e

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"tend/internal/apptest"
	"tend/internal/model"
)

// Issue 17, item 6 (FL-1, PT-6, PT-7): in Chromium staff upload a PDF from the chart's Files tab, shared
// with the client, with the form alone (no script); a program renamed .pdf is refused next to the field;
// the client signs in to the portal, finds the file under Files and downloads it: the response is an
// attachment with the PDF's type, nosniff and a sandbox, and its bytes are the upload's (checked with
// fetch in the page, since a browser download is not readable here). axe-core checks the pages.
// Proves FL-1, PT-6, PT-7.
func TestFilesInTheBrowser(t *testing.T) {
	t.Parallel()
	h := apptest.New(t, testdbFor(t))
	ctx0 := context.Background()
	_, owner := h.Setup()
	first, last := "Mika", "Stone"
	c, err := h.App.Clients.Create(ctx0, apptest.As(owner), model.ClientChange{FirstName: &first, LastName: &last, AssignedClinicianID: &owner.ID})
	if err != nil {
		t.Fatal(err)
	}
	access := h.PortalUser(c, "", "mika@example.net", "Mika Stone", apptest.StrongPassword, model.AccessSelf, nil)
	dir := t.TempDir()
	handout := "%PDF-1.4\n% Breathing exercises for the week\n%%EOF\n"
	pdfPath, exePath := filepath.Join(dir, "Breathing handout.pdf"), filepath.Join(dir, "invoice.pdf")
	if err := os.WriteFile(pdfPath, []byte(handout), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(exePath, append([]byte("MZ\x90\x00\x03"), make([]byte, 700)...), 0o600); err != nil {
		t.Fatal(err)
	}

	ctx := browser(t)
	base := h.Server.URL
	chart := "/clients/" + c.ID
	signIn(t, ctx, base)
	run(t, ctx, "refusing a program renamed .pdf",
		chromedp.Navigate(base+chart+"?tab=files"),
		chromedp.WaitVisible(chromedp.CSS(`#f-file`)),
		chromedp.SetUploadFiles(chromedp.CSS(`#f-file`), []string{exePath}),
		chromedp.Click(chromedp.Search(`//button[.="Upload"]`)),
		chromedp.WaitVisible(chromedp.CSS(`#f-file-error`)),
	)
	mustContain(t, "the refusal", textOf(t, ctx, `#f-file-error`), "none of those")
	run(t, ctx, "uploading a PDF shared with the client",
		chromedp.Click(chromedp.Search(`//label[contains(., "Share with the client")]/input`)),
		chromedp.SetUploadFiles(chromedp.CSS(`#f-file`), []string{pdfPath}),
		chromedp.Click(chromedp.Search(`//button[.="Upload"]`)),
		chromedp.WaitVisible(chromedp.Search(`//a[.="Breathing handout.pdf"]`)),
	)
	mustContain(t, "the Files tab", textOf(t, ctx, `.files-table`), "Shared")
	staffPages := []string{chart + "?tab=files"}

	run(t, ctx, "signing in to the portal and opening Files",
		chromedp.Navigate(base+"/portal/login"),
		chromedp.WaitVisible(chromedp.CSS(`#f-email`)),
		chromedp.SendKeys(chromedp.CSS(`#f-email`), access.Email),
		chromedp.SendKeys(chromedp.CSS(`#f-password`), apptest.StrongPassword),
		chromedp.Click(chromedp.Search(`//button[.="Sign in"]`)),
		chromedp.WaitNotPresent(chromedp.CSS(`#f-password`)),
		chromedp.Navigate(base+"/portal/c/"+access.ID),
		chromedp.Click(chromedp.Search(`//a[.="Files"]`)),
		chromedp.WaitVisible(chromedp.Search(`//a[.="Breathing handout.pdf"]`)),
	)
	href := get(t, ctx, "the download link", chromedp.Evaluate[string](`document.querySelector('a[href$="/download"]').getAttribute('href')`))
	got := get(t, ctx, "downloading with fetch", chromedp.Evaluate[map[string]string](`fetch('`+href+`').then(async r => ({
		status: String(r.status), type: r.headers.get('content-type'), disposition: r.headers.get('content-disposition'),
		nosniff: r.headers.get('x-content-type-options'), csp: r.headers.get('content-security-policy'), body: await r.text()}))`,
		chromedp.EvalAwaitPromise))
	want := map[string]string{"status": "200", "type": "application/pdf", "nosniff": "nosniff", "csp": "default-src 'none'; sandbox", "body": handout}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("download %s = %q, want %q", k, got[k], v)
		}
	}
	if !strings.HasPrefix(got["disposition"], `attachment; filename="Breathing handout.pdf"`) {
		t.Errorf("download disposition = %q", got["disposition"])
	}
	for _, width := range []int{1280, 375} {
		run(t, ctx, "width", chromedp.EmulateViewport(int64(width), 800))
		for _, p := range append(staffPages, "/portal/c/"+access.ID+"/files") {
			checkWidth(t, ctx, base, p, width)
		}
	}
}
